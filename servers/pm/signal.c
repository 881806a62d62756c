/*
 * Signals without handlers: a signal a process does not ignore ends it
 * (KC_PROC_KILL, which pm may do to what it spawned); SIGKILL cannot be
 * ignored; SIGCHLD is ignored by default.  Ctrl-C: the tty notifies pm,
 * which fetches each pending signal (CHR_SIGNALS, until cg_more is 0)
 * and sends it to the foreground group.
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/pm.h>
#include "pm.h"

int
pm_deliver(struct pm_proc *t, int sig)
{
	if (sig == 0 || t->pp_zombie) {
		return 0;
	}
	if (sig == XSIGCHLD || (sig != XSIGKILL && (t->pp_ignored & (1u << sig)) != 0)) {
		return 0;
	}
	if (!t->pp_ours) {
		return -EPERM;
	}
	if (t->pp_killsig == 0) {
		t->pp_killsig = sig;
	}
	return kc_proc_kill(t->pp_ep) == 0 ? 0 : -ESRCH;
}

static bool
may_signal(const struct pm_proc *caller, const struct pm_proc *t)
{
	return caller == NULL || caller->pp_uid == 0 || caller->pp_uid == t->pp_uid;
}

/* Sends sig to pid (< -1 or 0: a group) for caller (NULL: pm itself). */
static int
send(struct pm_proc *caller, int32_t pid, int sig)
{
	int32_t group = pid < -1 ? -pid : pid == 0 && caller != NULL ? caller->pp_pgid : 0;
	int found = 0, err = -ESRCH;

	if (pid == -1) {
		return -EPERM;
	}
	if (group == 0) {
		struct pm_proc *t = pm_by_pid(pid);

		if (t == NULL) {
			return -ESRCH;
		}
		return may_signal(caller, t) ? pm_deliver(t, sig) : -EPERM;
	}
	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *t = pm_slot(i);

		if (!t->pp_used || t->pp_zombie || t->pp_pgid != group) {
			continue;
		}
		found++;
		if (may_signal(caller, t) && pm_deliver(t, sig) == 0) {
			err = 0;
		} else if (err != 0) {
			err = -EPERM;
		}
	}
	return found == 0 ? -ESRCH : err;
}

int
pm_kill(struct pm_proc *caller, const struct message *m)
{
	int sig = (int)(int64_t)m->m_arg[1];

	if (sig < 0 || sig >= XNSIG) {
		return -EINVAL;
	}
	return send(caller, (int32_t)(int64_t)m->m_arg[0], sig);
}

int
pm_signal(struct pm_proc *p, const struct message *m)
{
	int sig = (int)(int64_t)m->m_arg[0];
	uint64_t how = m->m_arg[1];
	int old;

	if (sig <= 0 || sig >= XNSIG || sig == XSIGKILL ||
	    (how != PM_SIG_DEFAULT && how != PM_SIG_IGNORE)) {
		return -EINVAL;
	}
	old = (p->pp_ignored & (1u << sig)) != 0 ? PM_SIG_IGNORE : PM_SIG_DEFAULT;
	if (how == PM_SIG_IGNORE) {
		p->pp_ignored |= 1u << sig;
	} else {
		p->pp_ignored &= ~(1u << sig);
	}
	return old;
}

/* The tty notified us: fetches its signals (struct msg_chr_signal) until
 * cg_more says none is left.  The bound guards against a tty that always
 * says more. */
void
pm_tty_signals(endpoint_t tty)
{
	for (int i = 0; i < 64; i++) {
		struct message m = { .m_type = CHR_SIGNALS };
		const struct msg_chr_signal *s = MSG_PAYLOAD(&m, const struct msg_chr_signal);

		if (ipc_call(tty, &m) != 0 || s->cg_result != 0) {
			return;
		}
		if ((int32_t)s->cg_pgrp > PM_PID_INIT) {
			send(NULL, -(int32_t)s->cg_pgrp, (int)s->cg_sig);
		}
		if (s->cg_more == 0) {
			return;
		}
	}
}
