/*
 * testsvc: the Reincarnation Server's test service, on libdriver.
 * libdriver registers it with rs, restores its counter when rs kept one,
 * sends its heartbeats, and injects the faults rs passes on (crash, hang,
 * wild write, exit).  testsvc answers three requests (testsvc.h):
 * TESTSVC_INC (add one, checkpoint the counter to rs, reply with it),
 * TESTSVC_GET (reply with the counter and the number of dependency
 * changes it was told of), TESTSVC_LIE (a checkpoint with a lying
 * size) and TESTSVC_TIMER (arms a timer that re-arms itself, while the
 * heartbeats must go on), TESTSVC_RS (asks rs to steer another
 * service, which rs must refuse) and TESTSVC_SLEEP (sleeps inside the
 * request; the heartbeats must survive it).  With the argument `crash-at-start` it
 * crashes before registering, on every start; with `hang-at-start` it
 * hangs before registering.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "testsvc.h"

static uint64_t counter;
static uint64_t told;
static uint64_t fired, timer_left, timer_ns;

/* TESTSVC_LIE: a checkpoint whose grant is smaller than it claims;
 * rs's answer. */
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

/* TESTSVC_RS: passes a request about another service on to rs. */
static int64_t
rs_request_for(const struct message *m)
{
	struct message q = { .m_type = (uint32_t)m->m_arg[0] };

	memcpy(&q.m_arg[0], &m->m_arg[1], RS_NAME_ARGS * sizeof(uint64_t));
	q.m_arg[3] = m->m_arg[4];
	if (q.m_type == RS_ADD_DEP) {
		/* [0..2] the named service, [3..5] ourselves */
		rs_name_pack(&q, RS_NAME_ARGS, driver_name());
	}
	return rs_call(&q);
}

static int
tsv_init(int argc, char **argv, bool restored)
{
	if (restored) {
		printf("%s: counter restored: %lu\n", driver_name(), (unsigned long)counter);
	}
	return 0;
}

static int
tsv_request(const struct message *m, struct message *reply)
{
	switch (m->m_type) {
	case TESTSVC_LIE:
		reply->m_arg[0] = (uint64_t)lying_checkpoint();
		return 0;
	case TESTSVC_RS:
		reply->m_arg[0] = (uint64_t)rs_request_for(m);
		return 0;
	case TESTSVC_SLEEP:
		clock_sleep_ms(m->m_arg[0]);
		break;
	case TESTSVC_TIMER:
		timer_ns = m->m_arg[0];
		timer_left = m->m_arg[1];
		driver_timer(timer_left != 0 ? timer_ns : 0);
		break;
	case TESTSVC_INC:
		counter++;
		/* Refused (harmlessly) when rs keeps no state for us. */
		driver_checkpoint();
		/* FALLTHROUGH */
	case TESTSVC_GET:
		break;
	default:
		return -EINVAL;
	}
	reply->m_arg[0] = counter;
	reply->m_arg[1] = told;
	reply->m_arg[2] = fired;
	return 0;
}

static void
tsv_timer(void)
{
	fired++;
	if (timer_left > 0 && --timer_left > 0) {
		driver_timer(timer_ns);
	}
}

static void
tsv_dep_changed(const char *name, endpoint_t ep)
{
	told++;
}

static const struct driver_ops tsv_ops = {
	.init = tsv_init,
	.request = tsv_request,
	.timer = tsv_timer,
	.dep_changed = tsv_dep_changed,
	.reply_type = TESTSVC_REPLY,
	.state = &counter,
	.state_size = sizeof(counter),
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "crash-at-start") == 0) {
		driver_fault(RS_FAULT_CRASH);
	}
	if (argc > 1 && strcmp(argv[1], "hang-at-start") == 0) {
		driver_fault(RS_FAULT_HANG);
	}
	driver_main(&tsv_ops, argc, argv);
}
