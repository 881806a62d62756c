/*
 * What the tests and helpers share: spawning helpers from our own binary,
 * the hello handshake that tells a helper its parent's endpoint (a process
 * learns another's endpoint only from spawn or from m_source), waiting
 * for a child with a time limit, and the clock.
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

endpoint_t
ipctest_start(const char *mode, const char *name, const char *arg)
{
	char *argv[] = { "ipctest", (char *)mode, (char *)name, (char *)arg, NULL };
	struct priv_desc pd;

	testrun_priv(&pd);
	return spawn_boot("ipctest", argv, &pd);
}

endpoint_t
ipctest_spawn(const char *role, const char *arg)
{
	return ipctest_start("--role", role, arg);
}

endpoint_t
ipctest_spawn_priv(const char *role, const struct priv_desc *pd)
{
	char *argv[] = { "ipctest", "--role", (char *)role, NULL };

	return spawn_boot("ipctest", argv, pd);
}

const char *
ipctest_stop(endpoint_t server)
{
	struct message m = { .m_type = T_QUIT };
	struct exit_info ei;
	int r = ipc_call(server, &m);

	if (r != 0) {
		return testrun_why("T_QUIT call to the server returned %d", r);
	}
	r = spawn_wait_timeout(server, &ei, 5 * NS_PER_SEC);
	if (r != 0) {
		return testrun_why("waiting for the server: %d", r);
	}
	if (ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		return testrun_why("server ended with cause %u status %d", ei.ei_cause,
		    ei.ei_status);
	}
	return NULL;
}

int
ipctest_hello(endpoint_t helper, uint64_t a0)
{
	struct message m = { .m_type = T_HELLO, .m_arg = { a0 } };

	return ipc_send(helper, &m);
}

endpoint_t
ipctest_await_hello(uint64_t *a0)
{
	struct message m;

	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			return ENDPOINT_NONE;
		}
		if (m.m_type == T_HELLO && m.m_source >= 0) {
			break;
		}
	}
	if (a0 != NULL) {
		*a0 = m.m_arg[0];
	}
	return m.m_source;
}

/* Waits for child and checks that it exited with status want. */
const char *
ipctest_expect_exit(endpoint_t child, int want)
{
	struct exit_info ei;
	int r = spawn_wait_timeout(child, &ei, 10 * NS_PER_SEC);

	if (r != 0) {
		return testrun_why("waiting for helper %d: %d", child, r);
	}
	if (ei.ei_cause != EXIT_NORMAL || ei.ei_status != want) {
		return testrun_why("helper ended with cause %u status %d, not status %d",
		    ei.ei_cause, ei.ei_status, want);
	}
	return NULL;
}
