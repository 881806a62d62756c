/*
 * rngtest clients: several clients at once.  CLIENTS child processes
 * (rngtest itself, as `rngtest reader EP N`) each make N reads of
 * different sizes straight to the driver, so that requests from all of
 * them wait in the driver's FIFO together; each must get exactly the
 * bytes it asked for, and the driver must still be the same instance.
 * One more child asks and is killed before its answer comes: the driver
 * answers the others regardless.
 */
#include <libsys/clock.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <stdlib.h>
#include "rngtest.h"

#define CLIENTS 4
#define READS 50
#define CHILD_NS 20000000000ULL /* 20 s for one child's reads */

int
rng_reader(int argc, char **argv)
{
	static uint8_t buf[1024];
	endpoint_t ep;
	int n, r;
	size_t len;

	if (argc != 4) {
		return 2;
	}
	ep = (endpoint_t)atoi(argv[2]);
	n = atoi(argv[3]);
	for (int i = 0; i < n; i++) {
		len = 1 + (size_t)(i * 97 + ep) % sizeof(buf);
		r = rng_read_raw(ep, buf, len, len);
		if (r != (int)len) {
			printf("rngtest reader: read %d of %zu bytes returned %d\n", i, len, r);
			return 1;
		}
	}
	return 0;
}

/* Starts `rngtest reader EP n` with our own rights minus the devices. */
static endpoint_t
start_reader(endpoint_t ep, int n)
{
	struct priv_desc pd;
	char eps[16], ns[16];
	char *argv[] = { "rngtest", "reader", eps, ns, NULL };

	testrun_priv(&pd);
	pd.pd_kcalls |= 1ULL << KC_GRANT_CREATE | 1ULL << KC_GRANT_REVOKE;
	snprintf(eps, sizeof(eps), "%d", ep);
	snprintf(ns, sizeof(ns), "%d", n);
	return spawn_boot("rngtest", argv, &pd);
}

const char *
rng_t_clients(void)
{
	struct rs_svc_status a, b;
	endpoint_t kids[CLIENTS], quitter;
	struct exit_info ei;
	bool ok = true;

	if (rs_wait_state(RNG_SERVICE, RS_RUNNING, ENDPOINT_ANY, 5000, &a) != 0) {
		return "virtio-rng is not RUNNING";
	}
	quitter = start_reader(a.ep, 1000);
	for (int i = 0; i < CLIENTS; i++) {
		kids[i] = start_reader(a.ep, READS);
	}
	if (quitter >= 0) {
		clock_sleep_ms(5);
		kc_proc_kill(quitter);
		spawn_wait(quitter, &ei);
	}
	for (int i = 0; i < CLIENTS; i++) {
		ok = testrun_collect("clients", kids[i], CHILD_NS) && ok;
	}
	if (!ok) {
		return "a client's reads failed";
	}
	if (rs_status(RNG_SERVICE, &b) != 0 || b.ep != a.ep || b.crashes != a.crashes) {
		return "the driver did not survive its clients";
	}
	printf("rngtest: %d clients, %d reads each, all served\n", CLIENTS, READS);
	return NULL;
}
