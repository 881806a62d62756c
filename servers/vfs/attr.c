/*
 * Requests on attributes and the process's own state: chmod, chown,
 * access, chdir, fchdir, getcwd, statfs, and the descriptor calls dup,
 * dup2, fcntl, ioctl and pipe.
 */
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* The node of the request's path [0, 1] (following symlinks unless
 * nofollow) or of its descriptor [0] (byfd), into res.r_node. */
static int
attr_node(struct vfs_req *q, bool byfd, bool nofollow, struct vfs_res *res)
{
	char path[XPATH_MAX];
	struct vfilp *f;
	int err;

	if (byfd) {
		memset(res, 0, sizeof(*res));
		f = vfs_fd(q->q_p, (int)q->q_m->m_arg[0]);
		if (f == NULL) {
			return -EBADF;
		}
		if (f->f_vn->v_pipe != NULL || vfs_vnode_stale(f->f_vn)) {
			return f->f_vn->v_pipe != NULL ? -EINVAL : -EIO;
		}
		res->r_node.vn_mnt = f->f_vn->v_mnt;
		res->r_node.vn_ino = f->f_vn->v_ino;
		if (f->f_path != NULL) {
			strlcpy(res->r_path, f->f_path, sizeof(res->r_path));
		}
		return vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &res->r_node.vn_attr);
	}
	err = vfs_get_path(q->q_m, 0, path);
	if (err != 0) {
		return err;
	}
	return vfs_resolve_for(q->q_p, path, nofollow ? VFS_R_NOFOLLOW : 0, res);
}

int
vfs_do_chmod(struct vfs_req *q)
{
	struct vfs_res res;
	bool byfd = q->q_m->m_type == VFS_FCHMOD;
	struct fs_attr a = { 0 };
	int err = attr_node(q, byfd, false, &res);

	if (err != 0) {
		return err;
	}
	if (q->q_p->p_uid != 0 && q->q_p->p_uid != res.r_node.vn_attr.fa_uid) {
		return -EPERM;
	}
	a.fa_mode = (uint32_t)q->q_m->m_arg[byfd ? 1 : 2] & 07777;
	err = vfs_setattr(res.r_node.vn_mnt, res.r_node.vn_ino, FS_SET_MODE, &a);
	return err < 0 ? err : 0;
}

int
vfs_do_chown(struct vfs_req *q)
{
	struct vfs_res res;
	uint32_t uid = (uint32_t)q->q_m->m_arg[2], gid = (uint32_t)q->q_m->m_arg[3], mask = 0;
	struct fs_attr a = { 0 };
	int err = attr_node(q, false, q->q_m->m_arg[4] == 1, &res);

	if (err != 0) {
		return err;
	}
	if (uid != (uint32_t)-1 && uid != res.r_node.vn_attr.fa_uid) {
		mask |= FS_SET_UID;
	}
	if (gid != (uint32_t)-1 && gid != res.r_node.vn_attr.fa_gid) {
		mask |= FS_SET_GID;
	}
	/* Only root gives files away; an owner may pick its own group. */
	if (q->q_p->p_uid != 0 &&
	    ((mask & FS_SET_UID) != 0 || q->q_p->p_uid != res.r_node.vn_attr.fa_uid ||
	        ((mask & FS_SET_GID) != 0 && gid != q->q_p->p_gid))) {
		return -EPERM;
	}
	if (mask == 0) {
		return 0;
	}
	a.fa_uid = uid;
	a.fa_gid = gid;
	err = vfs_setattr(res.r_node.vn_mnt, res.r_node.vn_ino, mask, &a);
	return err < 0 ? err : 0;
}

int
vfs_do_access(struct vfs_req *q)
{
	struct vfs_res res;
	unsigned want = (unsigned)q->q_m->m_arg[2];
	const struct fs_attr *a = &res.r_node.vn_attr;
	int err;

	if ((want & ~(unsigned)(XR_OK | XW_OK | XX_OK)) != 0) {
		return -EINVAL;
	}
	err = attr_node(q, false, false, &res);
	if (err != 0) {
		return err;
	}
	if (!vfs_perm(a->fa_mode, a->fa_uid, a->fa_gid, q->q_p->p_uid, q->q_p->p_gid, want)) {
		return -EACCES;
	}
	if ((want & XW_OK) != 0 && (vfs_mounts[res.r_node.vn_mnt].m_flags & XMNT_RDONLY) != 0 &&
	    ((a->fa_mode & XS_IFMT) == XS_IFREG || (a->fa_mode & XS_IFMT) == XS_IFDIR)) {
		return -EROFS;
	}
	return 0;
}

int
vfs_do_chdir(struct vfs_req *q)
{
	struct vfs_res res;
	bool byfd = q->q_m->m_type == VFS_FCHDIR;
	const struct fs_attr *a = &res.r_node.vn_attr;
	int err = attr_node(q, byfd, false, &res);

	if (err != 0) {
		return err;
	}
	if ((a->fa_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	if (!vfs_perm(a->fa_mode, a->fa_uid, a->fa_gid, q->q_p->p_uid, q->q_p->p_gid, XX_OK)) {
		return -EACCES;
	}
	if (byfd && vfs_fd(q->q_p, (int)q->q_m->m_arg[0])->f_path == NULL) {
		return -ENOMEM;
	}
	strlcpy(q->q_p->p_cwd, res.r_path, sizeof(q->q_p->p_cwd));
	return 0;
}

int
vfs_do_getcwd(struct vfs_req *q)
{
	size_t len = strlen(q->q_p->p_cwd) + 1;
	int err;

	if (q->q_m->m_arg[1] < len) {
		return -ERANGE;
	}
	err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[0], 0, q->q_p->p_cwd, len);
	return err < 0 ? err : (int)len;
}

int
vfs_do_statfs(struct vfs_req *q)
{
	struct vfs_res res;
	struct fs_slot rq = { .fs_op = FS_STATFS };
	struct xstatfs sf;
	int err = attr_node(q, false, false, &res);

	if (err != 0) {
		return err;
	}
	rq.fs_rq.node.fn_ino = vfs_mounts[res.r_node.vn_mnt].m_root;
	err = vfs_fs_call(res.r_node.vn_mnt, &rq);
	if (err < 0) {
		return err;
	}
	sf = rq.fs_rp.statfs;
	sf.sf_flags |= vfs_mounts[res.r_node.vn_mnt].m_flags;
	err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[2], 0, &sf, sizeof(sf));
	return err < 0 ? err : 0;
}

/* Makes newfd (>= 0) or the lowest free one >= min share fd's open file. */
int
vfs_dup(struct vproc *p, int fd, int newfd, int min, uint8_t fdflags)
{
	struct vfilp *f = vfs_fd(p, fd);

	if (f == NULL) {
		return -EBADF;
	}
	if (newfd >= 0) {
		if (newfd >= XOPEN_MAX) {
			return -EBADF;
		}
		if (newfd == fd) {
			return newfd;
		}
		vfs_close_fd(p, newfd);
	} else {
		newfd = vfs_fd_free(p, min);
		if (newfd < 0) {
			return newfd;
		}
	}
	f->f_refs++;
	vfs_fd_install(p, newfd, f, fdflags);
	return newfd;
}

int
vfs_do_dup(struct vfs_req *q)
{
	const struct message *m = q->q_m;

	if (m->m_type == VFS_DUP2) {
		if ((int64_t)m->m_arg[1] < 0) {
			return -EBADF;
		}
		return vfs_dup(q->q_p, (int)m->m_arg[0], (int)m->m_arg[1], 0, 0);
	}
	return vfs_dup(q->q_p, (int)m->m_arg[0], -1, 0, 0);
}

int
vfs_do_fcntl(struct vfs_req *q)
{
	int fd = (int)q->q_m->m_arg[0];
	uint64_t arg = q->q_m->m_arg[2];
	struct vfilp *f = vfs_fd(q->q_p, fd);
	const uint32_t settable = XO_APPEND | XO_NONBLOCK;

	if (f == NULL) {
		return -EBADF;
	}
	switch (q->q_m->m_arg[1]) {
	case XF_DUPFD:
		if (arg >= XOPEN_MAX) {
			return -EINVAL;
		}
		return vfs_dup(q->q_p, fd, -1, (int)arg, 0);
	case XF_GETFD:
		return q->q_p->p_fdflags[fd];
	case XF_SETFD:
		q->q_p->p_fdflags[fd] = (uint8_t)(arg & XFD_CLOEXEC);
		return 0;
	case XF_GETFL:
		return (int)f->f_flags;
	case XF_SETFL:
		f->f_flags = (f->f_flags & ~settable) | ((uint32_t)arg & settable);
		return 0;
	}
	return -EINVAL;
}

int
vfs_do_ioctl(struct vfs_req *q)
{
	struct vfilp *f = vfs_fd(q->q_p, (int)q->q_m->m_arg[0]);

	if (f == NULL) {
		return -EBADF;
	}
	if ((f->f_vn->v_mode & XS_IFMT) != XS_IFCHR || f->f_vn->v_pipe != NULL) {
		return -ENOTTY;
	}
	return vfs_chr_ioctl(f->f_vn, q->q_m->m_arg[1], q->q_m->m_arg[2]);
}

int
vfs_do_pipe(struct vfs_req *q)
{
	uint8_t fdflags = (q->q_m->m_arg[0] & XO_CLOEXEC) != 0 ? XFD_CLOEXEC : 0;
	struct vproc *p = q->q_p;
	struct vfilp *rf, *wf;
	struct vnode *vn;
	int rfd, wfd;

	rfd = vfs_fd_free(p, 0);
	wfd = rfd < 0 ? rfd : vfs_fd_free(p, rfd + 1);
	if (wfd < 0) {
		return wfd;
	}
	vn = vfs_vnode_pipe();
	if (vn == NULL) {
		return -ENFILE;
	}
	vn->v_refs = 2;
	rf = vfs_filp_new(vn, XO_RDONLY);
	wf = rf != NULL ? vfs_filp_new(vn, XO_WRONLY) : NULL;
	if (wf == NULL) {
		if (rf != NULL) {
			vfs_filp_put(rf);
		}
		vn->v_refs = 0;
		return -ENFILE;
	}
	vn->v_pipe->pp_readers = 1;
	vn->v_pipe->pp_writers = 1;
	vfs_fd_install(p, rfd, rf, fdflags);
	vfs_fd_install(p, wfd, wf, fdflags);
	q->q_r->m_arg[1] = (uint64_t)rfd;
	q->q_r->m_arg[2] = (uint64_t)wfd;
	return 0;
}
