/*
 * Heartbeats and the driver's own timer, multiplexed on the one KC_ALARM
 * a process has (the schedule itself is alarm.c).  The alarm is always
 * armed for the earlier of the two deadlines, so a driver that keeps its
 * timer armed still sends every heartbeat on time.
 *
 * The clock is the kernel's uptime (KC_SYSINFO).  A service whose record
 * lacks `sysinfo` gets a clock kept by the alarm alone: it advances to
 * each armed deadline when the alarm fires, and stands still in between.
 * That is exact at the moment the alarm fires; the one other moment a
 * deadline is set, driver_timer() outside the timer callback, sends a
 * heartbeat first, which makes the schedule start afresh from there.
 */
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <stdio.h>
#include "alarm.h"
#include "driver_int.h"

static struct drv_alarm sched;
static bool have_clock = true;
static bool in_alarm;     /* running the alarm's work: the clock is exact */
static uint64_t vclock;   /* the alarm-kept clock (without KC_SYSINFO) */
static uint64_t armed_at; /* vclock value when the armed alarm fires */

/* Now in ns: the kernel's uptime, or the alarm-kept clock. */
static uint64_t
now(void)
{
	struct sysinfo si;

	if (have_clock && kc_sysinfo(&si) == 0) {
		return si.si_uptime_ns;
	}
	if (have_clock) {
		have_clock = false;
		printf("%s: no sysinfo kernel call: timing by the alarm alone\n", driver_name());
	}
	return vclock;
}

/* Arms the alarm for the earlier deadline (or cancels it). */
static void
arm(uint64_t t)
{
	uint64_t ns = drv_alarm_next(&sched, t);

	armed_at = ns == 0 ? 0 : t + ns;
	kc_alarm(ns);
}

/* RS_HEARTBEAT, and the next one a period after t. */
static void
beat(uint64_t t)
{
	struct message m = { .m_type = RS_HEARTBEAT };

	rs_call(&m);
	drv_alarm_beat(&sched, t);
}

void
drv_timer_start(uint64_t period)
{
	uint64_t t = now();

	drv_alarm_start(&sched, period, t);
	arm(t);
}

void
drv_timer_alarm(void)
{
	uint64_t t;
	unsigned due;

	if (!have_clock && armed_at != 0 && armed_at > vclock) {
		vclock = armed_at;
	}
	t = now();
	due = drv_alarm_due(&sched, t);
	if (due & DRV_DUE_HEARTBEAT) {
		beat(t);
	}
	if ((due & DRV_DUE_TIMER) && drv_ops->timer != NULL) {
		in_alarm = true;
		drv_ops->timer();
		in_alarm = false;
	}
	arm(now());
}

void
driver_timer(uint64_t ns)
{
	uint64_t t = now();

	/* Without a clock, t is the time of the last alarm, long past: a
	 * heartbeat now makes the schedule true from here on. */
	if (!have_clock && !in_alarm && sched.da_period != 0) {
		beat(t);
	}
	drv_alarm_set_timer(&sched, ns, t);
	if (!in_alarm) {
		arm(t);
	}
}
