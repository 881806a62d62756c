/*
 * Exits and waiting.  pm is the kernel parent of what it spawns, so it
 * collects their exit records (KC_PROC_WAIT on any child, after
 * NOTIFY_EXIT and on every timer tick, since ds_call()'s waits may
 * swallow a notification), tells vfs, gives the children of the dead to
 * pid 1, and keeps the dead as zombies until their parent waits; one
 * whose parent is pid 1 (rs never waits) or gone is freed at once.
 * After pm's own restart, the processes the old instance spawned are
 * orphans whose exits go nowhere: the timer probes them, and one found
 * dead ends as killed (its real status is lost).
 */
#include <libdriver/driver.h>
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/vfs.h>
#include "pm.h"

static void
fill_reply(struct message *r, const struct pm_proc *z)
{
	*r = (struct message){ .m_type = PM_REPLY };
	r->m_arg[0] = (uint64_t)(int64_t)z->pp_pid;
	r->m_arg[1] = (uint64_t)(int64_t)z->pp_status;
	r->m_arg[2] = z->pp_exit.ei_cause;
	r->m_arg[3] = z->pp_exit.ei_cause == EXIT_FAULT ? z->pp_exit.ei_vector : z->pp_exit.ei_addr;
}

/* Answers parent's PM_WAIT with zombie z, which is then freed. */
static void
answer_waiter(struct pm_proc *parent, struct pm_proc *z)
{
	struct message r;

	fill_reply(&r, z);
	parent->pp_waiting = false;
	driver_reply(parent->pp_ep, &r);
	pm_free(z);
}

/* p has ended: orphans go to pid 1, p becomes a zombie or is freed. */
static void
ended(struct pm_proc *p, const struct exit_info *ei)
{
	struct message m = { .m_type = VFS_PM_EXIT };
	struct pm_proc *parent;

	m.m_arg[0] = (uint64_t)(int64_t)p->pp_ep;
	ds_call("vfs", &m);
	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *c = pm_slot(i);

		if (c->pp_used && c != p && c->pp_ppid == p->pp_pid) {
			c->pp_ppid = PM_PID_INIT;
			if (c->pp_zombie) {
				pm_free(c);
			}
		}
	}
	p->pp_exit = *ei;
	p->pp_status = pm_wait_status(ei, p->pp_killsig);
	p->pp_zombie = true;
	p->pp_waiting = false;
	parent = pm_by_pid(p->pp_ppid);
	if (p->pp_ppid == PM_PID_INIT || parent == NULL || parent->pp_zombie) {
		pm_free(p);
		return;
	}
	if (parent->pp_waiting && pm_wait_matches(parent, p, parent->pp_wait_pid)) {
		answer_waiter(parent, p);
	}
}

void
pm_reap(void)
{
	struct exit_info ei;

	while (kc_proc_wait(ENDPOINT_ANY, &ei) == 0) {
		struct pm_proc *p = pm_by_ep(ei.ei_endpoint);

		if (p != NULL && p->pp_ours && !p->pp_zombie) {
			ended(p, &ei);
		}
	}
}

/* A notification to a dead or stale endpoint fails; one to a live
 * process leaves a pending bit nothing in a pm-started program waits
 * for, so it is a harmless probe. */
void
pm_orphans_check(void)
{
	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *p = pm_slot(i);
		struct exit_info ei = { .ei_cause = EXIT_KILLED };

		if (p->pp_used && p->pp_orphan && !p->pp_zombie &&
		    ipc_notify(p->pp_ep) == -EDEADSRCDST) {
			ei.ei_endpoint = p->pp_ep;
			ended(p, &ei);
		}
	}
}

int
pm_wait(struct pm_proc *p, const struct message *m, struct message *reply)
{
	int32_t pid = (int32_t)(int64_t)m->m_arg[0];
	bool any = false;

	for (int i = 0; i < PM_PROCS; i++) {
		struct pm_proc *c = pm_slot(i);

		if (!c->pp_used || !pm_wait_matches(p, c, pid)) {
			continue;
		}
		if (c->pp_zombie) {
			fill_reply(reply, c);
			pm_free(c);
			return 0;
		}
		any = true;
	}
	if (!any) {
		return -ECHILD;
	}
	if ((m->m_arg[1] & PM_WNOHANG) != 0) {
		reply->m_arg[0] = 0;
		return 0;
	}
	p->pp_waiting = true;
	p->pp_wait_pid = pid;
	return DRIVER_NO_REPLY;
}
