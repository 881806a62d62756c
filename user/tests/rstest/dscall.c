/*
 * rstest's dscall test: a client of a restarted service carries on
 * without code of its own for it.  It sends testsvc hundreds of
 * TESTSVC_INC requests by name through libsys's ds_call() (which finds
 * ds by asking rs), and has rs crash testsvc part way.  Every request
 * must be answered, the counter must go up by one per request (testsvc
 * checkpoints it, so the new instance carries on from it; a request the
 * dead instance took may count twice), and afterwards testsvc is RUNNING
 * as a new instance, published under its name, with the crash counted.
 *
 * The dsnames test follows rs's entries in ds through a stop, a start and
 * a restart of `dependent`, and checks that FAILED `crasher` has none.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

#define DSCALL_REQUESTS 400
#define DSCALL_CRASH_AT 150 /* the request before which testsvc is crashed */
#define DSCALL_WAIT_MS 5000

static char why[160];

/* ds's entry for name once it is want, or what it still is after a
 * while: rs notifies ds of a change and ds pulls it, so ds follows rs
 * shortly after, not at the same instant. */
static endpoint_t
lookup_settled(const char *name, endpoint_t want)
{
	endpoint_t ep = ds_lookup(name);

	for (int i = 0; i < 100 && ep != want; i++) {
		clock_sleep_ms(10);
		ep = ds_lookup(name);
	}
	return ep;
}

/* One TESTSVC_INC through ds_call(): the counter, or a negative code. */
static int
inc(uint64_t *counter)
{
	struct message m = { .m_type = TESTSVC_INC };
	int err = ds_call("testsvc", &m);

	if (err != 0) {
		return err;
	}
	if (m.m_type != TESTSVC_REPLY) {
		return -1;
	}
	*counter = m.m_arg[0];
	return 0;
}

const char *
rst_t_dscall(void)
{
	struct rs_svc_status a, b;
	uint64_t c, prev = 0;
	endpoint_t ep;
	int err;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, DSCALL_WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	ep = lookup_settled("testsvc", a.ep);
	if (ep != a.ep) {
		snprintf(why, sizeof(why), "ds has testsvc as %d, rs as %d", ep, a.ep);
		return why;
	}
	for (int i = 0; i < DSCALL_REQUESTS; i++) {
		if (i == DSCALL_CRASH_AT && rs_fault("testsvc", RS_FAULT_CRASH) != 0) {
			return "RS_FAULT refused";
		}
		err = inc(&c);
		if (err != 0) {
			snprintf(why, sizeof(why), "request %d failed: %d", i, err);
			return why;
		}
		if (i > 0 && (c <= prev || c > prev + 2)) {
			snprintf(why, sizeof(why), "request %d: counter %lu after %lu", i,
			    (unsigned long)c, (unsigned long)prev);
			return why;
		}
		prev = c;
	}
	if (rs_wait_state("testsvc", RS_RUNNING, a.ep, DSCALL_WAIT_MS, &b) != 0) {
		return "testsvc is not RUNNING as a new instance";
	}
	if (b.crashes != a.crashes + 1 || b.cause != RS_CAUSE_CRASH) {
		snprintf(why, sizeof(why), "crashes %u -> %u, cause %u", a.crashes, b.crashes,
		    b.cause);
		return why;
	}
	ep = lookup_settled("testsvc", b.ep);
	if (ep != b.ep) {
		snprintf(why, sizeof(why), "ds has testsvc as %d after the restart, rs as %d", ep,
		    b.ep);
		return why;
	}
	printf("rstest: %d requests through ds, testsvc ep %d -> %d, counter %lu\n",
	    DSCALL_REQUESTS, a.ep, b.ep, (unsigned long)prev);
	return NULL;
}

/* After request type on name (0: none), ds must have want for it. */
static const char *
names_step(unsigned type, endpoint_t not_ep, unsigned state, const char *what)
{
	struct rs_svc_status st;
	struct message m;
	endpoint_t ep;

	if (type != 0 && rs_call_name(type, "dependent", &m) != 0) {
		snprintf(why, sizeof(why), "%s refused", what);
		return why;
	}
	if (rs_wait_state("dependent", state, not_ep, DSCALL_WAIT_MS, &st) != 0) {
		snprintf(why, sizeof(why), "dependent not in state %u after %s", state, what);
		return why;
	}
	ep = lookup_settled("dependent", state == RS_RUNNING ? st.ep : -ENOENT);
	if ((state == RS_RUNNING && ep != st.ep) || (state != RS_RUNNING && ep != -ENOENT)) {
		snprintf(why, sizeof(why), "after %s: ds has %d, rs has ep %d", what, ep, st.ep);
		return why;
	}
	return NULL;
}

const char *
rst_t_dsnames(void)
{
	struct rs_svc_status a;
	const char *err;

	if (rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, DSCALL_WAIT_MS, &a) != 0) {
		return "dependent is not RUNNING";
	}
	err = names_step(0, ENDPOINT_ANY, RS_RUNNING, "boot");
	if (err == NULL) {
		err = names_step(RS_STOP, ENDPOINT_ANY, RS_DEAD, "stop");
	}
	if (err == NULL) {
		err = names_step(RS_START, a.ep, RS_RUNNING, "start");
	}
	if (err == NULL && rs_status("dependent", &a) == 0) {
		err = names_step(RS_RESTART, a.ep, RS_RUNNING, "restart");
	}
	if (err == NULL &&
	    (rs_wait_state("crasher", RS_FAILED, ENDPOINT_ANY, DSCALL_WAIT_MS, &a) != 0 ||
	        lookup_settled("crasher", -ENOENT) != -ENOENT)) {
		err = "FAILED crasher is still published";
	}
	return err;
}
