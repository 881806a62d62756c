/*
 * The Reincarnation Server's per-service state machine and recovery
 * policy, as pure functions: rs_policy_step() takes a service's state,
 * one event and the current time, updates the state and statistics, and
 * says what rs must do (spawn, kill, wait, escalate, tell dependents).
 * No I/O and no clock of its own, so the host tests drive it with a fake
 * clock.
 *
 * The recovery rule: a crash after a stretch of stable running (the
 * instance ran at least stable_ns) restarts at once and starts a new
 * streak.  A crash within stable_ns of the last start repeats the
 * failure: it waits retry_interval, doubled for each further repeat up to
 * backoff_cap_ns, and counts as one retry; a crash that would exceed
 * max_retries makes the service FAILED and asks for the escalation.
 */
#pragma once
#include <xinim/proto/rs.h>
#include <stdbool.h>
#include <stdint.h>

#define RS_NS_PER_MS 1000000ull
#define RS_NS_PER_S 1000000000ull
#define RS_RETRIES_UNLIMITED UINT32_MAX
#define RS_DEFAULT_MAX_RETRIES 5
#define RS_DEFAULT_RETRY_NS (5 * RS_NS_PER_S)
#define RS_DEFAULT_BACKOFF_CAP_NS (60 * RS_NS_PER_S)
#define RS_DEFAULT_STABLE_NS (10 * RS_NS_PER_S)
/* A watched service (one with a heartbeat) must register this soon after
 * it is spawned, or it is taken as hung in its start-up. */
#define RS_START_TIMEOUT_NS (5 * RS_NS_PER_S)

enum rs_event {
	RS_EV_START,            /* start requested */
	RS_EV_STARTED,          /* the new instance registered / is serving */
	RS_EV_CRASHED,          /* the instance ended unexpectedly (cause given) */
	RS_EV_HEARTBEAT_MISSED, /* no heartbeat within the period: a hang */
	RS_EV_STOP,             /* stop requested */
	RS_EV_STOPPED,          /* the instance exited normally */
	RS_EV_RESTART,          /* restart requested */
	RS_EV_TIMER,            /* time passed: a due retry may go ahead */
	RS_EV_SPAWN_FAILED,     /* the spawn itself failed */
	RS_EV_START_TIMEOUT,    /* a new instance did not register in time: a hang */
	RS_EV_NO_DEVICE,        /* the instance ended finding nothing to serve (RS_EXIT_NODEV) */
};

enum rs_notify {
	RS_NOTIFY_NONE,    /* dependents are not told */
	RS_NOTIFY_TELL,    /* dependents get a message with the new endpoint */
	RS_NOTIFY_RESTART, /* dependents are restarted */
};

enum rs_escalation {
	RS_ESC_MARK_FAILED,        /* stay FAILED, nothing more */
	RS_ESC_RESTART_DEPENDENTS, /* restart the services that depend on it */
	RS_ESC_REBOOT,             /* reboot the machine */
	RS_ESC_RUN,                /* run the configured command */
};

struct rs_policy {
	uint32_t max_retries; /* delayed retries per streak; RS_RETRIES_UNLIMITED */
	uint64_t retry_ns;    /* first delay of a repeated failure */
	uint64_t backoff_cap_ns;
	uint64_t stable_ns; /* running this long makes the next crash a fresh one */
	bool auto_restart;
	enum rs_notify notify;
	enum rs_escalation escalation;
};

/* What rs must do after a step (bits of rs_decision.d_actions). */
#define RS_ACT_SPAWN (1u << 0)        /* start a new instance now */
#define RS_ACT_KILL (1u << 1)         /* kill the current instance first */
#define RS_ACT_WAIT (1u << 2)         /* send RS_EV_TIMER at d_when */
#define RS_ACT_ESCALATE (1u << 3)     /* carry out policy.escalation */
#define RS_ACT_TELL_DEPS (1u << 4)    /* tell dependents of the new instance */
#define RS_ACT_RESTART_DEPS (1u << 5) /* restart the dependents */

struct rs_decision {
	uint32_t d_actions;
	uint64_t d_when; /* RS_ACT_WAIT: the time of the retry */
};

/* One service's state and statistics; zero is DEAD with no history. */
struct rs_status {
	enum rs_state st_state;
	uint32_t st_retries;  /* delayed retries in the current streak */
	uint64_t st_retry_at; /* RS_CRASHED: when the retry is due */
	uint64_t st_started;  /* when the current instance was confirmed */
	uint64_t st_spawned;  /* when the current instance was spawned */
	bool st_streak;       /* failures are repeating (no stable run since) */
	bool st_after_crash;  /* the instance being started replaces a crashed one */
	uint32_t st_starts;
	uint32_t st_crashes;
	uint32_t st_hb_misses;
	enum rs_cause st_last_cause;
	uint64_t st_last_crash;   /* time of the last crash (0: none) */
	uint64_t st_last_latency; /* last crash to the new instance running */
};

/* Fills p with the defaults of services.conf. */
void rs_policy_defaults(struct rs_policy *p);

/* Applies event ev (with cause, for RS_EV_CRASHED) at time now to st under
 * policy p; fills *d with what rs must do.  Returns 0, or -EINVAL when
 * the event makes no sense in the current state (st is unchanged and
 * d_actions is 0).  After RS_ACT_KILL the killed instance's exit
 * notification is not an event: rs ignores exits of instances it no
 * longer tracks. */
int rs_policy_step(struct rs_status *st, const struct rs_policy *p, enum rs_event ev,
    enum rs_cause cause, uint64_t now, struct rs_decision *d);

/* The current instance's uptime at now (0 unless RUNNING). */
uint64_t rs_policy_uptime(const struct rs_status *st, uint64_t now);

/* Names for messages: "RUNNING", "hang", ... */
const char *rs_state_name(enum rs_state s);
const char *rs_cause_name(enum rs_cause c);
