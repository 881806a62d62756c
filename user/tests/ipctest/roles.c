/*
 * The helper processes the tests start (`ipctest --role ROLE [ARG]`).
 * Each learns its parent from the T_HELLO handshake where it needs to,
 * does its one job and exits; its exit status is what the test checks
 * when the job has no other way to report.
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

/* Serves T_ECHO, T_NOTIFY and T_QUIT calls from anyone until T_QUIT. */
static int
role_server(void)
{
	struct message m;
	endpoint_t from;

	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			return 2;
		}
		from = m.m_source;
		switch (m.m_type) {
		case T_ECHO:
			m.m_type++;
			for (int i = 0; i < MSG_ARGS; i++) {
				m.m_arg[i]++;
			}
			ipc_reply(from, &m);
			break;
		case T_NOTIFY: {
			uint64_t n = m.m_arg[0], then_send = m.m_arg[1];

			for (uint64_t i = 0; i < n; i++) {
				ipc_notify(from);
			}
			ipc_reply(from, &m);
			if (then_send) {
				m.m_type = T_DATA;
				ipc_send(from, &m);
			}
			break;
		}
		case T_QUIT:
			ipc_reply(from, &m);
			return 0;
		default:
			break; /* hello, notifications */
		}
	}
}

/* role_server()'s T_ECHO and T_QUIT, and T_WHO, answered the way the library loops
 * answer: each reply goes out with the next receive (SYS_REPLY_RECV).
 * Exits 0 after T_QUIT, 2 if a receive failed, 3 if a reply to a caller
 * waiting for it was not delivered. */
static int
role_rr_server(void)
{
	struct message m = { 0 };
	endpoint_t to = ENDPOINT_NONE;
	int r, reply_r;

	for (;;) {
		r = ipc_reply_recv_status(to, &m, ENDPOINT_ANY, &m, &reply_r);
		if (r != 0) {
			return 2;
		}
		if (reply_r != 0) {
			return 3;
		}
		to = ENDPOINT_NONE;
		switch (m.m_type) {
		case T_ECHO:
			m.m_type++;
			for (int i = 0; i < MSG_ARGS; i++) {
				m.m_arg[i]++;
			}
			to = m.m_source;
			break;
		case T_WHO:
			m.m_arg[0] = (uint64_t)(int64_t)m.m_source;
			to = m.m_source;
			break;
		case T_QUIT:
			ipc_reply(m.m_source, &m);
			return 0;
		default:
			break; /* hello, notifications */
		}
	}
}

/* Sends five T_DATA messages (id = its argument) to the parent. */
static int
role_sender(const char *arg)
{
	endpoint_t parent = ipctest_await_hello(NULL);
	struct message m;

	for (uint64_t seq = 0; seq < 5; seq++) {
		memset(&m, 0, sizeof(m));
		m.m_type = T_DATA;
		m.m_arg[0] = (uint64_t)atoi(arg);
		m.m_arg[1] = seq;
		if (ipc_send(parent, &m) != 0) {
			return 1;
		}
	}
	return 0;
}

/* Takes one call and dies without replying. */
static int
role_die_in_call(void)
{
	struct message m;

	while (ipc_receive(ENDPOINT_ANY, &m) == 0 && m.m_type != T_ECHO) {
	}
	return 3;
}

/* Sends to its parent while the parent sends to it: exits 1 if its own
 * send was refused with -EDEADLK (it then takes the parent's message),
 * 0 if the send went through, 2 for anything else. */
static int
role_mutual(void)
{
	endpoint_t parent = ipctest_await_hello(NULL);
	struct message m = { .m_type = T_DATA };
	int r = ipc_send(parent, &m);

	if (r == -EDEADLK) {
		return ipc_receive(parent, &m) == 0 ? 1 : 2;
	}
	return r == 0 ? 0 : 2;
}

/* Calls its parent once; exits 0 when the reply is an echo. */
static int
role_caller(void)
{
	endpoint_t parent = ipctest_await_hello(NULL);
	struct message m = { .m_type = T_ECHO, .m_arg = { 41 } };

	if (ipc_call(parent, &m) != 0 || m.m_source != parent) {
		return 1;
	}
	return m.m_arg[0] == 42 ? 0 : 1;
}

/* Runs with no IPC rights: exits 0 when sending to, calling and
 * notifying its parent are all refused with -ECALLDENIED. */
static int
role_denied(void)
{
	endpoint_t parent = ipctest_await_hello(NULL);
	struct message m = { .m_type = T_ECHO };

	if (ipc_send(parent, &m) != -ECALLDENIED || ipc_call(parent, &m) != -ECALLDENIED) {
		return 1;
	}
	return ipc_notify(parent) == -ECALLDENIED ? 0 : 1;
}

/* Waits for its argument's worth of milliseconds without receiving
 * anything but its alarm, then exits 4. */
static int
role_linger(const char *arg)
{
	struct message m;

	kc_alarm((uint64_t)atoi(arg) * NS_PER_MS);
	while (ipc_receive(ENDPOINT_KERNEL, &m) == 0 && (m.m_arg[0] & NOTIFY_ALARM) == 0) {
	}
	return 4;
}

int
ipctest_role(const char *name, const char *arg)
{
	if (strcmp(name, "denied") == 0) {
		return role_denied();
	}
	if (strcmp(name, "linger") == 0 && arg != NULL) {
		return role_linger(arg);
	}
	if (strcmp(name, "server") == 0) {
		return role_server();
	}
	if (strcmp(name, "rr_server") == 0) {
		return role_rr_server();
	}
	if (strcmp(name, "sender") == 0 && arg != NULL) {
		return role_sender(arg);
	}
	if (strcmp(name, "die_in_call") == 0) {
		return role_die_in_call();
	}
	if (strcmp(name, "mutual") == 0) {
		return role_mutual();
	}
	if (strcmp(name, "caller") == 0) {
		return role_caller();
	}
	if (strcmp(name, "exit") == 0) {
		return 0;
	}
	return 100;
}
