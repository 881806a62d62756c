/*
 * Tests of message passing between live processes: call and reply with
 * every payload word checked, receive from any of several senders, the
 * coalescing of notifications, replies that have nobody to go to, and
 * the privilege check on IPC targets.
 */
#include <libsys/ipc.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

#define PINGPONG_ROUNDS 1000
#define SENDERS 3
#define PER_SENDER 5

const char *
test_pingpong(void)
{
	endpoint_t srv = ipctest_spawn("server", NULL);
	struct message m;
	int r;

	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	for (uint64_t i = 0; i < PINGPONG_ROUNDS; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = T_ECHO;
		for (int k = 0; k < MSG_ARGS; k++) {
			m.m_arg[k] = i * 7919 + (uint64_t)k * 0x100000001ULL;
		}
		r = ipc_call(srv, &m);
		if (r != 0) {
			return testrun_why("round %lu: call returned %d", i, r);
		}
		if (m.m_source != srv || m.m_type != T_ECHO + 1) {
			return testrun_why("round %lu: reply from %d type %u", i, m.m_source,
			    m.m_type);
		}
		for (int k = 0; k < MSG_ARGS; k++) {
			if (m.m_arg[k] != i * 7919 + (uint64_t)k * 0x100000001ULL + 1) {
				return testrun_why("round %lu: m_arg[%d] is %#lx", i, k,
				    m.m_arg[k]);
			}
		}
	}
	return ipctest_stop(srv);
}

const char *
test_receive_any(void)
{
	endpoint_t s[SENDERS];
	uint64_t next[SENDERS] = { 0 };
	char id[2] = "0";
	struct message m;
	const char *why;

	for (int i = 0; i < SENDERS; i++) {
		id[0] = (char)('0' + i);
		s[i] = ipctest_spawn("sender", id);
		if (s[i] < 0 || ipctest_hello(s[i], 0) != 0) {
			return testrun_why("starting sender %d: %d", i, s[i]);
		}
	}
	for (int got = 0; got < SENDERS * PER_SENDER;) {
		int r = ipc_receive(ENDPOINT_ANY, &m);

		if (r != 0) {
			return testrun_why("receive returned %d", r);
		}
		if (m.m_source == ENDPOINT_KERNEL) {
			continue; /* a sender's exit */
		}
		if (m.m_type != T_DATA || m.m_arg[0] >= SENDERS || s[m.m_arg[0]] != m.m_source) {
			return testrun_why("message type %u from %d claims sender %lu", m.m_type,
			    m.m_source, m.m_arg[0]);
		}
		if (m.m_arg[1] != next[m.m_arg[0]]++) {
			return testrun_why("sender %lu: message %lu out of order", m.m_arg[0],
			    m.m_arg[1]);
		}
		got++;
	}
	for (int i = 0; i < SENDERS; i++) {
		if ((why = ipctest_expect_exit(s[i], 0)) != NULL) {
			return why;
		}
	}
	return NULL;
}

/* Asks the server for n notifications (and a T_DATA message after them
 * when then_send), made while we wait for its reply. */
static int
ask_notify(endpoint_t srv, uint64_t n, bool then_send)
{
	struct message m = { .m_type = T_NOTIFY, .m_arg = { n, then_send } };

	return ipc_call(srv, &m);
}

const char *
test_notify_coalesce(void)
{
	endpoint_t srv = ipctest_spawn("server", NULL);
	struct message m = { 0 };
	int r;

	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	/* Ten notifications while we wait in a call: none ends the wait. */
	if ((r = ask_notify(srv, 10, true)) != 0) {
		return testrun_why("call returned %d", r);
	}
	if ((r = ipc_receive(srv, &m)) != 0 || m.m_type != MSG_NOTIFY || m.m_source != srv) {
		return testrun_why("first receive: %d, type %#x from %d", r, m.m_type, m.m_source);
	}
	/* The ten were one: next comes the message sent after them. */
	if ((r = ipc_receive(srv, &m)) != 0 || m.m_type != T_DATA) {
		return testrun_why("second receive: %d, type %#x (a second notification?)", r,
		    m.m_type);
	}
	if ((r = ask_notify(srv, 1, false)) != 0) {
		return testrun_why("second call returned %d", r);
	}
	if ((r = ipc_receive(srv, &m)) != 0 || m.m_type != MSG_NOTIFY || m.m_source != srv) {
		return testrun_why("a later notification did not arrive: %d, type %#x", r,
		    m.m_type);
	}
	return ipctest_stop(srv);
}

const char *
test_reply_not_caller(void)
{
	endpoint_t srv = ipctest_spawn("server", NULL), c;
	struct message m = { .m_type = T_ECHO };
	const char *why;
	int r;

	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	/* The server waits in a receive, not in a call to us. */
	if ((r = ipc_reply(srv, &m)) != -ENOTREADY) {
		return testrun_why("reply to a receiving server returned %d", r);
	}
	if ((why = ipctest_stop(srv)) != NULL) {
		return why;
	}
	c = ipctest_spawn("caller", NULL);
	if (c < 0 || ipctest_hello(c, 0) != 0) {
		return testrun_why("starting the caller: %d", c);
	}
	/* Its call is not taken yet: still nothing to reply to. */
	if ((r = ipc_reply(c, &m)) != -ENOTREADY) {
		return testrun_why("reply before receiving the call returned %d", r);
	}
	if ((r = ipc_receive(c, &m)) != 0 || m.m_type != T_ECHO) {
		return testrun_why("receiving the call: %d type %u", r, m.m_type);
	}
	m.m_arg[0]++;
	if ((r = ipc_reply(c, &m)) != 0) {
		return testrun_why("the reply returned %d", r);
	}
	if ((r = ipc_reply(c, &m)) != -ENOTREADY && r != -EDEADSRCDST) {
		return testrun_why("a second reply returned %d", r);
	}
	return ipctest_expect_exit(c, 0);
}

const char *
test_denied(void)
{
	struct priv_desc pd;
	endpoint_t c;

	testrun_priv(&pd);
	pd.pd_flags = 0;
	pd.pd_ipc_count = 0;
	c = ipctest_spawn_priv("denied", &pd);
	if (c < 0 || ipctest_hello(c, 0) != 0) {
		return testrun_why("starting the helper: %d", c);
	}
	return ipctest_expect_exit(c, 0);
}
