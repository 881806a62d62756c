/*
 * rstest: the live Reincarnation Server, driven through its protocol,
 * with the services of etc/services-test.conf (boot with
 * `rsconf=etc/services-test.conf run=rstest`).
 *   crash     a crashed testsvc is RUNNING again as a new instance, and
 *             its statistics show the crash and its cause
 *   preserve  testsvc's checkpointed counter survives a crash, and a
 *             checkpoint with a lying size is refused without harm
 *   told      `dependent` was told of testsvc's new endpoint
 *   hang      a hung testsvc is found within two heartbeat periods,
 *             killed and restarted
 *   wild      a wild write (a store into the kernel's half) ends testsvc
 *             with a page fault, which rs records as a crash and restarts
 *   exit      testsvc exiting on its own (status 1) is restarted, the
 *             cause recorded as an exit
 *   timer     libdriver's timers fire on time while the heartbeats go
 *             on (timer.c)
 *   failed    `crasher` (crashes on every start) is FAILED after its
 *             max_retries, while the others keep running
 *   stopstart `dependent` stopped, started and restarted on request
 *   dscall    a client calling testsvc by name through ds_call() sees no
 *             failure while testsvc is crashed (dscall.c)
 *   dsnames   ds follows `dependent` through stop, start and restart;
 *             FAILED `crasher` is not published
 *   nostall   rs never blocks on a hung service: with `dependent` hung
 *             and not yet detected, a second fault for it and the news
 *             of testsvc's new endpoint leave rs answering at once, and
 *             both come back; requests rs must refuse are refused
 *   adddep    RS_ADD_DEP refuses a repeat, a cycle, an unknown name and a
 *             service on itself; `watcher`, made to depend on testsvc,
 *             is then told of testsvc's restart
 *   starthang `hanger` hangs before registering: rs finds it hung in its
 *             start-up, after the 5 s it gives every watched service
 *   steer     a service (testsvc) may not stop, restart, fault or start
 *             another, nor add a dependency for another; status is fine
 *   sleepbeat testsvc sleeps inside requests (on the alarm its heartbeats
 *             use) for five heartbeat periods and is not taken as hung
 *   dsrestart ds is killed: rs starts a new one holding every service's
 *             endpoint, and libsys's client finds it again by itself
 *
 * Usage: rstest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`; exits with the number that failed.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

#define HEARTBEAT_MS 200 /* testsvc's period in services-test.conf */
#define WAIT_MS 5000
/* rs gives a watched service 5 s to register (RS_START_TIMEOUT_NS). */
#define RS_START_WAIT_MIN_NS 4900000000ULL

static char why[160];

static const char *
t_crash(void)
{
	struct rs_svc_status a, b;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	if (rs_fault("testsvc", RS_FAULT_CRASH) != 0) {
		return "RS_FAULT refused";
	}
	if (rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "testsvc did not come back";
	}
	if (b.crashes != a.crashes + 1 || b.cause != RS_CAUSE_CRASH || b.last_crash == 0) {
		snprintf(why, sizeof(why), "crashes %u -> %u, cause %u", a.crashes, b.crashes,
		    b.cause);
		return why;
	}
	printf("rstest: testsvc ep %d -> %d, restarted in %lu ms\n", a.ep, b.ep,
	    (unsigned long)(b.latency / 1000000));
	return NULL;
}

static const char *
t_preserve(void)
{
	struct rs_svc_status a, b;
	uint64_t n = 0, after = 0, lie = 0;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	for (int i = 0; i < 3; i++) {
		if (rst_svc_call(a.ep, TESTSVC_INC, &n, NULL) != 0) {
			return "TESTSVC_INC failed";
		}
	}
	/* A checkpoint whose grant is smaller than it says is refused and
	 * leaves the kept counter alone. */
	if (rst_svc_call(a.ep, TESTSVC_LIE, &lie, NULL) != 0 || (int64_t)lie >= 0) {
		return "a checkpoint with a lying size was accepted";
	}
	if (rs_fault("testsvc", RS_FAULT_CRASH) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "testsvc did not come back";
	}
	if (rst_svc_call(b.ep, TESTSVC_GET, &after, NULL) != 0 || after != n) {
		snprintf(why, sizeof(why), "counter %lu before the crash, %lu after",
		    (unsigned long)n, (unsigned long)after);
		return why;
	}
	printf("rstest: counter %lu kept across the crash\n", (unsigned long)after);
	return NULL;
}

static const char *
t_told(void)
{
	struct rs_svc_status a, d;
	uint64_t c, told0 = 0, told1 = 0;

	if (rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &d) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "the services are not RUNNING";
	}
	rst_svc_call(d.ep, TESTSVC_GET, &c, &told0);
	if (rs_fault("testsvc", RS_FAULT_EXIT) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &a) != 0) {
		return "testsvc did not come back";
	}
	clock_sleep_ms(50);
	if (rst_svc_call(d.ep, TESTSVC_GET, &c, &told1) != 0 || told1 != told0 + 1) {
		snprintf(why, sizeof(why), "dependent told %lu times, then %lu",
		    (unsigned long)told0, (unsigned long)told1);
		return why;
	}
	return NULL;
}

static const char *
t_hang(void)
{
	struct rs_svc_status a, b;
	uint64_t t0;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	t0 = clock_now_ns();
	if (rs_fault("testsvc", RS_FAULT_HANG) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "testsvc did not come back";
	}
	if (b.cause != RS_CAUSE_HANG || b.hb_misses != a.hb_misses + 1) {
		snprintf(why, sizeof(why), "cause %u, heartbeat misses %u -> %u", b.cause,
		    a.hb_misses, b.hb_misses);
		return why;
	}
	if (b.last_crash - t0 > 2 * HEARTBEAT_MS * 1000000ULL) {
		snprintf(why, sizeof(why), "hang found after %lu ms",
		    (unsigned long)((b.last_crash - t0) / 1000000));
		return why;
	}
	printf("rstest: hang found after %lu ms\n", (unsigned long)((b.last_crash - t0) / 1000000));
	return NULL;
}

/* Injects fault kind into testsvc and checks that it came back as a new
 * instance with one more crash, of cause (enum rs_cause). */
static const char *
fault_restarts(unsigned kind, unsigned cause)
{
	struct rs_svc_status a, b;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	if (rs_fault("testsvc", kind) != 0) {
		return "RS_FAULT refused";
	}
	if (rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "testsvc did not come back";
	}
	if (b.crashes != a.crashes + 1 || b.cause != cause) {
		snprintf(why, sizeof(why), "crashes %u -> %u, cause %u (not %u)", a.crashes,
		    b.crashes, b.cause, cause);
		return why;
	}
	return NULL;
}

static const char *
t_wild(void)
{
	return fault_restarts(RS_FAULT_WILD_WRITE, RS_CAUSE_CRASH);
}

static const char *
t_exit(void)
{
	return fault_restarts(RS_FAULT_EXIT, RS_CAUSE_EXIT);
}

static const char *
t_failed(void)
{
	struct rs_svc_status c, t, d;

	if (rs_wait_state("crasher", RS_FAILED, ENDPOINT_ANY, WAIT_MS, &c) != 0) {
		return "crasher is not FAILED";
	}
	/* The first crash restarts at once, then max_retries (3) retries. */
	if (c.crashes != 5 || c.starts != 5) {
		snprintf(why, sizeof(why), "%u starts, %u crashes", c.starts, c.crashes);
		return why;
	}
	if (rs_status("testsvc", &t) != 0 || rs_status("dependent", &d) != 0 ||
	    t.state != RS_RUNNING || d.state != RS_RUNNING) {
		return "the other services are not RUNNING";
	}
	return NULL;
}

static const char *
t_stopstart(void)
{
	struct rs_svc_status a, b;
	struct message m;

	if (rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "dependent is not RUNNING";
	}
	if (rs_call_name(RS_STOP, "dependent", &m) != 0 ||
	    rs_wait_state("dependent", RS_DEAD, ENDPOINT_ANY, WAIT_MS, &b) != 0) {
		return "dependent did not stop";
	}
	if (rs_call_name(RS_START, "dependent", &m) != 0 ||
	    rs_wait_state("dependent", RS_RUNNING, a.ep, WAIT_MS, &a) != 0) {
		return "dependent did not start again";
	}
	if (rs_call_name(RS_RESTART, "dependent", &m) != 0 ||
	    rs_wait_state("dependent", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "dependent did not restart";
	}
	if (b.crashes != 0 || rs_call_name(RS_STATUS, "nosuch", &m) != -ENOENT) {
		return "a stop or restart counted as a crash, or an unknown name was accepted";
	}
	return NULL;
}

/* Requests rs must refuse from rstest, which is no service of its. */
static const char *
refused(void)
{
	struct message m = { .m_type = RS_GET_EVENT };

	if (rs_call(&m) != -EPERM) {
		return "RS_GET_EVENT from a stranger not refused";
	}
	m = (struct message){ .m_type = RS_CHECKPOINT, .m_arg = { 1, 1u << 30 } };
	if (rs_call(&m) != -EPERM) {
		return "RS_CHECKPOINT from a stranger not refused";
	}
	m = (struct message){ .m_type = RS_REPLY - 1, .m_arg = { ~0ull, ~0ull, ~0ull } };
	if (rs_call(&m) != -EINVAL) {
		return "a request with no name and no meaning not refused";
	}
	if (rs_fault("testsvc", 99) != -EINVAL) {
		return "an unknown fault kind not refused";
	}
	return NULL;
}

static const char *
t_nostall(void)
{
	struct rs_svc_status t, d, b;
	uint64_t t0, ms;
	const char *err;

	if (rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &d) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &t) != 0) {
		return "the services are not RUNNING";
	}
	/* A blocking send of either would wait on the spinning dependent. */
	if (rs_fault("dependent", RS_FAULT_HANG) != 0 ||
	    rs_fault("dependent", RS_FAULT_HANG) != 0) {
		return "the second hang was refused";
	}
	if (rs_fault("testsvc", RS_FAULT_CRASH) != 0) {
		return "the crash was refused";
	}
	t0 = clock_now_ns();
	if (rs_status("testsvc", &b) != 0) {
		return "RS_STATUS failed";
	}
	ms = (clock_now_ns() - t0) / 1000000;
	if (ms > 1000) {
		snprintf(why, sizeof(why), "rs took %lu ms to answer", (unsigned long)ms);
		return why;
	}
	if (rs_wait_state("testsvc", RS_RUNNING, t.ep, WAIT_MS, &b) != 0) {
		return "testsvc did not come back";
	}
	/* rs has now told the hung dependent of testsvc's new endpoint. */
	t0 = clock_now_ns();
	if (rs_status("dependent", &b) != 0 || (clock_now_ns() - t0) / 1000000 > 1000) {
		return "rs slow or failing after telling the hung dependent";
	}
	if (rs_wait_state("dependent", RS_RUNNING, d.ep, WAIT_MS, &b) != 0 ||
	    b.cause != RS_CAUSE_HANG) {
		return "the hung dependent was not restarted";
	}
	err = refused();
	if (err != NULL) {
		return err;
	}
	printf("rstest: rs answered in %lu ms with dependent hung\n", (unsigned long)ms);
	return NULL;
}

/* RS_ADD_DEP with two names. */
static int
add_dep(const char *name, const char *on)
{
	struct message m;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_ADD_DEP;
	if (rs_name_pack(&m, 0, name) != 0 || rs_name_pack(&m, RS_NAME_ARGS, on) != 0) {
		return -EINVAL;
	}
	return rs_call(&m);
}

static const char *
t_adddep(void)
{
	struct rs_svc_status a, w;
	uint64_t c, told0 = 0, told1 = 0;
	int r[5];

	r[0] = add_dep("dependent", "testsvc"); /* configured already */
	r[1] = add_dep("testsvc", "dependent"); /* a cycle */
	r[2] = add_dep("watcher", "nosuch");
	r[3] = add_dep("watcher", "watcher");
	if (r[0] != -EEXIST || r[1] != -EDEADLK || r[2] != -ENOENT || r[3] != -EINVAL) {
		return testrun_why("refusals: %d %d %d %d", r[0], r[1], r[2], r[3]);
	}
	if (rs_wait_state("watcher", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &w) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "the services are not RUNNING";
	}
	rst_svc_call(w.ep, TESTSVC_GET, &c, &told0);
	r[4] = add_dep("watcher", "testsvc");
	if (r[4] != 0 || add_dep("watcher", "testsvc") != -EEXIST ||
	    add_dep("testsvc", "watcher") != -EDEADLK) {
		return testrun_why("RS_ADD_DEP watcher testsvc: %d", r[4]);
	}
	if (rs_fault("testsvc", RS_FAULT_EXIT) != 0 ||
	    rs_wait_state("testsvc", RS_RUNNING, a.ep, WAIT_MS, &a) != 0) {
		return "testsvc did not come back";
	}
	clock_sleep_ms(50);
	if (rst_svc_call(w.ep, TESTSVC_GET, &c, &told1) != 0 || told1 != told0 + 1) {
		return testrun_why("watcher told %lu times, then %lu", (unsigned long)told0,
		    (unsigned long)told1);
	}
	return NULL;
}

static const char *
t_starthang(void)
{
	struct rs_svc_status h = { 0 };
	struct message m;
	uint64_t t0 = clock_now_ns(), end = t0 + 8000000000ULL;
	int err = rs_call_name(RS_START, "hanger", &m);

	if (err != 0) {
		return testrun_why("RS_START hanger: %d", err);
	}
	while (rs_status("hanger", &h) == 0 && h.crashes == 0 && clock_now_ns() < end) {
		clock_sleep_ms(50);
	}
	rs_call_name(RS_STOP, "hanger", &m);
	if (h.crashes != 1 || h.cause != RS_CAUSE_HANG) {
		return testrun_why("crashes %u, cause %u", h.crashes, h.cause);
	}
	if (h.last_crash - t0 < RS_START_WAIT_MIN_NS) {
		return testrun_why("found hung after only %lu ms",
		    (unsigned long)((h.last_crash - t0) / 1000000));
	}
	printf("rstest: hanger found hung in its start-up after %lu ms\n",
	    (unsigned long)((h.last_crash - t0) / 1000000));
	return NULL;
}

/* testsvc asks rs to do request type to name (kind for RS_FAULT). */
static int
steer(unsigned type, const char *name, uint64_t kind)
{
	struct rs_svc_status t;
	struct message m = { .m_type = TESTSVC_RS, .m_arg[0] = type };
	struct message n;

	if (rs_status("testsvc", &t) != 0 || rs_name_pack(&n, 0, name) != 0) {
		return -ESRCH;
	}
	memcpy(&m.m_arg[1], &n.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
	m.m_arg[4] = kind;
	if (ipc_call(t.ep, &m) != 0 || m.m_type != TESTSVC_REPLY) {
		return -EIO;
	}
	return (int)(int64_t)m.m_arg[0];
}

static const char *
t_steer(void)
{
	struct rs_svc_status d0, d1;
	int r[6];

	if (rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &d0) != 0) {
		return "dependent is not RUNNING";
	}
	r[0] = steer(RS_STOP, "dependent", 0);
	r[1] = steer(RS_RESTART, "dependent", 0);
	r[2] = steer(RS_FAULT, "dependent", RS_FAULT_CRASH);
	r[3] = steer(RS_START, "hanger", 0);
	r[4] = steer(RS_ADD_DEP, "watcher", 0); /* watcher on testsvc: not its own */
	r[5] = steer(RS_STATUS, "dependent", 0);
	for (int i = 0; i < 5; i++) {
		if (r[i] != -EPERM) {
			return testrun_why("request %d from a service: %d, not -EPERM", i, r[i]);
		}
	}
	if (r[5] != 0) {
		return testrun_why("RS_STATUS from a service: %d", r[5]);
	}
	if (rs_status("dependent", &d1) != 0 || d1.ep != d0.ep || d1.state != RS_RUNNING) {
		return "dependent was touched";
	}
	return NULL;
}

/* testsvc sleeps inside twenty requests of 50 ms each (a quarter of its
 * heartbeat period; a heartbeat can be late by one sleep, and rs allows
 * half a period): the sleeps borrow the alarm its heartbeats run on,
 * which must come back after each, so rs sees no hang. */
static const char *
t_sleepbeat(void)
{
	struct rs_svc_status a, b;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	for (int i = 0; i < 20; i++) {
		struct message m = { .m_type = TESTSVC_SLEEP, .m_arg[0] = HEARTBEAT_MS / 4 };

		if (ipc_call(a.ep, &m) != 0 || m.m_type != TESTSVC_REPLY) {
			return testrun_why("sleep request %d failed", i);
		}
	}
	if (rs_status("testsvc", &b) != 0 || b.ep != a.ep || b.hb_misses != a.hb_misses) {
		return testrun_why("testsvc ep %d -> %d, heartbeat misses %u -> %u", a.ep, b.ep,
		    a.hb_misses, b.hb_misses);
	}
	return NULL;
}

/* ds itself dies: rs starts a new one with every service's endpoint, and
 * libsys finds it by asking rs again. */
static const char *
t_dsrestart(void)
{
	struct rs_svc_status a;
	struct message m = { .m_type = TESTSVC_GET };
	endpoint_t before = ds_lookup("testsvc"), after = ENDPOINT_NONE;
	int err;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, WAIT_MS, &a) != 0 ||
	    before != a.ep) {
		return testrun_why("ds has %d for testsvc, rs %d", before, a.ep);
	}
	err = rs_fault("ds", RS_FAULT_CRASH);
	if (err != 0) {
		return testrun_why("RS_FAULT ds: %d", err);
	}
	for (int i = 0; i < 100 && after != a.ep; i++) {
		clock_sleep_ms(10);
		after = ds_lookup("testsvc");
	}
	if (after != a.ep) {
		return testrun_why("the new ds has %d for testsvc, not %d", after, a.ep);
	}
	err = ds_call("testsvc", &m);
	if (err != 0 || m.m_type != TESTSVC_REPLY) {
		return testrun_why("ds_call after ds's restart: %d", err);
	}
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "crash", t_crash },
	{ "preserve", t_preserve },
	{ "told", t_told },
	{ "hang", t_hang },
	{ "wild", t_wild },
	{ "exit", t_exit },
	{ "timer", rst_t_timer },
	{ "failed", t_failed },
	{ "stopstart", t_stopstart },
	{ "dscall", rst_t_dscall },
	{ "dsnames", rst_t_dsnames },
	{ "nostall", t_nostall },
	{ "adddep", t_adddep },
	{ "starthang", t_starthang },
	{ "steer", t_steer },
	{ "sleepbeat", t_sleepbeat },
	{ "dsrestart", t_dsrestart },
};

int
main(int argc, char **argv)
{
	rs_endpoint();
	return testrun_table("rstest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
