/*
 * Tests of peers that are not there or not ready: calls to a dead
 * endpoint, a server that dies with our call queued or taken, an endpoint
 * whose slot came back with a new generation, two processes that send to
 * each other, and the alarm, a notification from the kernel.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

#define STALE_TRIES (ENDPOINT_SLOTS + 64)
#define ALARM_NS (60 * NS_PER_MS)

const char *
test_call_dead(void)
{
	endpoint_t c = ipctest_spawn("exit", NULL);
	struct message m = { .m_type = T_ECHO };
	const char *why;
	int r;

	if (c < 0) {
		return testrun_why("spawn: %d", c);
	}
	if ((why = ipctest_expect_exit(c, 0)) != NULL) {
		return why;
	}
	if ((r = ipc_call(c, &m)) != -EDEADSRCDST) {
		return testrun_why("call to a dead endpoint returned %d", r);
	}
	if ((r = ipc_send(c, &m)) != -EDEADSRCDST || (r = ipc_notify(c)) != -EDEADSRCDST ||
	    (r = ipc_receive(c, &m)) != -EDEADSRCDST) {
		return testrun_why("send, notify or receive with a dead endpoint returned %d", r);
	}
	if ((r = ipc_call(-100, &m)) != -EDEADSRCDST ||
	    (r = ipc_call(ENDPOINT_MAKE(ENDPOINT_SLOTS - 1, 0x1ffff), &m)) != -EDEADSRCDST) {
		return testrun_why("call to a malformed endpoint returned %d", r);
	}
	return NULL;
}

const char *
test_server_dies(void)
{
	struct message m = { .m_type = T_ECHO };
	endpoint_t srv;
	const char *why;
	int r;

	/* It takes the call, then exits without replying. */
	srv = ipctest_spawn("die_in_call", NULL);
	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	if ((r = ipc_call(srv, &m)) != -EDEADSRCDST) {
		return testrun_why("call to a server that died in it returned %d", r);
	}
	if ((why = ipctest_expect_exit(srv, 3)) != NULL) {
		return why;
	}
	/* It never takes the call: ours waits in its queue when it dies. */
	srv = ipctest_spawn("linger", "30");
	if (srv < 0) {
		return testrun_why("spawn: %d", srv);
	}
	m.m_type = T_ECHO;
	if ((r = ipc_call(srv, &m)) != -EDEADSRCDST) {
		return testrun_why("call queued on a server that died returned %d", r);
	}
	return ipctest_expect_exit(srv, 4);
}

/*
 * Slots are handed out round-robin, so the old slot comes back after about
 * one turn of the table: servers are started and stopped one after the
 * other until one lands in it, with the next generation.
 */
const char *
test_stale_generation(void)
{
	struct message m = { .m_type = T_ECHO };
	endpoint_t old = ipctest_spawn("exit", NULL), srv = -1;
	unsigned slot;
	const char *why;
	int r;

	if (old < 0 || (why = ipctest_expect_exit(old, 0)) != NULL) {
		return testrun_why("the first helper: %d", old);
	}
	slot = ENDPOINT_SLOT(old);
	for (int i = 0; i < STALE_TRIES; i++) {
		srv = ipctest_spawn("server", NULL);
		if (srv < 0) {
			return testrun_why("server %d: %d", i, srv);
		}
		if (ENDPOINT_SLOT(srv) == slot) {
			break;
		}
		if ((why = ipctest_stop(srv)) != NULL) {
			return why;
		}
		srv = -1;
	}
	if (srv < 0) {
		return testrun_why("slot %u did not come back", slot);
	}
	if (srv == old) {
		return testrun_why("slot %u came back with the same endpoint %d", slot, old);
	}
	if ((r = ipc_call(old, &m)) != -EDEADSRCDST) {
		return testrun_why("call to the stale endpoint %d returned %d", old, r);
	}
	if ((r = ipc_notify(old)) != -EDEADSRCDST) {
		return testrun_why("notify to the stale endpoint returned %d", r);
	}
	m.m_type = T_ECHO;
	if ((r = ipc_call(srv, &m)) != 0 || m.m_type != T_ECHO + 1) {
		return testrun_why("call to the new endpoint %d returned %d", srv, r);
	}
	return ipctest_stop(srv);
}

/* One of the two sends is refused with -EDEADLK, whichever came second;
 * the refused side then receives, which lets the other finish. */
const char *
test_mutual_send(void)
{
	endpoint_t c = ipctest_spawn("mutual", NULL);
	struct message m = { .m_type = T_DATA };
	struct exit_info ei;
	int r, mine;

	if (c < 0 || ipctest_hello(c, 0) != 0) {
		return testrun_why("starting the helper: %d", c);
	}
	r = ipc_send(c, &m);
	if (r == -EDEADLK) {
		mine = 1;
		if ((r = ipc_receive(c, &m)) != 0) {
			return testrun_why("receive after -EDEADLK returned %d", r);
		}
	} else if (r == 0) {
		mine = 0;
	} else {
		return testrun_why("send returned %d", r);
	}
	if ((r = spawn_wait_timeout(c, &ei, 10 * NS_PER_SEC)) != 0) {
		return testrun_why("waiting for the helper: %d", r);
	}
	if (ei.ei_cause != EXIT_NORMAL || ei.ei_status < 0 || ei.ei_status > 1 ||
	    mine + ei.ei_status != 1) {
		return testrun_why("-EDEADLK here: %d, helper status %d (cause %u)", mine,
		    ei.ei_status, ei.ei_cause);
	}
	return NULL;
}

/* Waits for NOTIFY_ALARM; returns the time it came, 0 on an error. */
static uint64_t
await_alarm(void)
{
	struct message m;

	for (;;) {
		if (ipc_receive(ENDPOINT_KERNEL, &m) != 0) {
			return 0;
		}
		if (m.m_source == ENDPOINT_KERNEL && (m.m_arg[0] & NOTIFY_ALARM) != 0) {
			return clock_now_ns();
		}
	}
}

const char *
test_alarm(void)
{
	uint64_t t0 = clock_now_ns(), t1;

	/* A cancelled alarm never comes; the later one not before its time. */
	if (kc_alarm(10 * NS_PER_MS) != 0 || kc_alarm(0) != 0 || kc_alarm(ALARM_NS) != 0) {
		return testrun_why("KC_ALARM failed");
	}
	t1 = await_alarm();
	if (t1 < t0 + ALARM_NS) {
		return testrun_why("alarm of %lu ns came after %lu ns", ALARM_NS, t1 - t0);
	}
	if (t1 > t0 + 2 * NS_PER_SEC) {
		return testrun_why("alarm of %lu ns came only after %lu ns", ALARM_NS, t1 - t0);
	}
	/* Re-armed: again. */
	t0 = clock_now_ns();
	kc_alarm(ALARM_NS / 2);
	t1 = await_alarm();
	if (t1 < t0 + ALARM_NS / 2) {
		return testrun_why("second alarm came after %lu ns", t1 - t0);
	}
	return NULL;
}
