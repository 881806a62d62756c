/*
 * pm's process table: a fixed array searched linearly (PM_PROCS is
 * small), pids handed out in increasing order and skipped while in use.
 * The whole table is pm's checkpoint (pm_state).  Pure, tested on the
 * host.
 */
#include <string.h>
#include <xinim/kcall.h>
#include <xinim/proto/pm.h>
#include "pm.h"

struct pm_state pm_state = { .ps_next_pid = 2 };
#define procs pm_state.ps_procs
#define next_pid pm_state.ps_next_pid

void
pm_table_init(void)
{
	memset(procs, 0, sizeof(procs));
	next_pid = 2;
}

void
pm_table_restored(void)
{
	if (next_pid < 2) {
		next_pid = 2;
	}
	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *p = &procs[i];

		p->pp_waiting = false;
		if (p->pp_used && p->pp_ours) {
			p->pp_ours = false;
			p->pp_orphan = true;
		}
	}
}

struct pm_proc *
pm_by_ep(endpoint_t ep)
{
	for (int i = 0; i < PM_PROCS; i++) {
		if (procs[i].pp_used && procs[i].pp_ep == ep) {
			return &procs[i];
		}
	}
	return NULL;
}

struct pm_proc *
pm_by_pid(int32_t pid)
{
	for (int i = 0; i < PM_PROCS; i++) {
		if (procs[i].pp_used && procs[i].pp_pid == pid) {
			return &procs[i];
		}
	}
	return NULL;
}

static int32_t
fresh_pid(void)
{
	for (;;) {
		int32_t pid = next_pid;

		next_pid = next_pid >= 0x3fffffff ? 2 : next_pid + 1;
		if (pm_by_pid(pid) == NULL) {
			return pid;
		}
	}
}

struct pm_proc *
pm_alloc(endpoint_t ep, const char *name)
{
	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *p = &procs[i];

		if (!p->pp_used) {
			memset(p, 0, sizeof(*p));
			p->pp_used = true;
			p->pp_ep = ep;
			p->pp_pid = fresh_pid();
			p->pp_ppid = PM_PID_INIT;
			p->pp_pgid = p->pp_pid;
			strncpy(p->pp_name, name, PM_NAME - 1);
			return p;
		}
	}
	return NULL;
}

void
pm_free(struct pm_proc *p)
{
	memset(p, 0, sizeof(*p));
}

struct pm_proc *
pm_lazy(endpoint_t ep)
{
	struct pm_proc *p = pm_by_ep(ep);

	if (p == NULL) {
		p = pm_alloc(ep, "?");
	}
	return p;
}

struct pm_proc *
pm_slot(int index)
{
	if (index < 0 || index >= PM_PROCS) {
		return NULL;
	}
	return &procs[index];
}

bool
pm_wait_matches(const struct pm_proc *parent, const struct pm_proc *child, int32_t pid)
{
	if (child->pp_ppid != parent->pp_pid) {
		return false;
	}
	if (pid > 0) {
		return child->pp_pid == pid;
	}
	if (pid == -1) {
		return true;
	}
	if (pid == 0) {
		return child->pp_pgid == parent->pp_pgid;
	}
	return child->pp_pgid == -pid;
}

int32_t
pm_wait_status(const struct exit_info *ei, int32_t killsig)
{
	switch (ei->ei_cause) {
	case EXIT_NORMAL:
		return (ei->ei_status & 0xff) << 8;
	case EXIT_KILLED:
		return killsig > 0 ? killsig : XSIGKILL;
	default:
		return XSIGSEGV;
	}
}
