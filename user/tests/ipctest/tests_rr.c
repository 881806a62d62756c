/*
 * Tests of SYS_REPLY_RECV (libsys's ipc_reply_recv()): a server that
 * answers with it serves many calls in a row, every payload word intact;
 * a reply that finds its target dead or not waiting is reported and the
 * receive still happens; bad endpoints refuse the whole call, delivering
 * nothing; and notifications waiting when the call is made, from a
 * process or the kernel, are what it receives.  With `ipcfast=off` the
 * same tests cover the slow path alone.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

#define RR_ROUNDS 1000
#define RR_NOTIFY_EVERY 100
#define RR_ALARM_NS (2 * NS_PER_MS)
#define RR_SPIN_NS (30 * NS_PER_MS)

const char *
test_rr_pingpong(void)
{
	endpoint_t srv = ipctest_spawn("rr_server", NULL);
	struct message m;
	int r;

	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	for (uint64_t i = 0; i < RR_ROUNDS; i++) {
		/* Now and then something waits for the server when it
		 * replies: that reply and receive take the slow path. */
		if (i % RR_NOTIFY_EVERY == 0 && (r = ipc_notify(srv)) != 0) {
			return testrun_why("round %lu: notify returned %d", i, r);
		}
		memset(&m, 0, sizeof(m));
		m.m_type = T_ECHO;
		for (int k = 0; k < MSG_ARGS; k++) {
			m.m_arg[k] = i * 104729 + (uint64_t)k * 0x300000007ULL;
		}
		if ((r = ipc_call(srv, &m)) != 0) {
			return testrun_why("round %lu: call returned %d", i, r);
		}
		if (m.m_source != srv || m.m_type != T_ECHO + 1) {
			return testrun_why("round %lu: reply from %d type %u", i, m.m_source,
			    m.m_type);
		}
		for (int k = 0; k < MSG_ARGS; k++) {
			if (m.m_arg[k] != i * 104729 + (uint64_t)k * 0x300000007ULL + 1) {
				return testrun_why("round %lu: m_arg[%d] is %#lx", i, k,
				    m.m_arg[k]);
			}
		}
	}
	/* The server exits 0 only if every one of its replies was delivered. */
	return ipctest_stop(srv);
}

/* Receives (from src) T_DATA number seq, which sender s sends, with a
 * reply to reply_to that must come back with reply_want. */
static const char *
rr_take_data(endpoint_t reply_to, endpoint_t src, endpoint_t s, uint64_t seq, int reply_want)
{
	struct message m = { .m_type = T_ECHO };
	int r, reply_r = 1;

	r = ipc_reply_recv_status(reply_to, &m, src, &m, &reply_r);
	if (r != 0) {
		return testrun_why("message %lu: reply_recv returned %d", seq, r);
	}
	if (reply_r != reply_want) {
		return testrun_why("message %lu: the reply to %d gave %d, not %d", seq, reply_to,
		    reply_r, reply_want);
	}
	if (m.m_source != s || m.m_type != T_DATA || m.m_arg[1] != seq) {
		return testrun_why("message %lu: got type %u seq %lu from %d", seq, m.m_type,
		    m.m_arg[1], m.m_source);
	}
	return NULL;
}

const char *
test_rr_lost_reply(void)
{
	endpoint_t dead = ipctest_spawn("exit", NULL), s;
	const char *why;

	if (dead < 0 || (why = ipctest_expect_exit(dead, 0)) != NULL) {
		return testrun_why("the helper that exits: %d", dead);
	}
	s = ipctest_spawn("sender", "0");
	if (s < 0 || ipctest_hello(s, 0) != 0) {
		return testrun_why("starting the sender: %d", s);
	}
	/* A reply to the dead, then to a process that sends to us but does
	 * not call: neither loses the message that comes next. */
	if ((why = rr_take_data(dead, s, s, 0, -EDEADSRCDST)) != NULL ||
	    (why = rr_take_data(s, s, s, 1, -ENOTREADY)) != NULL ||
	    (why = rr_take_data(ENDPOINT_NONE, s, s, 2, 0)) != NULL ||
	    (why = rr_take_data(dead, ENDPOINT_ANY, s, 3, -EDEADSRCDST)) != NULL ||
	    (why = rr_take_data(ENDPOINT_NONE, ENDPOINT_ANY, s, 4, 0)) != NULL) {
		return why;
	}
	return ipctest_expect_exit(s, 0);
}

/* The caller's own endpoint, as srv (an rr_server) sees it; < 0 on error. */
static endpoint_t
rr_who(endpoint_t srv)
{
	struct message m = { .m_type = T_WHO };
	int r = ipc_call(srv, &m);

	return r != 0 ? r : (endpoint_t)(int64_t)m.m_arg[0];
}

const char *
test_rr_bad(void)
{
	endpoint_t srv = ipctest_spawn("rr_server", NULL), self, dead, c;
	struct message in = { 0 }, reply = { .m_type = T_ECHO + 1, .m_arg = { 42 } };
	const char *why;
	int r, reply_r;

	if (srv < 0 || (self = rr_who(srv)) < 0) {
		return testrun_why("starting the server: %d", srv);
	}
	dead = ipctest_spawn("exit", NULL);
	if (dead < 0 || (why = ipctest_expect_exit(dead, 0)) != NULL) {
		return testrun_why("the helper that exits: %d", dead);
	}
	c = ipctest_spawn("caller", NULL);
	if (c < 0 || ipctest_hello(c, 0) != 0) {
		return testrun_why("starting the caller: %d", c);
	}
	if ((r = ipc_receive(c, &in)) != 0 || in.m_type != T_ECHO) {
		return testrun_why("receiving the call: %d type %u", r, in.m_type);
	}
	/* Each is refused before the reply goes out: c keeps waiting. */
	const struct {
		endpoint_t to, src;
		int want;
	} bad[] = {
		{ c, dead, -EDEADSRCDST },
		{ c, ENDPOINT_NONE, -EDEADSRCDST },
		{ c, -100, -EDEADSRCDST },
		{ c, self, -EINVAL },
		{ c, ENDPOINT_SELF, -EINVAL },
		{ ENDPOINT_ANY, c, -EINVAL },
		{ ENDPOINT_KERNEL, ENDPOINT_ANY, -EINVAL },
		{ ENDPOINT_SELF, ENDPOINT_ANY, -EINVAL },
		{ -100, ENDPOINT_ANY, -EINVAL },
		{ self, ENDPOINT_ANY, -EINVAL },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reply_r = 1;
		r = ipc_reply_recv_status(bad[i].to, &reply, bad[i].src, &in, &reply_r);
		if (r != bad[i].want || reply_r != bad[i].want) {
			return testrun_why("reply to %d, receive from %d: %d (reply %d), not %d",
			    bad[i].to, bad[i].src, r, reply_r, bad[i].want);
		}
	}
	if ((r = ipc_reply(c, &reply)) != 0) {
		return testrun_why("a refused call delivered the reply: then %d", r);
	}
	if ((why = ipctest_expect_exit(c, 0)) != NULL) {
		return why;
	}
	return ipctest_stop(srv);
}

/* Receives with a reply to c, and checks that what comes is a
 * notification from src (any kernel notification is passed over when
 * src is a process; from the kernel, NOTIFY_ALARM must be set). */
static const char *
rr_expect_notify(endpoint_t c, endpoint_t src)
{
	struct message reply = { .m_type = T_ECHO + 1, .m_arg = { 42 } }, in = { 0 };
	int r = ipc_reply_recv(c, &reply, ENDPOINT_ANY, &in);

	for (;;) {
		if (r != 0) {
			return testrun_why("reply_recv returned %d", r);
		}
		if (in.m_type != MSG_NOTIFY) {
			return testrun_why("got type %#x from %d, not a notification", in.m_type,
			    in.m_source);
		}
		if (in.m_source == src &&
		    (src != ENDPOINT_KERNEL || (in.m_arg[0] & NOTIFY_ALARM) != 0)) {
			return NULL;
		}
		if (in.m_source != ENDPOINT_KERNEL) {
			return testrun_why("a notification from %d, not %d", in.m_source, src);
		}
		r = ipc_receive(ENDPOINT_ANY, &in);
	}
}

/* Starts a caller and takes its call; its endpoint or < 0. */
static endpoint_t
rr_caller(void)
{
	endpoint_t c = ipctest_spawn("caller", NULL);
	struct message in;

	if (c < 0 || ipctest_hello(c, 0) != 0) {
		return c < 0 ? c : -1;
	}
	if (ipc_receive(c, &in) != 0 || in.m_type != T_ECHO) {
		return -1;
	}
	return c;
}

const char *
test_rr_notify(void)
{
	endpoint_t srv = ipctest_spawn("server", NULL), c;
	struct message m = { .m_type = T_NOTIFY, .m_arg = { 1, 0 } };
	const char *why;
	uint64_t t0;
	int r;

	if (srv < 0 || (c = rr_caller()) < 0) {
		return testrun_why("starting the helpers: %d", srv);
	}
	/* A process's notification waits for us while c waits for us. */
	if ((r = ipc_call(srv, &m)) != 0) {
		return testrun_why("asking for a notification: %d", r);
	}
	if ((why = rr_expect_notify(c, srv)) != NULL || (why = ipctest_expect_exit(c, 0)) != NULL) {
		return why;
	}
	/* The same with the kernel's alarm, come due while we did not
	 * receive. */
	if ((c = rr_caller()) < 0) {
		return testrun_why("starting the second caller: %d", c);
	}
	kc_alarm(RR_ALARM_NS);
	t0 = clock_now_ns();
	while (clock_now_ns() - t0 < RR_SPIN_NS) {
	}
	if ((why = rr_expect_notify(c, ENDPOINT_KERNEL)) != NULL ||
	    (why = ipctest_expect_exit(c, 0)) != NULL) {
		return why;
	}
	/* No reply at all: a receive from the kernel alone. */
	kc_alarm(RR_ALARM_NS);
	for (;;) {
		m.m_type = T_ECHO;
		if ((r = ipc_reply_recv(ENDPOINT_NONE, &m, ENDPOINT_KERNEL, &m)) != 0) {
			return testrun_why("receive-only reply_recv returned %d", r);
		}
		if (m.m_source != ENDPOINT_KERNEL || m.m_type != MSG_NOTIFY) {
			return testrun_why("receive from the kernel got type %#x from %d", m.m_type,
			    m.m_source);
		}
		if ((m.m_arg[0] & NOTIFY_ALARM) != 0) {
			break;
		}
	}
	return ipctest_stop(srv);
}
