/*
 * The requests only pm may make (VFS_PM_*): a spawned child inherits
 * its parent's directory, umask and descriptors without FD_CLOEXEC, then
 * posix_spawn's file actions are applied; a process's exit closes its
 * descriptors and cancels its waiting requests; pm opens programs as the
 * spawning process would (execute permission), sets identities and
 * flushes every file system before power-off.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define FA_MAX 16

static endpoint_t pm_ep = ENDPOINT_NONE;

/* Whether ep is pm (asking ds again when it looks like it is not). */
static bool
pm_is(endpoint_t ep)
{
	if (ep == pm_ep) {
		return true;
	}
	pm_ep = ds_lookup("pm");
	return ep == pm_ep;
}

/* Closes every descriptor of p and forgets it. */
static void
pm_forget(struct vproc *p)
{
	for (int fd = 0; fd < XOPEN_MAX; fd++) {
		vfs_close_fd(p, fd);
	}
	vfs_worker_cancel(p->p_ep);
	vfs_proc_free(p);
}

/* Applies one posix_spawn file action to the child c. */
static int
pm_action(struct vproc *c, struct vfs_fdaction *fa)
{
	int fd;

	if (fa->fa_fd < 0 || fa->fa_fd >= XOPEN_MAX) {
		return -EBADF;
	}
	switch (fa->fa_kind) {
	case VFS_FA_CLOSE:
		vfs_close_fd(c, fa->fa_fd);
		return 0;
	case VFS_FA_DUP2:
		fd = vfs_dup(c, fa->fa_src, fa->fa_fd, 0, 0);
		return fd < 0 ? fd : 0;
	case VFS_FA_OPEN:
		fa->fa_path[sizeof(fa->fa_path) - 1] = '\0';
		vfs_close_fd(c, fa->fa_fd);
		fd = vfs_open_path(c, fa->fa_path, fa->fa_flags, fa->fa_mode, c->p_uid, c->p_gid,
		    fa->fa_fd);
		if (fd >= 0 && fd != fa->fa_fd) {
			vfs_close_fd(c, fd);
			return -EBADF;
		}
		return fd < 0 ? fd : 0;
	}
	return -EINVAL;
}

static int
pm_spawn_with(const struct message *m, struct vfs_fdaction *fas, uint64_t n)
{
	struct vproc *parent, *c;
	int err;

	if (n > 0) {
		err =
		    kc_safecopy_from(m->m_source, (int64_t)m->m_arg[3], 0, fas, n * sizeof(fas[0]));
		if (err < 0) {
			return err;
		}
	}
	parent = vfs_proc((endpoint_t)m->m_arg[0], true);
	c = vfs_proc((endpoint_t)m->m_arg[1], false);
	if (c != NULL) {
		pm_forget(c); /* a stale table of an endpoint used again */
	}
	c = vfs_proc((endpoint_t)m->m_arg[1], true);
	if (parent == NULL || c == NULL) {
		return -ENFILE;
	}
	c->p_uid = (uint32_t)m->m_arg[2];
	c->p_gid = (uint32_t)(m->m_arg[2] >> 32);
	c->p_umask = parent->p_umask;
	strlcpy(c->p_cwd, parent->p_cwd, sizeof(c->p_cwd));
	/* As exec does after posix_spawn's file actions: the child starts
	 * with every descriptor, the actions run (a dup2 may take a
	 * close-on-exec one, and its copy is not), and then what is still
	 * close-on-exec goes. */
	for (int fd = 0; fd < XOPEN_MAX; fd++) {
		struct vfilp *f = parent->p_fd[fd];

		if (f != NULL) {
			f->f_refs++;
			vfs_fd_install(c, fd, f, parent->p_fdflags[fd]);
		}
	}
	for (uint64_t i = 0; i < n; i++) {
		err = pm_action(c, &fas[i]);
		if (err != 0) {
			pm_forget(c);
			return err;
		}
	}
	for (int fd = 0; fd < XOPEN_MAX; fd++) {
		if (c->p_fd[fd] != NULL && (c->p_fdflags[fd] & XFD_CLOEXEC) != 0) {
			vfs_close_fd(c, fd);
		}
	}
	return 0;
}

static int
pm_spawn(const struct message *m)
{
	struct vfs_fdaction *fas;
	uint64_t n = m->m_arg[4];
	int err;

	if (n > FA_MAX) {
		return -EINVAL;
	}
	fas = malloc(FA_MAX * sizeof(*fas));
	if (fas == NULL) {
		return -ENOMEM;
	}
	err = pm_spawn_with(m, fas, n);
	free(fas);
	return err;
}

/* VFS_PM_OPENEXEC: open [1,2] as process [0] would, for execution. */
static int
pm_openexec(struct vfs_req *q)
{
	char path[XPATH_MAX];
	struct vfs_res res;
	const struct message *m = q->q_m;
	struct vproc *p = vfs_proc((endpoint_t)m->m_arg[0], true);
	const struct fs_attr *a = &res.r_node.vn_attr;
	struct xstat st;
	struct vfilp *f;
	int err, fd, pfd;

	if (p == NULL) {
		return -ENFILE;
	}
	err = vfs_get_path(m, 1, path);
	if (err == 0) {
		err = vfs_resolve(&vfs_fs_ops, p->p_uid, p->p_gid, p->p_cwd, path, 0, &res);
	}
	if (err != 0) {
		return err;
	}
	if ((a->fa_mode & XS_IFMT) != XS_IFREG ||
	    !vfs_perm(a->fa_mode, a->fa_uid, a->fa_gid, p->p_uid, p->p_gid, XX_OK)) {
		return -EACCES;
	}
	pfd = vfs_fd_free(q->q_p, 0);
	if (pfd < 0) {
		return pfd;
	}
	fd = vfs_open_path(p, path, XO_RDONLY, 0, 0, 0, 0);
	if (fd < 0) {
		return fd;
	}
	f = vfs_fd_take(p, fd);
	vfs_fd_install(q->q_p, pfd, f, XFD_CLOEXEC);
	if (m->m_arg[3] != 0) {
		vfs_stat_fill(&st, a, res.r_node.vn_mnt);
		err = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[3], 0, &st, sizeof(st));
		if (err < 0) {
			vfs_close_fd(q->q_p, pfd);
			return err;
		}
	}
	return pfd;
}

int
vfs_do_pm(struct vfs_req *q)
{
	const struct message *m = q->q_m;
	struct vproc *p;

	if (!pm_is(m->m_source)) {
		return -EPERM;
	}
	switch (m->m_type) {
	case VFS_PM_SPAWN:
		return pm_spawn(m);
	case VFS_PM_EXIT:
		p = vfs_proc((endpoint_t)m->m_arg[0], false);
		if (p != NULL && p != q->q_p) {
			pm_forget(p);
		}
		return 0;
	case VFS_PM_OPENEXEC:
		return pm_openexec(q);
	case VFS_PM_SETID:
		p = vfs_proc((endpoint_t)m->m_arg[0], true);
		if (p == NULL) {
			return -ENFILE;
		}
		p->p_uid = (uint32_t)m->m_arg[1];
		p->p_gid = (uint32_t)(m->m_arg[1] >> 32);
		return 0;
	case VFS_PM_SYNC:
		for (int i = 0; i < VFS_NMOUNT; i++) {
			struct fs_slot rq = { .fs_op = FS_SYNC };

			if (vfs_mounts[i].m_used) {
				vfs_fs_call(i, &rq);
			}
		}
		return 0;
	}
	return -ENOSYS;
}
