/*
 * Watching services (svc.h): starting the boot services, turning the
 * kernel's exit records into policy events with a one-line log, and the
 * single alarm rs keeps, set to the earliest of the heartbeat deadlines,
 * the due retries and the end of the boot wait.
 *
 * A service is hung when no heartbeat came for one and a half periods,
 * so a hang is found within two periods of its last heartbeat; a
 * service with a heartbeat that has not registered RS_START_TIMEOUT_NS
 * after its spawn is hung in its start-up.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "svc.h"

#define RS_BOOT_WAIT_NS (5 * RS_NS_PER_S)

static uint64_t boot_deadline;

void
rs_svc_boot(const int *order, int n)
{
	boot_deadline = clock_now_ns() + RS_BOOT_WAIT_NS;
	for (int i = 0; i < n; i++) {
		struct rs_svc *sv = rs_svc_at(order[i]);

		if (sv != NULL && sv->sv_conf->sc_boot) {
			rs_svc_event(sv, RS_EV_START, RS_CAUSE_NONE);
		}
	}
}

bool
rs_svc_booting(void)
{
	if (boot_deadline == 0 || clock_now_ns() >= boot_deadline) {
		boot_deadline = 0;
		return false;
	}
	for (int i = 0; i < rs_svc_count(); i++) {
		struct rs_svc *sv = rs_svc_at(i);

		if (sv->sv_conf->sc_boot && sv->sv_st.st_state == RS_STARTING) {
			return true;
		}
	}
	boot_deadline = 0;
	return false;
}

/* The policy's cause for an exit record. */
static enum rs_cause
exit_cause(const struct exit_info *ei)
{
	switch (ei->ei_cause) {
	case EXIT_NORMAL:
		return RS_CAUSE_EXIT;
	case EXIT_KILLED:
		return RS_CAUSE_KILLED;
	default:
		return RS_CAUSE_CRASH;
	}
}

/* Logs what became of a failed service, after the policy step. */
static void
log_failure(const struct rs_svc *sv, const char *what)
{
	const struct rs_status *st = &sv->sv_st;
	const char *name = sv->sv_conf->sc_name;

	if (st->st_state == RS_RECOVERING) {
		printf("rs: %s %s, restarting\n", name, what);
	} else if (st->st_state == RS_CRASHED && st->st_retry_at != 0) {
		printf("rs: %s %s, restarting in %lu ms\n", name, what,
		    (unsigned long)((st->st_retry_at - clock_now_ns()) / RS_NS_PER_MS));
	} else if (st->st_state == RS_CRASHED) {
		printf("rs: %s %s, not restarted\n", name, what);
	} else if (st->st_state == RS_FAILED) {
		printf("rs: %s %s\n", name, what);
		printf("rs: %s failed after %u retries: marked FAILED\n", name,
		    (unsigned)st->st_retries);
	} else {
		printf("rs: %s %s\n", name, what);
	}
}

bool
rs_svc_exited(const struct exit_info *ei)
{
	struct rs_svc *sv = rs_svc_by_ep(ei->ei_endpoint);
	char how[96], what[112];
	const char *desc;

	if (sv == NULL) {
		return false;
	}
	sv->sv_ep = ENDPOINT_NONE;
	if (sv->sv_st.st_state == RS_STOPPING) {
		rs_svc_event(sv, RS_EV_STOPPED, RS_CAUSE_NONE);
		printf("rs: %s stopped\n", sv->sv_conf->sc_name);
		return true;
	}
	if (ei->ei_cause == EXIT_NORMAL && ei->ei_status == RS_EXIT_NODEV) {
		rs_svc_event(sv, RS_EV_NO_DEVICE, RS_CAUSE_NONE);
		printf("rs: %s has no device; not restarted\n", sv->sv_conf->sc_name);
		return true;
	}
	desc = exit_describe(ei, how, sizeof(how));
	if (strncmp(desc, "killed by ", 10) == 0) {
		desc += 10;
	}
	if (ei->ei_cause == EXIT_NORMAL) {
		snprintf(what, sizeof(what), "exited (status %d)", ei->ei_status);
	} else {
		snprintf(what, sizeof(what), "crashed (%s)", desc);
	}
	rs_svc_event(sv, RS_EV_CRASHED, exit_cause(ei));
	log_failure(sv, what);
	return true;
}

/* True while sv's instance is spawned but has not registered. */
static bool
starting(const struct rs_svc *sv)
{
	return sv->sv_st.st_state == RS_STARTING || sv->sv_st.st_state == RS_RECOVERING;
}

/* The next injection of a repeated fault, when it is due and an instance
 * runs to take it; a service stopped or given up on ends the repetition. */
static void
fault_tick(struct rs_svc *sv, uint64_t now)
{
	enum rs_state state = sv->sv_st.st_state;
	uint32_t kind;

	if (state == RS_DEAD || state == RS_FAILED || state == RS_STOPPING) {
		rs_faultrep_cancel(&sv->sv_faultrep);
		return;
	}
	kind = rs_faultrep_due(&sv->sv_faultrep, now,
	    state == RS_RUNNING && sv->sv_ep != ENDPOINT_NONE);
	if (kind != 0) {
		printf("rs: injecting fault %u into %s at %lu ms (%u more)\n", (unsigned)kind,
		    sv->sv_conf->sc_name, (unsigned long)(now / RS_NS_PER_MS),
		    (unsigned)sv->sv_faultrep.fr_left);
		rs_svc_post_fault(sv, kind);
	}
}

/* Earlier of a and b, where 0 means none. */
static uint64_t
earliest(uint64_t a, uint64_t b)
{
	return a == 0 || (b != 0 && b < a) ? b : a;
}

void
rs_svc_tick(void)
{
	uint64_t now = clock_now_ns(), next = boot_deadline;

	for (int i = 0; i < rs_svc_count(); i++) {
		struct rs_svc *sv = rs_svc_at(i);
		uint64_t hb = sv->sv_conf->sc_heartbeat_ns;
		uint64_t due = sv->sv_hb_last + hb + hb / 2;
		char what[64];

		if (sv->sv_st.st_state == RS_RUNNING && hb != 0 && now >= due) {
			snprintf(what, sizeof(what), "hung (no heartbeat for %lu ms)",
			    (unsigned long)((now - sv->sv_hb_last) / RS_NS_PER_MS));
			rs_svc_event(sv, RS_EV_HEARTBEAT_MISSED, RS_CAUSE_HANG);
			log_failure(sv, what);
		}
		if (starting(sv) && hb != 0 && now >= sv->sv_hb_last + RS_START_TIMEOUT_NS) {
			rs_svc_event(sv, RS_EV_START_TIMEOUT, RS_CAUSE_HANG);
			log_failure(sv, "hung in its start-up (never registered)");
		}
		fault_tick(sv, now);
		if (sv->sv_st.st_state == RS_CRASHED && sv->sv_st.st_retry_at != 0 &&
		    now >= sv->sv_st.st_retry_at) {
			rs_svc_event(sv, RS_EV_TIMER, RS_CAUSE_NONE);
		}
		if (sv->sv_st.st_state == RS_RUNNING && hb != 0) {
			next = earliest(next, sv->sv_hb_last + hb + hb / 2);
		}
		if (sv->sv_st.st_state == RS_CRASHED) {
			next = earliest(next, sv->sv_st.st_retry_at);
		}
		if (starting(sv) && hb != 0) {
			next = earliest(next, sv->sv_hb_last + RS_START_TIMEOUT_NS);
		}
		/* Only while one runs: a new instance's registration wakes rs
		 * anyway, and a due injection then goes to it. */
		if (sv->sv_st.st_state == RS_RUNNING) {
			next = earliest(next, rs_faultrep_deadline(&sv->sv_faultrep));
		}
	}
	now = clock_now_ns();
	kc_alarm(next == 0 ? 0 : next > now ? next - now : 1);
}
