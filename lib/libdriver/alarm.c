/*
 * The heartbeat and timer deadlines behind libdriver's one alarm
 * (alarm.h).  No system calls: timer.c supplies the clock and does the
 * sending and arming.
 */
#include "alarm.h"

void
drv_alarm_start(struct drv_alarm *a, uint64_t period, uint64_t now)
{
	a->da_period = period;
	a->da_hb_at = 0;
	drv_alarm_beat(a, now);
}

void
drv_alarm_beat(struct drv_alarm *a, uint64_t now)
{
	/* rs measures from the heartbeat it last got, so a late one moves
	 * the next one along with it.  A deadline is never 0 (none). */
	if (a->da_period != 0) {
		a->da_hb_at = now + a->da_period;
	}
}

void
drv_alarm_set_timer(struct drv_alarm *a, uint64_t ns, uint64_t now)
{
	a->da_tm_at = ns == 0 ? 0 : now + ns;
}

unsigned
drv_alarm_due(struct drv_alarm *a, uint64_t now)
{
	unsigned due = 0;

	if (a->da_hb_at != 0 && now + a->da_period / DRV_HB_EARLY_DIV >= a->da_hb_at) {
		due |= DRV_DUE_HEARTBEAT;
	}
	if (a->da_tm_at != 0 && now >= a->da_tm_at) {
		a->da_tm_at = 0;
		due |= DRV_DUE_TIMER;
	}
	return due;
}

uint64_t
drv_alarm_next(const struct drv_alarm *a, uint64_t now)
{
	uint64_t at = a->da_hb_at;

	if (a->da_tm_at != 0 && (at == 0 || a->da_tm_at < at)) {
		at = a->da_tm_at;
	}
	if (at == 0) {
		return 0;
	}
	return at > now ? at - now : 1;
}
