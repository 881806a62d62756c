/*
 * testsvc: the Reincarnation Server's test service.  It registers with
 * rs, restores its counter when rs kept one, sends a heartbeat every
 * period rs gives it (KC_ALARM), and answers two requests: TESTSVC_INC
 * (add one, checkpoint the counter to rs, reply with it) and TESTSVC_GET
 * (reply with the counter and the number of RS_DEP_CHANGED messages it
 * got); TESTSVC_LIE checkpoints with a lying size (testsvc.h).  On a
 * notification from rs it takes its events (libsys's
 * rs_event_next()): RS_FAULT_INJECT makes it crash (a null dereference),
 * hang (spin without heartbeats) or exit with status 1.  With the argument
 * `crash-at-start` it crashes before registering, on every start.
 */
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testsvc.h"

static uint64_t counter;
static uint64_t told;
static const char *name = "testsvc";

/* Hands rs the counter (a no-op error when rs keeps no state for us). */
static void
checkpoint(void)
{
	struct message m = { .m_type = RS_CHECKPOINT };
	int64_t g = kc_grant_create(rs_endpoint(), &counter, sizeof(counter), GRANT_READ);

	if (g < 0) {
		return;
	}
	m.m_arg[0] = (uint64_t)g;
	m.m_arg[1] = sizeof(counter);
	rs_call(&m);
	kc_grant_revoke(g);
}

/* TESTSVC_LIE: a checkpoint whose grant is smaller than it claims. */
static int64_t
lying_checkpoint(void)
{
	static uint64_t bogus = 0xbad;
	struct message m = { .m_type = RS_CHECKPOINT };
	int64_t g = kc_grant_create(rs_endpoint(), &bogus, sizeof(bogus), GRANT_READ);
	int r;

	if (g < 0) {
		return g;
	}
	m.m_arg[0] = (uint64_t)g;
	m.m_arg[1] = 64;
	r = rs_call(&m);
	kc_grant_revoke(g);
	return r;
}

/* Takes the counter back from rs when it kept one. */
static void
restore(void)
{
	struct message m = { .m_type = RS_RESTORE };
	int64_t g = kc_grant_create(rs_endpoint(), &counter, sizeof(counter), GRANT_WRITE);

	if (g < 0) {
		printf("%s: cannot grant the counter (%d)\n", name, (int)g);
		return;
	}
	m.m_arg[0] = (uint64_t)g;
	m.m_arg[1] = sizeof(counter);
	if (rs_call(&m) == 0 && m.m_arg[1] == sizeof(counter)) {
		printf("%s: counter restored: %lu\n", name, (unsigned long)counter);
	}
	kc_grant_revoke(g);
}

static void
fault(uint64_t kind)
{
	volatile int *volatile nowhere = NULL;

	switch (kind) {
	case RS_FAULT_CRASH:
		*nowhere = 1;
		break;
	case RS_FAULT_HANG:
		for (;;) {
			__asm__ volatile("pause");
		}
	case RS_FAULT_EXIT:
		exit(1);
	}
}

/* Takes every event rs keeps for us. */
static void
events(void)
{
	struct message ev;

	while (rs_event_next(&ev) > 0) {
		if (ev.m_type == RS_FAULT_INJECT) {
			fault(ev.m_arg[0]);
		} else if (ev.m_type == RS_DEP_CHANGED) {
			told++;
		}
	}
}

int
main(int argc, char **argv)
{
	struct message m = { .m_type = RS_REGISTER };
	uint64_t period;

	if (argc > 0) {
		name = argv[0];
	}
	rs_endpoint();
	if (argc > 1 && strcmp(argv[1], "crash-at-start") == 0) {
		fault(RS_FAULT_CRASH);
	}
	if (rs_call(&m) != 0) {
		printf("%s: rs refused the registration\n", name);
		return 1;
	}
	period = m.m_arg[1];
	if (m.m_arg[2] != 0) {
		restore();
	}
	if (period != 0) {
		kc_alarm(period);
	}
	for (;;) {
		struct message r = { 0 };

		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			continue;
		}
		switch (m.m_type) {
		case MSG_NOTIFY:
			if (rs_event_notified(&m)) {
				events();
			}
			if (m.m_source == ENDPOINT_KERNEL && (m.m_arg[0] & NOTIFY_ALARM) != 0) {
				r.m_type = RS_HEARTBEAT;
				rs_call(&r);
				kc_alarm(period);
			}
			break;
		case TESTSVC_LIE:
			r.m_type = TESTSVC_REPLY;
			r.m_arg[0] = (uint64_t)lying_checkpoint();
			ipc_reply(m.m_source, &r);
			break;
		case TESTSVC_INC:
			counter++;
			checkpoint();
			/* fall through */
		case TESTSVC_GET:
			r.m_type = TESTSVC_REPLY;
			r.m_arg[0] = counter;
			r.m_arg[1] = told;
			ipc_reply(m.m_source, &r);
			break;
		}
	}
}
