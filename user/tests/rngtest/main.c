/*
 * rngtest: virtio-rng, the first real driver, under the Reincarnation
 * Server (boot with `run=rngtest`; etc/services.conf starts pci and
 * virtio-rng).
 *   read      random bytes come back, and two reads differ
 *   bad       malformed requests (no bytes, too many, a grant too small,
 *             no grant) get errors; the driver keeps serving, same instance
 *   crash     a client reading in a loop sees no failure while the driver
 *             is crashed; it is RUNNING again as a new instance, and the
 *             statistics show the crash, its cause and the restart time
 *   hang      a hung driver is found within two heartbeat periods, killed
 *             and restarted, while the client's reads carry on
 *   wildwrite a wild write kills the driver with a fault, nothing else;
 *             it is restarted
 *   exit      a driver that exits is restarted (cause: exit)
 *   pci       pci lists the device as held by virtio-rng; a process that
 *             is no driver can neither claim a device nor reach a
 *             configuration space
 *   pcicrash  pci crashes and comes back knowing who holds what; a
 *             virtio-rng restarted after it claims its device again
 *   clients   several clients at once, one of them killed while waiting,
 *             are all served in turn by one instance (clients.c)
 *
 * Usage: rngtest [TEST] (`rngtest reader EP N` is the clients test's
 * child); `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`; exits with the number that failed.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/pci.h>
#include <xinim/proto/rng.h>
#include "rngtest.h"

#define HEARTBEAT_MS 250 /* virtio-rng's period in etc/services.conf */
#define WAIT_MS 5000
#define LOOP_READS 300
#define LOOP_FAULT_AT 100

static const char *
t_read(void)
{
	uint8_t a[64], b[64];
	int ra, rb, zero = 0;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	ra = rng_read(a, sizeof(a));
	rb = rng_read(b, sizeof(b));
	if (ra != (int)sizeof(a) || rb != (int)sizeof(b)) {
		return testrun_why("reads returned %d and %d", ra, rb);
	}
	for (size_t i = 0; i < sizeof(a); i++) {
		zero += a[i] == 0;
	}
	if (memcmp(a, b, sizeof(a)) == 0 || zero > 16) {
		return "the bytes do not look random";
	}
	printf("rngtest: %02x%02x%02x%02x%02x%02x%02x%02x...\n", a[0], a[1], a[2], a[3], a[4], a[5],
	    a[6], a[7]);
	return NULL;
}

static const char *
t_bad(void)
{
	static uint8_t big[RNG_READ_MAX + 1];
	struct rs_svc_status a, b;
	int r[5];

	if (rs_wait_state(RNG_SERVICE, RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "virtio-rng is not RUNNING";
	}
	r[0] = rng_read_raw(a.ep, big, 16, 0);
	r[1] = rng_read_raw(a.ep, big, sizeof(big), RNG_READ_MAX + 1);
	r[2] = rng_read_raw(a.ep, big, 16, 64);
	r[3] = rng_read_raw(a.ep, big, 0, 64);
	r[4] = rng_read_raw(a.ep, big, RNG_READ_MAX, RNG_READ_MAX);
	if (r[0] >= 0 || r[1] >= 0 || r[2] >= 0 || r[3] >= 0) {
		return testrun_why("bad requests answered %d %d %d %d", r[0], r[1], r[2], r[3]);
	}
	if (r[4] != RNG_READ_MAX) {
		return testrun_why("a read of %d bytes returned %d", RNG_READ_MAX, r[4]);
	}
	if (rs_status(RNG_SERVICE, &b) != 0 || b.ep != a.ep || b.crashes != a.crashes) {
		return "the driver did not survive bad requests";
	}
	return NULL;
}

/* Reads in a loop with fault injected part way; the driver must come
 * back as a new instance with the crash counted under cause. */
static const char *
fault_under_load(unsigned fault, unsigned cause, struct rs_svc_status *before,
    struct rs_svc_status *after)
{
	int at = -1, err;

	if (rs_wait_state(RNG_SERVICE, RS_RUNNING, ENDPOINT_ANY, WAIT_MS, before) != 0) {
		return "virtio-rng is not RUNNING";
	}
	err = rng_read_loop(LOOP_READS, LOOP_FAULT_AT, fault, 32, &at);
	if (err != 0) {
		return testrun_why("read %d of %d failed: %d", at, LOOP_READS, err);
	}
	if (rs_wait_state(RNG_SERVICE, RS_RUNNING, before->ep, WAIT_MS, after) != 0) {
		return "virtio-rng did not come back as a new instance";
	}
	if (after->crashes != before->crashes + 1 || after->cause != cause ||
	    after->last_crash == 0) {
		return testrun_why("crashes %u -> %u, cause %u (want %u)", before->crashes,
		    after->crashes, after->cause, cause);
	}
	return NULL;
}

static const char *
t_crash(void)
{
	struct rs_svc_status a, b;
	const char *why = fault_under_load(RS_FAULT_CRASH, RS_CAUSE_CRASH, &a, &b);

	if (why == NULL) {
		printf("rngtest: %d reads, none failed; virtio-rng ep %d -> %d, restarted in "
		       "%lu us\n",
		    LOOP_READS, a.ep, b.ep, (unsigned long)(b.latency / 1000));
	}
	return why;
}

static const char *
t_hang(void)
{
	struct rs_svc_status a, b;
	uint64_t t0 = clock_now_ns();
	const char *why = fault_under_load(RS_FAULT_HANG, RS_CAUSE_HANG, &a, &b);

	if (why != NULL) {
		return why;
	}
	if (b.hb_misses != a.hb_misses + 1) {
		return testrun_why("heartbeat misses %u -> %u", a.hb_misses, b.hb_misses);
	}
	if (b.last_crash - t0 > 2 * HEARTBEAT_MS * 1000000ULL + 100000000ULL) {
		return testrun_why("hang found %lu ms after the fault",
		    (unsigned long)((b.last_crash - t0) / 1000000));
	}
	printf("rngtest: hang found after %lu ms\n",
	    (unsigned long)((b.last_crash - t0) / 1000000));
	return NULL;
}

static const char *
t_wildwrite(void)
{
	struct rs_svc_status a, b;

	return fault_under_load(RS_FAULT_WILD_WRITE, RS_CAUSE_CRASH, &a, &b);
}

static const char *
t_exit(void)
{
	struct rs_svc_status a, b;

	return fault_under_load(RS_FAULT_EXIT, RS_CAUSE_EXIT, &a, &b);
}

/* The holder pci lists for the virtio-rng device ("" if free), or NULL
 * (why in *err) when pci does not list exactly one. */
static const char *
rng_holder(char holder[RS_NAME_LEN + 1], int *err)
{
	struct message m;
	int found = 0;

	for (uint64_t i = 0;; i = m.m_arg[6]) {
		m = (struct message){ .m_type = PCI_LIST, .m_arg[0] = i };
		*err = ds_call("pci", &m);
		*err = *err != 0 ? *err : (int)(int64_t)m.m_arg[0];
		if (*err != 0) {
			return NULL;
		}
		if ((m.m_arg[2] & 0xffffffff) == (0x1af4 | 0x1044u << 16)) {
			if (rs_name_unpack(&m, 3, holder) != 0) {
				holder[0] = '\0';
			}
			found++;
		}
		if (m.m_arg[6] == 0) {
			break;
		}
	}
	*err = found;
	return found == 1 ? holder : NULL;
}

static const char *
t_pci(void)
{
	char holder[RS_NAME_LEN + 1];
	struct message m;
	int err;

	if (rng_holder(holder, &err) == NULL) {
		return testrun_why("PCI_LIST: %d", err);
	}
	if (strcmp(holder, RNG_SERVICE) != 0) {
		return testrun_why("the virtio-rng device is held by '%s'", holder);
	}
	m = (struct message){ .m_type = PCI_CLAIM };
	err = ds_call("pci", &m);
	err = err != 0 ? err : (int)(int64_t)m.m_arg[0];
	if (err != -EPERM) {
		return testrun_why("PCI_CLAIM from a non-driver: %d", err);
	}
	m = (struct message){ .m_type = PCI_CONF_READ, .m_arg = { 0, 4 } };
	err = ds_call("pci", &m);
	err = err != 0 ? err : (int)(int64_t)m.m_arg[0];
	if (err != -EPERM) {
		return testrun_why("PCI_CONF_READ from a non-holder: %d", err);
	}
	return NULL;
}

/* pci itself crashes: its new instance still knows who holds what (its
 * checkpoint), and a virtio-rng restarted afterwards claims its device
 * from the new pci and serves again. */
static const char *
t_pcicrash(void)
{
	char holder[RS_NAME_LEN + 1];
	struct rs_svc_status p, r;
	uint8_t buf[32];
	int err;

	if (rs_wait_state("pci", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &p) != 0 ||
	    rs_wait_state(RNG_SERVICE, RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &r) != 0) {
		return "pci and virtio-rng are not RUNNING";
	}
	if (rs_fault("pci", RS_FAULT_CRASH) != 0 ||
	    rs_wait_state("pci", RS_RUNNING, p.ep, WAIT_MS, &p) != 0) {
		return "pci did not come back";
	}
	if (rng_holder(holder, &err) == NULL || strcmp(holder, RNG_SERVICE) != 0) {
		return testrun_why("after pci's restart the device is held by '%s' (%d)",
		    err == 1 ? holder : "?", err);
	}
	if (rs_fault(RNG_SERVICE, RS_FAULT_CRASH) != 0 ||
	    rs_wait_state(RNG_SERVICE, RS_RUNNING, r.ep, WAIT_MS, &r) != 0) {
		return "virtio-rng did not come back";
	}
	err = rng_read(buf, sizeof(buf));
	if (err != (int)sizeof(buf)) {
		return testrun_why("a read after both restarts returned %d", err);
	}
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "read", t_read },
	{ "bad", t_bad },
	{ "crash", t_crash },
	{ "hang", t_hang },
	{ "wildwrite", t_wildwrite },
	{ "exit", t_exit },
	{ "pci", t_pci },
	{ "pcicrash", t_pcicrash },
	{ "clients", rng_t_clients },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "reader") == 0) {
		return rng_reader(argc, argv);
	}
	return testrun_table("rngtest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
