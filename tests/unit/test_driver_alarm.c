/* unit-sources: lib/libdriver/alarm.c */
/*
 * libdriver's one-alarm schedule: heartbeats every period, the driver's
 * timer armed alongside (the alarm goes to the earlier deadline, the
 * heartbeat keeps its pace while a long timer is armed and while a short
 * one is re-armed over and over), a late heartbeat moving the next one,
 * the early heartbeat that shares a wake-up with the timer, a timer set
 * before the heartbeats start, cancelling, and no heartbeats at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../../lib/libdriver/alarm.h"

#define MS 1000000ULL
#define P (200 * MS)

static void
test_heartbeat_only(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_start(&a, P, 1000);
	assert_int_equal(drv_alarm_next(&a, 1000), P);
	assert_int_equal(drv_alarm_due(&a, 1000 + P / 2), 0);
	assert_int_equal(drv_alarm_next(&a, 1000 + P / 2), P / 2);
	assert_int_equal(drv_alarm_due(&a, 1000 + P), DRV_DUE_HEARTBEAT);
	/* Still due until it is sent. */
	assert_int_equal(drv_alarm_next(&a, 1000 + P), 1);
	drv_alarm_beat(&a, 1000 + P);
	assert_int_equal(drv_alarm_next(&a, 1000 + P), P);
}

static void
test_no_heartbeat(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_start(&a, 0, 5);
	assert_int_equal(drv_alarm_next(&a, 5), 0);
	assert_int_equal(drv_alarm_due(&a, 1ULL << 40), 0);
	drv_alarm_set_timer(&a, 10 * MS, 5);
	assert_int_equal(drv_alarm_next(&a, 5), 10 * MS);
	assert_int_equal(drv_alarm_due(&a, 5 + 10 * MS), DRV_DUE_TIMER);
	assert_int_equal(drv_alarm_next(&a, 5 + 10 * MS), 0);
	assert_int_equal(drv_alarm_due(&a, 5 + 20 * MS), 0);
}

/* A timer longer than the period: the alarm still wakes for each
 * heartbeat, and the timer fires once, on time. */
static void
test_long_timer_keeps_heartbeat(void **state)
{
	struct drv_alarm a = { 0 };
	uint64_t t = 0, beats = 0, fired_at = 0;

	drv_alarm_start(&a, P, t);
	drv_alarm_set_timer(&a, 5 * P + P / 3, t);
	while (t < 10 * P) {
		unsigned due;

		t += drv_alarm_next(&a, t);
		due = drv_alarm_due(&a, t);
		if (due & DRV_DUE_HEARTBEAT) {
			drv_alarm_beat(&a, t);
			beats++;
		}
		if (due & DRV_DUE_TIMER) {
			assert_int_equal(fired_at, 0);
			fired_at = t;
		}
	}
	assert_int_equal(fired_at, 5 * P + P / 3);
	assert_true(beats >= 9 && beats <= 10);
}

/* A short timer re-armed at every expiry never starves the heartbeat:
 * no gap between heartbeats exceeds the period. */
static void
test_periodic_timer_keeps_heartbeat(void **state)
{
	struct drv_alarm a = { 0 };
	uint64_t t = 0, last_beat = 0, ticks = 0;

	drv_alarm_start(&a, P, t);
	drv_alarm_set_timer(&a, 7 * MS, t);
	while (t < 20 * P) {
		unsigned due;

		t += drv_alarm_next(&a, t);
		due = drv_alarm_due(&a, t);
		if (due & DRV_DUE_HEARTBEAT) {
			assert_true(t - last_beat <= P);
			drv_alarm_beat(&a, t);
			last_beat = t;
		}
		if (due & DRV_DUE_TIMER) {
			ticks++;
			drv_alarm_set_timer(&a, 7 * MS, t);
		}
	}
	assert_true(t - last_beat <= P);
	assert_true(ticks >= 20 * P / (7 * MS) - 1);
}

/* A timer just before the heartbeat takes the heartbeat along: one
 * wake-up for both.  Further away, they stay apart. */
static void
test_early_heartbeat_shares_wakeup(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_start(&a, P, 0);
	drv_alarm_set_timer(&a, P - P / 16, 0);
	assert_int_equal(drv_alarm_next(&a, 0), P - P / 16);
	assert_int_equal(drv_alarm_due(&a, P - P / 16), DRV_DUE_HEARTBEAT | DRV_DUE_TIMER);

	drv_alarm_set_timer(&a, 0, 0);
	drv_alarm_start(&a, P, 0);
	drv_alarm_set_timer(&a, P / 2, 0);
	assert_int_equal(drv_alarm_due(&a, P / 2), DRV_DUE_TIMER);
	assert_int_equal(drv_alarm_next(&a, P / 2), P / 2);
}

/* A heartbeat sent late: the next is a full period after it. */
static void
test_late_heartbeat(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_start(&a, P, 0);
	assert_int_equal(drv_alarm_due(&a, P + 30 * MS), DRV_DUE_HEARTBEAT);
	drv_alarm_beat(&a, P + 30 * MS);
	assert_int_equal(drv_alarm_next(&a, P + 30 * MS), P);
}

/* A timer set before the heartbeats start (in init()) survives their
 * start. */
static void
test_timer_before_start(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_set_timer(&a, 50 * MS, 0);
	assert_int_equal(drv_alarm_next(&a, 0), 50 * MS);
	drv_alarm_start(&a, P, 10 * MS);
	assert_int_equal(drv_alarm_next(&a, 10 * MS), 40 * MS);
	assert_int_equal(drv_alarm_due(&a, 50 * MS), DRV_DUE_TIMER);
	assert_int_equal(drv_alarm_next(&a, 50 * MS), P - 40 * MS);
}

static void
test_cancel_and_replace(void **state)
{
	struct drv_alarm a = { 0 };

	drv_alarm_start(&a, P, 0);
	drv_alarm_set_timer(&a, 10 * MS, 0);
	drv_alarm_set_timer(&a, 30 * MS, 0);
	assert_int_equal(drv_alarm_next(&a, 0), 30 * MS);
	assert_int_equal(drv_alarm_due(&a, 10 * MS), 0);
	drv_alarm_set_timer(&a, 0, 0);
	assert_int_equal(drv_alarm_next(&a, 0), P);
	assert_int_equal(drv_alarm_due(&a, 30 * MS), 0);
	/* A timer already past due is due at once, never "none". */
	drv_alarm_set_timer(&a, 1, 0);
	assert_int_equal(drv_alarm_next(&a, 50), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heartbeat_only),
		cmocka_unit_test(test_no_heartbeat),
		cmocka_unit_test(test_long_timer_keeps_heartbeat),
		cmocka_unit_test(test_periodic_timer_keeps_heartbeat),
		cmocka_unit_test(test_early_heartbeat_shares_wakeup),
		cmocka_unit_test(test_late_heartbeat),
		cmocka_unit_test(test_timer_before_start),
		cmocka_unit_test(test_cancel_and_replace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
