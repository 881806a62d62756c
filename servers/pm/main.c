/*
 * pm's request loop on libdriver: each request comes from a process whose
 * entry is made on its first call (pm_lazy); identity calls are answered
 * here, the rest in spawn.c, wait.c and signal.c.  A timer reaps exits
 * whose NOTIFY_EXIT a wait inside ds_call() may have swallowed, and
 * checkpoints the table with rs, which hands it to the next instance.
 */
#include <libdriver/driver.h>
#include <libsys/ds.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/pm.h>
#include <xinim/proto/rs.h>
#include <xinim/proto/vfs.h>
#include "pm.h"

#define REAP_PERIOD_NS 200000000ULL

static bool dirty; /* the table changed since the last checkpoint */

static int
pm_init(int argc, char **argv, bool restored)
{
	if (restored) {
		pm_table_restored();
		printf("pm: restarted with its process table\n");
	} else {
		pm_table_init();
	}
	driver_timer(REAP_PERIOD_NS);
	return 0;
}

static int
do_setid(struct pm_proc *p, const struct message *m)
{
	uint32_t uid = (uint32_t)m->m_arg[0], gid = (uint32_t)m->m_arg[1];
	struct message v = { .m_type = VFS_PM_SETID };
	int r;

	uid = uid == (uint32_t)-1 ? p->pp_uid : uid;
	gid = gid == (uint32_t)-1 ? p->pp_gid : gid;
	if (p->pp_uid != 0 && (uid != p->pp_uid || gid != p->pp_gid)) {
		return -EPERM;
	}
	v.m_arg[0] = (uint64_t)(int64_t)p->pp_ep;
	v.m_arg[1] = uid | (uint64_t)gid << 32;
	r = ds_call("vfs", &v);
	if (r == 0 && (int64_t)v.m_arg[0] < 0) {
		r = (int)(int64_t)v.m_arg[0];
	}
	if (r != 0) {
		return r;
	}
	p->pp_uid = uid;
	p->pp_gid = gid;
	return 0;
}

static int
do_setpgid(struct pm_proc *p, const struct message *m)
{
	int32_t pid = (int32_t)(int64_t)m->m_arg[0], pgid = (int32_t)(int64_t)m->m_arg[1];
	struct pm_proc *t = pid == 0 ? p : pm_by_pid(pid);

	if (t == NULL || (t != p && t->pp_ppid != p->pp_pid)) {
		return -ESRCH;
	}
	if (pgid < 0) {
		return -EINVAL;
	}
	t->pp_pgid = pgid == 0 ? t->pp_pid : pgid;
	return 0;
}

static int
do_ps(const struct message *m, struct message *r)
{
	int i = (int)m->m_arg[0];
	struct pm_proc *p;

	for (; (p = pm_slot(i)) != NULL && !p->pp_used; i++) {
	}
	if (p == NULL) {
		return -ENOENT;
	}
	r->m_arg[1] = (uint32_t)p->pp_pid | (uint64_t)(uint32_t)p->pp_ppid << 32;
	r->m_arg[2] = p->pp_uid | (uint64_t)(p->pp_zombie ? PM_ST_ZOMBIE : PM_ST_RUNNING) << 32;
	rs_name_pack(r, 3, p->pp_name);
	for (i++; pm_slot(i) != NULL && !pm_slot(i)->pp_used; i++) {
	}
	r->m_arg[6] = pm_slot(i) != NULL ? (uint64_t)i : 0;
	return 0;
}

/* Power-off and reset are the same here: KC_POWEROFF with status 0 is
 * all the kernel offers. */
static int
do_halt(struct pm_proc *p)
{
	struct message v = { .m_type = VFS_PM_SYNC };

	if (p->pp_uid != 0) {
		return -EPERM;
	}
	ds_call("vfs", &v);
	printf("pm: halting\n");
	return kc_poweroff(0);
}

/* PM_GETPID's optional name, for an entry pm made on first contact. */
static void
name_lazy(struct pm_proc *p, const struct message *m)
{
	char name[RS_NAME_LEN + 1];

	if (!p->pp_ours && m->m_arg[0] != 0 && rs_name_unpack(m, 0, name) == 0) {
		strncpy(p->pp_name, name, PM_NAME - 1);
	}
}

static int
pm_request(const struct message *m, struct message *r)
{
	struct pm_proc *p = pm_lazy(m->m_source);

	dirty = true;
	if (p == NULL) {
		return -EAGAIN;
	}
	r->m_arg[0] = 0;
	switch (m->m_type) {
	case PM_SPAWN: {
		int pid = pm_spawn(p, m);

		r->m_arg[0] = (uint64_t)(int64_t)pid;
		return pid < 0 ? pid : 0;
	}
	case PM_WAIT:
		return pm_wait(p, m, r);
	case PM_KILL:
		return pm_kill(p, m);
	case PM_GETPID:
		name_lazy(p, m);
		r->m_arg[1] = (uint64_t)(int64_t)p->pp_pid;
		r->m_arg[2] = (uint64_t)(int64_t)p->pp_ppid;
		r->m_arg[3] = (uint64_t)(int64_t)p->pp_pgid;
		return 0;
	case PM_GETID:
		r->m_arg[1] = p->pp_uid;
		r->m_arg[2] = p->pp_gid;
		return 0;
	case PM_SETID:
		return do_setid(p, m);
	case PM_SETPGID:
		return do_setpgid(p, m);
	case PM_SIGNAL: {
		int old = pm_signal(p, m);

		r->m_arg[0] = (uint64_t)(int64_t)old;
		return old < 0 ? old : 0;
	}
	case PM_PS:
		return do_ps(m, r);
	case PM_HALT:
		return do_halt(p);
	default:
		return -ENOSYS;
	}
}

/* The tick: collect exits a wait may have hidden, look for dead
 * orphans, and checkpoint the table when it changed (so a restart loses
 * at most a tick's changes). */
static void
pm_timer(void)
{
	pm_reap();
	pm_orphans_check();
	if (dirty && driver_checkpoint() == 0) {
		dirty = false;
	}
	driver_timer(REAP_PERIOD_NS);
}

static void
pm_child_exit(void)
{
	dirty = true;
	pm_reap();
}

/* Only the tty's notifications mean anything (Ctrl-C): pm calls back
 * only the endpoint published as "tty", never an arbitrary notifier. */
static void
pm_notify(endpoint_t from)
{
	if (from >= 0 && ds_lookup("tty") == from) {
		pm_tty_signals(from);
	}
}

static const struct driver_ops pm_ops = {
	.init = pm_init,
	.request = pm_request,
	.timer = pm_timer,
	.notify = pm_notify,
	.child_exit = pm_child_exit,
	.reply_type = PM_REPLY,
	.state = &pm_state,
	.state_size = sizeof(pm_state),
};

int
main(int argc, char **argv)
{
	driver_main(&pm_ops, argc, argv);
}
