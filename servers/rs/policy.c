/*
 * The per-service state machine and recovery policy (policy.h).  Each
 * event is handled by one case of rs_policy_step(); a crash, a hang and
 * an unexpected exit all go through on_failure(), which holds the rule
 * for immediate restart, backoff, retry counting and escalation.
 */
#include <string.h>
#include <xinim/errno.h>
#include "policy.h"

void
rs_policy_defaults(struct rs_policy *p)
{
	p->max_retries = RS_DEFAULT_MAX_RETRIES;
	p->retry_ns = RS_DEFAULT_RETRY_NS;
	p->backoff_cap_ns = RS_DEFAULT_BACKOFF_CAP_NS;
	p->stable_ns = RS_DEFAULT_STABLE_NS;
	p->auto_restart = true;
	p->notify = RS_NOTIFY_NONE;
	p->escalation = RS_ESC_MARK_FAILED;
}

/* The delay before the n-th retry (n >= 1) of a streak: retry_ns doubled
 * n - 1 times, no more than the cap (and the cap never below retry_ns). */
static uint64_t
backoff(const struct rs_policy *p, uint32_t n)
{
	uint64_t cap = p->backoff_cap_ns > p->retry_ns ? p->backoff_cap_ns : p->retry_ns;
	uint64_t d = p->retry_ns;

	while (--n > 0 && d < cap) {
		d = d > cap / 2 ? cap : d * 2;
	}
	return d;
}

/* Starts a new instance now. */
static void
spawn(struct rs_status *st, enum rs_state next, uint64_t now, struct rs_decision *d)
{
	st->st_state = next;
	st->st_spawned = now;
	st->st_starts++;
	d->d_actions |= RS_ACT_SPAWN;
}

/* A start or restart someone asked for: a fresh beginning. */
static void
fresh_start(struct rs_status *st, uint64_t now, struct rs_decision *d)
{
	st->st_streak = false;
	st->st_retries = 0;
	st->st_retry_at = 0;
	st->st_after_crash = false;
	spawn(st, RS_STARTING, now, d);
}

/* The current instance failed at now (it has ended, or is being killed
 * for a hang): statistics, then restart now, later, or never. */
static void
on_failure(struct rs_status *st, const struct rs_policy *p, enum rs_cause cause, uint64_t now,
    struct rs_decision *d)
{
	bool stable = st->st_state == RS_RUNNING && now - st->st_started >= p->stable_ns;
	uint64_t delay;

	st->st_crashes++;
	st->st_last_cause = cause;
	st->st_last_crash = now;
	st->st_after_crash = true;
	st->st_retry_at = 0;
	if (!p->auto_restart) {
		st->st_state = RS_CRASHED;
		return;
	}
	if (stable || !st->st_streak) {
		/* The first failure after stable running: at once, not counted. */
		st->st_streak = true;
		st->st_retries = 0;
		spawn(st, RS_RECOVERING, now, d);
		return;
	}
	if (p->max_retries != RS_RETRIES_UNLIMITED && st->st_retries >= p->max_retries) {
		st->st_state = RS_FAILED;
		d->d_actions |= RS_ACT_ESCALATE;
		return;
	}
	st->st_retries++;
	delay = backoff(p, st->st_retries);
	if (delay == 0) {
		spawn(st, RS_RECOVERING, now, d);
		return;
	}
	st->st_state = RS_CRASHED;
	st->st_retry_at = now + delay;
	d->d_actions |= RS_ACT_WAIT;
	d->d_when = st->st_retry_at;
}

/* The new instance is serving. */
static void
on_started(struct rs_status *st, const struct rs_policy *p, uint64_t now, struct rs_decision *d)
{
	st->st_state = RS_RUNNING;
	st->st_started = now;
	if (!st->st_after_crash) {
		return;
	}
	st->st_after_crash = false;
	st->st_last_latency = now - st->st_last_crash;
	if (p->notify == RS_NOTIFY_TELL) {
		d->d_actions |= RS_ACT_TELL_DEPS;
	} else if (p->notify == RS_NOTIFY_RESTART) {
		d->d_actions |= RS_ACT_RESTART_DEPS;
	}
}

int
rs_policy_step(struct rs_status *st, const struct rs_policy *p, enum rs_event ev,
    enum rs_cause cause, uint64_t now, struct rs_decision *d)
{
	enum rs_state s = st->st_state;
	bool alive = s == RS_STARTING || s == RS_RUNNING || s == RS_RECOVERING;
	bool down = s == RS_DEAD || s == RS_CRASHED || s == RS_FAILED;

	memset(d, 0, sizeof(*d));
	switch (ev) {
	case RS_EV_START:
		if (!down) {
			return -EINVAL;
		}
		fresh_start(st, now, d);
		return 0;
	case RS_EV_RESTART:
		if (!down && !alive) {
			return -EINVAL;
		}
		d->d_actions = alive ? RS_ACT_KILL : 0;
		fresh_start(st, now, d);
		return 0;
	case RS_EV_STARTED:
		if (s != RS_STARTING && s != RS_RECOVERING) {
			return -EINVAL;
		}
		on_started(st, p, now, d);
		return 0;
	case RS_EV_CRASHED:
	case RS_EV_STOPPED:
		if (s == RS_STOPPING) {
			st->st_state = RS_DEAD;
			return 0;
		}
		if (!alive) {
			return -EINVAL;
		}
		on_failure(st, p, ev == RS_EV_STOPPED ? RS_CAUSE_EXIT : cause, now, d);
		return 0;
	case RS_EV_HEARTBEAT_MISSED:
		if (s != RS_RUNNING) {
			return -EINVAL;
		}
		st->st_hb_misses++;
		d->d_actions = RS_ACT_KILL;
		on_failure(st, p, RS_CAUSE_HANG, now, d);
		return 0;
	case RS_EV_NO_DEVICE:
		/* Not a failure, and nothing a restart would change. */
		if (!alive) {
			return -EINVAL;
		}
		st->st_state = RS_DEAD;
		return 0;
	case RS_EV_START_TIMEOUT:
		if (s != RS_STARTING && s != RS_RECOVERING) {
			return -EINVAL;
		}
		d->d_actions = RS_ACT_KILL;
		on_failure(st, p, RS_CAUSE_HANG, now, d);
		return 0;
	case RS_EV_STOP:
		if (alive) {
			st->st_state = RS_STOPPING;
			d->d_actions = RS_ACT_KILL;
		} else if (s == RS_CRASHED || s == RS_FAILED) {
			st->st_state = RS_DEAD;
			st->st_retry_at = 0;
		} else {
			return -EINVAL;
		}
		return 0;
	case RS_EV_TIMER:
		if (s == RS_CRASHED && st->st_retry_at != 0 && now >= st->st_retry_at) {
			st->st_retry_at = 0;
			spawn(st, RS_RECOVERING, now, d);
		}
		return 0;
	case RS_EV_SPAWN_FAILED:
		if (s != RS_STARTING && s != RS_RECOVERING) {
			return -EINVAL;
		}
		st->st_state = RS_FAILED;
		st->st_last_cause = RS_CAUSE_SPAWN;
		return 0;
	}
	return -EINVAL;
}

uint64_t
rs_policy_uptime(const struct rs_status *st, uint64_t now)
{
	return st->st_state == RS_RUNNING && now >= st->st_started ? now - st->st_started : 0;
}

const char *
rs_state_name(enum rs_state s)
{
	static const char *const names[] = { "DEAD", "STARTING", "RUNNING", "STOPPING", "CRASHED",
		"RECOVERING", "FAILED" };

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *
rs_cause_name(enum rs_cause c)
{
	static const char *const names[] = { "none", "crash", "hang", "exit", "killed", "spawn" };

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}
