/*
 * The schedule behind libdriver's one KC_ALARM: a driver has a heartbeat
 * to send every period rs gave it and at most one timer of its own
 * (driver_timer()), and the kernel gives it one alarm.  struct drv_alarm
 * keeps both deadlines in nanoseconds on one clock; the alarm is always
 * armed for the earlier, and when it fires drv_alarm_due() says which of
 * the two fell due.  Pure arithmetic over a caller-supplied `now`, so it
 * is host-tested (tests/unit/test_driver_alarm.c).
 *
 * A heartbeat may go out a little early (up to DRV_HB_EARLY_DIV-th of a
 * period) so that a timer expiring just before it wakes the driver once
 * for both; rs only minds late heartbeats.  A timer is never early.
 */
#pragma once
#include <stdint.h>

/* A heartbeat due within period / DRV_HB_EARLY_DIV is sent now. */
#define DRV_HB_EARLY_DIV 8

/* drv_alarm_due() result bits. */
#define DRV_DUE_HEARTBEAT 1u
#define DRV_DUE_TIMER 2u

struct drv_alarm {
	uint64_t da_period; /* heartbeat period in ns; 0: no heartbeats */
	uint64_t da_hb_at;  /* when the next heartbeat is due (0: none) */
	uint64_t da_tm_at;  /* when the driver's timer expires (0: not armed) */
};

/* Starts the heartbeats at now with period (0: none); a timer already
 * set stays.  A zeroed struct drv_alarm has neither. */
void drv_alarm_start(struct drv_alarm *a, uint64_t period, uint64_t now);

/* A heartbeat went out at now: the next is due a period later. */
void drv_alarm_beat(struct drv_alarm *a, uint64_t now);

/* Arms the driver's timer ns after now (0 cancels it). */
void drv_alarm_set_timer(struct drv_alarm *a, uint64_t ns, uint64_t now);

/* What is due at now: DRV_DUE_* bits.  A due timer is disarmed; a due
 * heartbeat stays due until drv_alarm_beat(). */
unsigned drv_alarm_due(struct drv_alarm *a, uint64_t now);

/* The KC_ALARM argument for the earlier deadline after now: 0 when
 * nothing is scheduled (cancel), at least 1 when a deadline has passed. */
uint64_t drv_alarm_next(const struct drv_alarm *a, uint64_t now);
