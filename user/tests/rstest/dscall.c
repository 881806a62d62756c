/*
 * rstest's dscall test: a client of a restarted service carries on
 * without code of its own for it.  It sends testsvc hundreds of
 * TESTSVC_INC requests by name through libsys's ds_call() (which finds
 * ds by asking rs), and has rs crash testsvc part way.  Every request
 * must be answered, the counter must go up by one per request (testsvc
 * checkpoints it, so the new instance carries on from it; a request the
 * dead instance took may count twice), and afterwards testsvc is RUNNING
 * as a new instance, published under its name, with the crash counted.
 */
#include <libsys/ds.h>
#include <stdio.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

#define DSCALL_REQUESTS 400
#define DSCALL_CRASH_AT 150 /* the request before which testsvc is crashed */
#define DSCALL_WAIT_MS 5000

static char why[160];

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
	struct rst_status a, b;
	uint64_t c, prev = 0;
	endpoint_t ep;
	int err;

	if (rst_wait_state("testsvc", RST_RUNNING, ENDPOINT_ANY, DSCALL_WAIT_MS, &a) != 0) {
		return "testsvc is not RUNNING";
	}
	ep = ds_lookup("testsvc");
	if (ep != a.ep) {
		snprintf(why, sizeof(why), "ds has testsvc as %d, rs as %d", ep, a.ep);
		return why;
	}
	for (int i = 0; i < DSCALL_REQUESTS; i++) {
		if (i == DSCALL_CRASH_AT && rst_fault("testsvc", RS_FAULT_CRASH) != 0) {
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
	if (rst_wait_state("testsvc", RST_RUNNING, a.ep, DSCALL_WAIT_MS, &b) != 0) {
		return "testsvc is not RUNNING as a new instance";
	}
	if (b.crashes != a.crashes + 1 || b.cause != RST_CAUSE_CRASH) {
		snprintf(why, sizeof(why), "crashes %u -> %u, cause %u", a.crashes, b.crashes,
		    b.cause);
		return why;
	}
	ep = ds_lookup("testsvc");
	if (ep != b.ep) {
		snprintf(why, sizeof(why), "ds has testsvc as %d after the restart, rs as %d", ep,
		    b.ep);
		return why;
	}
	printf("rstest: %d requests through ds, testsvc ep %d -> %d, counter %lu\n",
	    DSCALL_REQUESTS, a.ep, b.ep, (unsigned long)prev);
	return NULL;
}
