/*
 * rsbench: how long a driver restart takes, as a client sees it.  It
 * crashes virtio-rng CRASHES times through rs (RS_FAULT) and times each
 * one from the fault request to the first random bytes served by the
 * new instance, then prints the median:
 *   RESULT rs_restart_ms <median> ms
 * etc/services.conf gives virtio-rng `retry_interval 0` and no retry
 * limit, so that backoff does not enter the figure.  Run it with
 * `make run APPEND="run=rsbench"` (or scripts/bench-rs.sh); it exits 0
 * when every restart was served.
 *
 * The client polls: it asks ds for the driver's endpoint until ds has
 * the new one, then asks that endpoint for bytes, pausing POLL_NS
 * between tries so that it does not take the CPU from the restart it
 * is timing.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <stdlib.h>
#include <xinim/errno.h>
#include <xinim/proto/rng.h>

#define SERVICE "virtio-rng"
#define CRASHES 100
#define POLL_NS 100000ULL        /* 0.1 ms between tries */
#define GIVE_UP_NS 5000000000ULL /* one restart may take at most 5 s */
#define SETTLE_NS 20000000ULL    /* pause between rounds */

static uint64_t times[CRASHES];

/* One RNG_READ of a few bytes straight to ep: 0 when served. */
static int
read_from(endpoint_t ep)
{
	static uint8_t buf[16];
	struct message m = { .m_type = RNG_READ, .m_arg[1] = sizeof(buf) };
	int64_t g = kc_grant_create(ep, buf, sizeof(buf), GRANT_WRITE);
	int err;

	if (g < 0) {
		return (int)g;
	}
	m.m_arg[0] = (uint64_t)g;
	err = ipc_call(ep, &m);
	kc_grant_revoke(g);
	if (err != 0) {
		return err;
	}
	return (int64_t)m.m_arg[0] == (int64_t)sizeof(buf) ? 0 : -EIO;
}

/* Crashes the driver running at old and waits until a new instance
 * serves bytes: the time that took, or 0 on failure. */
static uint64_t
one_restart(endpoint_t old, endpoint_t *now_ep)
{
	uint64_t t0 = clock_now_ns(), t;
	endpoint_t ep;

	if (rs_fault(SERVICE, RS_FAULT_CRASH) != 0) {
		printf("rsbench: rs refused the fault\n");
		return 0;
	}
	do {
		ep = ds_lookup(SERVICE);
		if (ep >= 0 && ep != old && read_from(ep) == 0) {
			t = clock_now_ns();
			*now_ep = ep;
			return t - t0 > 0 ? t - t0 : 1;
		}
		clock_sleep_ns(POLL_NS);
	} while (clock_now_ns() - t0 < GIVE_UP_NS);
	printf("rsbench: no new instance served within %lu ms\n",
	    (unsigned long)(GIVE_UP_NS / 1000000));
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ns as milliseconds with two decimals (no floating point here). */
static void
print_ms(const char *label, uint64_t ns)
{
	printf("%s%lu.%02lu", label, (unsigned long)(ns / 1000000),
	    (unsigned long)(ns / 10000 % 100));
}

int
main(void)
{
	struct rs_svc_status st;
	endpoint_t ep;

	if (rs_wait_state(SERVICE, RS_RUNNING, ENDPOINT_ANY, 5000, &st) != 0) {
		printf("rsbench: %s is not running\n", SERVICE);
		return 1;
	}
	ep = st.ep;
	for (int i = 0; i < CRASHES; i++) {
		times[i] = one_restart(ep, &ep);
		if (times[i] == 0) {
			printf("rsbench: restart %d failed\n", i + 1);
			return 1;
		}
		clock_sleep_ns(SETTLE_NS);
	}
	qsort(times, CRASHES, sizeof(uint64_t), cmp_u64);
	print_ms("rsbench: restart times: min ", times[0]);
	print_ms(" ms, p90 ", times[CRASHES * 9 / 10]);
	print_ms(" ms, max ", times[CRASHES - 1]);
	printf(" ms, %d crashes\n", CRASHES);
	if (rs_status(SERVICE, &st) == 0) {
		printf("rsbench: rs counted %u crashes, last restart %lu us\n", st.crashes,
		    (unsigned long)(st.latency / 1000));
	}
	print_ms("RESULT rs_restart_ms ", times[CRASHES / 2]);
	printf(" ms\n");
	return 0;
}
