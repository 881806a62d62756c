/*
 * The live service table (svc.h): spawning an instance with the record
 * its configuration describes, stepping the policy on every event and
 * carrying out what it decides (spawn, kill, escalate, tell or restart
 * dependents), collecting ended instances, and the one alarm that covers
 * heartbeat deadlines and delayed retries.
 *
 * Services get PRIV_IPC_ANY: they must reach rs, and rs cannot name its
 * own endpoint in their record (no kernel call tells a process its
 * endpoint).  The configured targets are still resolved and listed.
 */
#include <libsys/bootimage.h>
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "evqueue.h"
#include "rs.h"
#include "svc.h"

static struct rs_svc svcs[RS_SERVICES_MAX];
static int svc_count;

void
rs_svc_init(const struct rs_service_conf *conf, int n)
{
	svc_count = n;
	for (int i = 0; i < n; i++) {
		struct rs_svc *sv = &svcs[i];

		sv->sv_conf = &conf[i];
		sv->sv_ep = ENDPOINT_NONE;
		sv->sv_pub_ep = ENDPOINT_NONE;
		if (conf[i].sc_preserve_state > 0) {
			sv->sv_state = malloc(conf[i].sc_preserve_state);
		}
	}
}

struct rs_svc *
rs_svc_by_name(const char *name)
{
	for (int i = 0; i < svc_count; i++) {
		if (strcmp(svcs[i].sv_conf->sc_name, name) == 0) {
			return &svcs[i];
		}
	}
	return NULL;
}

struct rs_svc *
rs_svc_by_ep(endpoint_t ep)
{
	for (int i = 0; i < svc_count; i++) {
		if (svcs[i].sv_ep == ep && ep != ENDPOINT_NONE) {
			return &svcs[i];
		}
	}
	return NULL;
}

struct rs_svc *
rs_svc_at(int i)
{
	return i >= 0 && i < svc_count ? &svcs[i] : NULL;
}

int
rs_svc_count(void)
{
	return svc_count;
}

/* The record of an instance: its configured calls, ports, IRQs, DMA. */
static void
svc_priv(const struct rs_service_conf *c, struct priv_desc *pd)
{
	memset(pd, 0, sizeof(*pd));
	/* Every service may write to the console: there is no log server. */
	pd->pd_kcalls = c->sc_kcalls | 1ull << KC_CONSOLE_WRITE;
	pd->pd_flags = PRIV_IPC_ANY;
	for (uint32_t i = 0; i < c->sc_ipc_count; i++) {
		struct rs_svc *t = rs_svc_by_name(c->sc_ipc[i]);

		if (t != NULL && t->sv_ep != ENDPOINT_NONE) {
			pd->pd_ipc[pd->pd_ipc_count++] = t->sv_ep;
		}
	}
	pd->pd_io_count = c->sc_io_count;
	memcpy(pd->pd_io, c->sc_io, sizeof(pd->pd_io));
	pd->pd_irq_count = c->sc_irq_count;
	memcpy(pd->pd_irq, c->sc_irq, sizeof(pd->pd_irq));
	pd->pd_dma_quota = c->sc_dma_quota;
}

/* Spawns binary with words (split at spaces) as its arguments and tells
 * the child rs's endpoint with a notification; its endpoint or < 0. */
static endpoint_t
svc_spawn_words(const char *name, const char *binary, const char *words, const struct priv_desc *pd)
{
	static char buf[RS_ARGS_MAX];
	char *argv[RS_ARGV_MAX];
	const void *data;
	size_t len;
	int argc = 1, err;
	endpoint_t ep;

	err = bootimage_find(binary, &data, &len);
	if (err != 0) {
		return err;
	}
	strlcpy(buf, words, sizeof(buf));
	argv[0] = (char *)name;
	for (char *s = buf; *s != '\0' && argc < RS_ARGV_MAX - 1;) {
		argv[argc++] = s;
		while (*s != '\0' && *s != ' ') {
			s++;
		}
		while (*s == ' ') {
			*s++ = '\0';
		}
	}
	argv[argc] = NULL;
	ep = elf_spawn(data, len, name, argv, NULL, pd);
	if (ep >= 0) {
		ipc_notify(ep);
	}
	return ep;
}

static void
svc_spawn(struct rs_svc *sv)
{
	const struct rs_service_conf *c = sv->sv_conf;
	struct priv_desc pd;
	endpoint_t ep;

	svc_priv(c, &pd);
	ep = svc_spawn_words(c->sc_name, c->sc_binary, c->sc_args, &pd);
	if (ep < 0) {
		printf("rs: cannot start %s (%s): %s\n", c->sc_name, c->sc_binary, strerror(ep));
		rs_svc_event(sv, RS_EV_SPAWN_FAILED, RS_CAUSE_SPAWN);
		return;
	}
	sv->sv_ep = ep;
	sv->sv_fault = 0;
	sv->sv_deps_changed = 0;
	sv->sv_instance++;
	sv->sv_hb_last = clock_now_ns();
	if (sv->sv_st.st_state == RS_STARTING) {
		printf("rs: started %s (ep %d)\n", c->sc_name, ep);
	}
}

int
rs_svc_post_fault(struct rs_svc *sv, uint32_t kind)
{
	if (sv->sv_ep == ENDPOINT_NONE) {
		return -ESRCH;
	}
	sv->sv_fault = kind;
	return ipc_notify(sv->sv_ep);
}

/* Moves sv's oldest pending event into r (evqueue.c says which). */
static int
svc_take_one(struct rs_svc *sv, struct message *r)
{
	int i = rs_evq_next(sv->sv_fault, sv->sv_deps_changed, svc_count);
	struct message tmp;

	if (i == RS_EVQ_NONE) {
		return -ENOENT;
	}
	if (i == RS_EVQ_FAULT) {
		r->m_arg[1] = RS_FAULT_INJECT;
		r->m_arg[2] = sv->sv_fault;
		sv->sv_fault = 0;
		return 0;
	}
	sv->sv_deps_changed &= ~(1u << i);
	rs_name_pack(&tmp, 0, svcs[i].sv_conf->sc_name);
	r->m_arg[1] = RS_DEP_CHANGED;
	memcpy(&r->m_arg[2], &tmp.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
	r->m_arg[2 + RS_NAME_ARGS] = (uint64_t)(int64_t)svcs[i].sv_ep;
	return 0;
}

unsigned
rs_svc_events_pending(const struct rs_svc *sv)
{
	return rs_evq_count(sv->sv_fault, sv->sv_deps_changed, svc_count);
}

int
rs_svc_take_event(struct rs_svc *sv, struct message *r)
{
	int err = svc_take_one(sv, r);

	if (err == 0) {
		r->m_arg[RS_EVENT_LEFT_ARG] = rs_svc_events_pending(sv);
	}
	return err;
}

/* Tells or restarts the services that depend on sv. */
static void
svc_dependents(struct rs_svc *sv, bool restart)
{
	for (int i = 0; i < svc_count; i++) {
		const struct rs_service_conf *c = svcs[i].sv_conf;

		if (!rs_svc_depends(&svcs[i], sv)) {
			continue;
		}
		if (restart) {
			printf("rs: restarting %s, which depends on %s\n", c->sc_name,
			    sv->sv_conf->sc_name);
			rs_svc_event(&svcs[i], RS_EV_RESTART, RS_CAUSE_NONE);
		} else if (svcs[i].sv_ep != ENDPOINT_NONE) {
			/* Queued, fetched with RS_GET_EVENT: a notification
			 * never blocks, even on a hung dependent. */
			svcs[i].sv_deps_changed |= 1u << (sv - svcs);
			if (ipc_notify(svcs[i].sv_ep) == 0) {
				printf("rs: told %s that %s is ep %d\n", c->sc_name,
				    sv->sv_conf->sc_name, sv->sv_ep);
			}
		}
	}
}

static void
svc_escalate(struct rs_svc *sv)
{
	const struct rs_service_conf *c = sv->sv_conf;
	struct priv_desc pd;
	char prog[RS_PATH_MAX];
	const char *sp;

	switch (c->sc_policy.escalation) {
	case RS_ESC_MARK_FAILED:
		break;
	case RS_ESC_RESTART_DEPENDENTS:
		svc_dependents(sv, true);
		break;
	case RS_ESC_REBOOT:
		printf("rs: %s: escalation: reboot\n", c->sc_name);
		kc_poweroff(1);
		break;
	case RS_ESC_RUN:
		sp = strchr(c->sc_run_cmd, ' ');
		snprintf(prog, sizeof(prog), "bin/%.*s",
		    (int)(sp != NULL ? (size_t)(sp - c->sc_run_cmd) : strlen(c->sc_run_cmd)),
		    c->sc_run_cmd);
		rs_program_priv(&pd);
		printf("rs: %s: escalation: run %s\n", c->sc_name, c->sc_run_cmd);
		if (svc_spawn_words(prog + 4, prog, sp != NULL ? sp + 1 : "", &pd) < 0) {
			printf("rs: cannot run %s\n", prog);
		}
		break;
	}
}

int
rs_svc_event(struct rs_svc *sv, enum rs_event ev, enum rs_cause cause)
{
	struct rs_decision d;
	int err =
	    rs_policy_step(&sv->sv_st, &sv->sv_conf->sc_policy, ev, cause, clock_now_ns(), &d);

	if (err != 0) {
		return err;
	}
	if ((d.d_actions & RS_ACT_KILL) != 0 && sv->sv_ep != ENDPOINT_NONE) {
		kc_proc_kill(sv->sv_ep);
		/* A stop waits for the exit; otherwise that exit is not ours. */
		if (sv->sv_st.st_state != RS_STOPPING) {
			sv->sv_ep = ENDPOINT_NONE;
		}
	}
	if ((d.d_actions & RS_ACT_ESCALATE) != 0) {
		svc_escalate(sv);
	}
	if ((d.d_actions & RS_ACT_SPAWN) != 0) {
		svc_spawn(sv);
	}
	rs_svc_publish(sv);
	if ((d.d_actions & RS_ACT_TELL_DEPS) != 0) {
		svc_dependents(sv, false);
	}
	if ((d.d_actions & RS_ACT_RESTART_DEPS) != 0) {
		svc_dependents(sv, true);
	}
	return 0;
}
