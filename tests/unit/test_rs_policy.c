/* unit-sources: servers/rs/policy.c */
/*
 * The Reincarnation Server's state machine and recovery policy with a
 * fake clock: immediate first restart, backoff growth and cap, retry
 * counting and its reset after stable running, FAILED with escalation,
 * hangs, stop versus crash, and retry_interval 0 without a retry limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/rs/policy.h"

#define S RS_NS_PER_S
#define MS RS_NS_PER_MS

static struct rs_status st;
static struct rs_policy pol;
static struct rs_decision d;
static uint64_t now;

static int
step(enum rs_event ev, enum rs_cause cause)
{
	return rs_policy_step(&st, &pol, ev, cause, now, &d);
}

/* A fresh service, started and running at t = 100 s. */
static int
setup(void **state)
{
	memset(&st, 0, sizeof(st));
	rs_policy_defaults(&pol);
	now = 100 * S;
	assert_int_equal(step(RS_EV_START, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	assert_int_equal(st.st_state, RS_STARTING);
	now += 10 * MS;
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_state, RS_RUNNING);
	return 0;
}

/* Crashes the running instance after it ran for ran ns. */
static void
crash_after(uint64_t ran)
{
	now += ran;
	assert_int_equal(step(RS_EV_CRASHED, RS_CAUSE_CRASH), 0);
}

/* Lets a pending retry happen and the new instance come up. */
static void
come_back(void)
{
	if (st.st_state == RS_CRASHED) {
		now = st.st_retry_at;
		assert_int_equal(step(RS_EV_TIMER, RS_CAUSE_NONE), 0);
		assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	}
	assert_int_equal(st.st_state, RS_RECOVERING);
	now += 2 * MS;
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_state, RS_RUNNING);
}

static void
test_first_restart_immediate(void **state)
{
	crash_after(60 * S);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	assert_int_equal(st.st_state, RS_RECOVERING);
	assert_int_equal(st.st_crashes, 1);
	assert_int_equal(st.st_last_cause, RS_CAUSE_CRASH);
	assert_true(st.st_last_crash == now);
	come_back();
	assert_true(st.st_last_latency == 2 * MS);
	assert_int_equal(st.st_starts, 2);
	assert_true(rs_policy_uptime(&st, now + 5 * S) == 5 * S);
}

static void
test_backoff_growth_and_cap(void **state)
{
	static const uint64_t want[] = { 5, 10, 20, 40, 60 };
	int i;

	pol.max_retries = RS_RETRIES_UNLIMITED;
	crash_after(1 * S);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	come_back();
	for (i = 0; i < 8; i++) {
		uint64_t w = want[i < 5 ? i : 4] * S;

		crash_after(1 * S);
		assert_int_equal(st.st_state, RS_CRASHED);
		assert_int_equal(d.d_actions, RS_ACT_WAIT);
		assert_true(d.d_when == now + w);
		/* Not before its time. */
		now += w - 1;
		assert_int_equal(step(RS_EV_TIMER, RS_CAUSE_NONE), 0);
		assert_int_equal(d.d_actions, 0);
		now -= w - 1;
		come_back();
		assert_int_equal(st.st_retries, i + 1);
	}
}

static void
test_retries_reset_after_stability(void **state)
{
	crash_after(1 * S);
	come_back();
	crash_after(1 * S);
	come_back();
	crash_after(1 * S);
	come_back();
	assert_int_equal(st.st_retries, 2);
	/* A stable run: the next crash is a fresh one again. */
	crash_after(pol.stable_ns);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	assert_int_equal(st.st_retries, 0);
	come_back();
	crash_after(1 * S);
	assert_true(d.d_when - now == 5 * S);
	assert_int_equal(st.st_retries, 1);
}

static void
test_failed_and_escalation(void **state)
{
	int i;

	pol.max_retries = 3;
	pol.escalation = RS_ESC_REBOOT;
	crash_after(0);
	come_back();
	for (i = 0; i < 3; i++) {
		crash_after(0);
		assert_int_equal(d.d_actions, RS_ACT_WAIT);
		come_back();
	}
	crash_after(0);
	assert_int_equal(st.st_state, RS_FAILED);
	assert_int_equal(d.d_actions, RS_ACT_ESCALATE);
	assert_int_equal(st.st_crashes, 5);
	/* FAILED stays until someone starts it again, which starts afresh. */
	now += 1000 * S;
	assert_int_equal(step(RS_EV_TIMER, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, 0);
	assert_int_equal(step(RS_EV_CRASHED, RS_CAUSE_CRASH), -EINVAL);
	assert_int_equal(step(RS_EV_START, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_state, RS_STARTING);
	assert_int_equal(st.st_retries, 0);
}

static void
test_max_retries_zero(void **state)
{
	pol.max_retries = 0;
	crash_after(0);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	come_back();
	crash_after(0);
	assert_int_equal(st.st_state, RS_FAILED);
	assert_int_equal(d.d_actions, RS_ACT_ESCALATE);
}

static void
test_heartbeat_miss_is_a_hang(void **state)
{
	now += 30 * S;
	assert_int_equal(step(RS_EV_HEARTBEAT_MISSED, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_KILL | RS_ACT_SPAWN);
	assert_int_equal(st.st_hb_misses, 1);
	assert_int_equal(st.st_last_cause, RS_CAUSE_HANG);
	assert_int_equal(st.st_state, RS_RECOVERING);
	/* Only a running instance can miss a heartbeat. */
	assert_int_equal(step(RS_EV_HEARTBEAT_MISSED, RS_CAUSE_NONE), -EINVAL);
	come_back();
	/* A second hang soon after waits like any repeated failure. */
	now += 1 * S;
	assert_int_equal(step(RS_EV_HEARTBEAT_MISSED, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_KILL | RS_ACT_WAIT);
}

static void
test_start_timeout_is_a_hang(void **state)
{
	now += 30 * S;
	assert_int_equal(step(RS_EV_CRASHED, RS_CAUSE_CRASH), 0);
	assert_int_equal(st.st_state, RS_RECOVERING);
	/* The replacement never registers. */
	now += 5 * S;
	assert_int_equal(step(RS_EV_START_TIMEOUT, RS_CAUSE_HANG), 0);
	assert_int_equal(d.d_actions & RS_ACT_KILL, RS_ACT_KILL);
	assert_int_equal(st.st_last_cause, RS_CAUSE_HANG);
	assert_int_equal(st.st_crashes, 2);
	/* A running instance has registered: no start timeout for it. */
	come_back();
	assert_int_equal(step(RS_EV_START_TIMEOUT, RS_CAUSE_HANG), -EINVAL);
}

static void
test_no_device_is_no_failure(void **state)
{
	/* The first instance finds no device: DEAD, nothing to do, no
	 * crash counted, and a later start is an ordinary one. */
	assert_int_equal(step(RS_EV_NO_DEVICE, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, 0);
	assert_int_equal(st.st_state, RS_DEAD);
	assert_int_equal(st.st_crashes, 0);
	assert_int_equal(step(RS_EV_NO_DEVICE, RS_CAUSE_NONE), -EINVAL);
	assert_int_equal(step(RS_EV_START, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
}

static void
test_stop_versus_crash(void **state)
{
	assert_int_equal(step(RS_EV_STOP, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_KILL);
	assert_int_equal(st.st_state, RS_STOPPING);
	/* Its end, killed or not, is no crash. */
	assert_int_equal(step(RS_EV_CRASHED, RS_CAUSE_KILLED), 0);
	assert_int_equal(st.st_state, RS_DEAD);
	assert_int_equal(d.d_actions, 0);
	assert_int_equal(st.st_crashes, 0);
	assert_int_equal(step(RS_EV_STOP, RS_CAUSE_NONE), -EINVAL);
	/* Exiting on its own while wanted is a failure, cause exit. */
	assert_int_equal(step(RS_EV_START, RS_CAUSE_NONE), 0);
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(step(RS_EV_START, RS_CAUSE_NONE), -EINVAL);
	now += 20 * S;
	assert_int_equal(step(RS_EV_STOPPED, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_last_cause, RS_CAUSE_EXIT);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
	assert_int_equal(st.st_crashes, 1);
}

static void
test_stop_while_waiting(void **state)
{
	crash_after(0);
	come_back();
	crash_after(0);
	assert_int_equal(st.st_state, RS_CRASHED);
	assert_int_equal(step(RS_EV_STOP, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_state, RS_DEAD);
	now += 3600 * S;
	assert_int_equal(step(RS_EV_TIMER, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, 0);
}

static void
test_restart_request(void **state)
{
	crash_after(0);
	come_back();
	assert_int_equal(step(RS_EV_RESTART, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_KILL | RS_ACT_SPAWN);
	assert_int_equal(st.st_state, RS_STARTING);
	assert_int_equal(st.st_crashes, 1);
	/* A manual restart ends the streak: the next crash is immediate. */
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	crash_after(0);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
}

static void
test_no_auto_restart(void **state)
{
	pol.auto_restart = false;
	crash_after(60 * S);
	assert_int_equal(st.st_state, RS_CRASHED);
	assert_int_equal(d.d_actions, 0);
	now += 3600 * S;
	assert_int_equal(step(RS_EV_TIMER, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, 0);
	assert_int_equal(step(RS_EV_RESTART, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_SPAWN);
}

static void
test_zero_interval_unlimited(void **state)
{
	int i;

	pol.retry_ns = 0;
	pol.max_retries = RS_RETRIES_UNLIMITED;
	for (i = 0; i < 1000; i++) {
		crash_after(1 * MS);
		assert_int_equal(d.d_actions, RS_ACT_SPAWN);
		come_back();
	}
	assert_int_equal(st.st_crashes, 1000);
	assert_int_equal(st.st_retries, 999);
}

static void
test_notify_dependents(void **state)
{
	pol.notify = RS_NOTIFY_TELL;
	crash_after(60 * S);
	now += 1 * MS;
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_TELL_DEPS);
	pol.notify = RS_NOTIFY_RESTART;
	crash_after(60 * S);
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, RS_ACT_RESTART_DEPS);
	/* A requested restart tells nobody. */
	assert_int_equal(step(RS_EV_RESTART, RS_CAUSE_NONE), 0);
	assert_int_equal(step(RS_EV_STARTED, RS_CAUSE_NONE), 0);
	assert_int_equal(d.d_actions, 0);
}

static void
test_spawn_failure(void **state)
{
	crash_after(60 * S);
	assert_int_equal(step(RS_EV_SPAWN_FAILED, RS_CAUSE_NONE), 0);
	assert_int_equal(st.st_state, RS_FAILED);
	assert_int_equal(st.st_last_cause, RS_CAUSE_SPAWN);
	assert_string_equal(rs_state_name(st.st_state), "FAILED");
	assert_string_equal(rs_cause_name(RS_CAUSE_HANG), "hang");
	assert_true(rs_policy_uptime(&st, now) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_first_restart_immediate, setup),
		cmocka_unit_test_setup(test_backoff_growth_and_cap, setup),
		cmocka_unit_test_setup(test_retries_reset_after_stability, setup),
		cmocka_unit_test_setup(test_failed_and_escalation, setup),
		cmocka_unit_test_setup(test_max_retries_zero, setup),
		cmocka_unit_test_setup(test_heartbeat_miss_is_a_hang, setup),
		cmocka_unit_test_setup(test_start_timeout_is_a_hang, setup),
		cmocka_unit_test_setup(test_no_device_is_no_failure, setup),
		cmocka_unit_test_setup(test_stop_versus_crash, setup),
		cmocka_unit_test_setup(test_stop_while_waiting, setup),
		cmocka_unit_test_setup(test_restart_request, setup),
		cmocka_unit_test_setup(test_no_auto_restart, setup),
		cmocka_unit_test_setup(test_zero_interval_unlimited, setup),
		cmocka_unit_test_setup(test_notify_dependents, setup),
		cmocka_unit_test_setup(test_spawn_failure, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
