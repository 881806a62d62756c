/*
 * Reading and writing open files: regular files in one request each,
 * the file system copying the data straight to or from the program's
 * buffer (xfer.c), pipes (pipe.c), character devices (chr.c) and disks
 * (blk.c); lseek, stat,
 * fstat, truncate, fsync and getdents.  A file whose server restarted
 * since it was opened answers -EIO.
 */
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* The open file of the request's [0] descriptor, or NULL; referenced
 * (rw_put() when done), since a wait may let its process close it. */
static struct vfilp *
rw_filp(struct vfs_req *q, int *err)
{
	struct vfilp *f = vfs_fd(q->q_p, (int)q->q_m->m_arg[0]);

	*err = f == NULL ? -EBADF : vfs_vnode_stale(f->f_vn) ? -EIO : 0;
	if (*err != 0) {
		return NULL;
	}
	f->f_refs++;
	return f;
}

static void
rw_put(struct vfilp *f)
{
	if (vfs_filp_put(f)) {
		vfs_filp_close(f);
	}
}

/* A regular file's bytes: one request, the server copying straight to
 * or from the program's buffer. */
static int64_t
rw_file(struct vfilp *f, const struct message *m, bool rd, uint64_t off)
{
	struct vnode *vn = f->f_vn;
	struct fs_slot rq = { .fs_op = rd ? FS_READ : FS_WRITE };
	size_t len = m->m_arg[2];
	struct vfs_xfer x;
	endpoint_t ep;
	int r;

	if (len == 0) {
		return 0;
	}
	/* vfs sees every change of an open file's size, so a read at or
	 * past its end needs no trip to the server. */
	if (rd && off >= vn->v_size) {
		return 0;
	}
	ep = vfs_fs_ep(vn->v_mnt);
	if (ep < 0) {
		return ep;
	}
	r = vfs_xfer_client(&x, ep, m->m_source, (int64_t)m->m_arg[1], 0, len,
	    rd ? GRANT_WRITE : GRANT_READ);
	if (r < 0) {
		return r;
	}
	rq.fs_rq.io = (struct fs_rq_io){ .fio_ino = vn->v_ino,
		.fio_off = off,
		.fio_len = len,
		.fio_grant = x.x_grant };
	r = vfs_fs_call(vn->v_mnt, &rq);
	vfs_xfer_end(&x);
	if (r > 0 && (size_t)r > len) {
		return -EIO; /* a server claiming more than it was asked */
	}
	if (!rd && r >= 0 && !vfs_vnode_stale(vn)) {
		vfs_vnode_size(vn->v_mnt, vn->v_ino, rq.fs_attr.fa_size);
	}
	return r;
}

static int
rw_io(struct vfs_req *q, struct vfilp *f)
{
	const struct message *m = q->q_m;
	bool rd = m->m_type == VFS_READ || m->m_type == VFS_PREAD;
	bool positioned = m->m_type == VFS_PREAD || m->m_type == VFS_PWRITE;
	uint32_t acc, type;
	uint64_t off;
	int64_t r;
	int err;

	acc = f->f_flags & XO_ACCMODE;
	if ((rd && acc == XO_WRONLY) || (!rd && acc == XO_RDONLY)) {
		return -EBADF;
	}
	if (m->m_arg[2] > 0x7fffffff) {
		return -EINVAL;
	}
	type = f->f_vn->v_mode & XS_IFMT;
	if (f->f_vn->v_pipe != NULL) {
		if (positioned) {
			return -ESPIPE;
		}
		return rd ? vfs_pipe_read(f, m->m_source, (int64_t)m->m_arg[1], m->m_arg[2]) :
		            vfs_pipe_write(f, m->m_source, (int64_t)m->m_arg[1], m->m_arg[2]);
	}
	if (type == XS_IFCHR) {
		return vfs_chr_rw(f, m);
	}
	if (type == XS_IFDIR) {
		return -EISDIR;
	}
	off = positioned ? m->m_arg[3] : f->f_pos;
	if ((int64_t)off < 0) {
		return -EINVAL;
	}
	if (!rd && !positioned && (f->f_flags & XO_APPEND) != 0 && type != XS_IFBLK) {
		struct fs_attr a;

		err = vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &a);
		if (err != 0) {
			return err;
		}
		off = a.fa_size;
	}
	r = type == XS_IFBLK ? vfs_blk_rw(f, m, rd, off) : rw_file(f, m, rd, off);
	if (r > 0 && !positioned) {
		f->f_pos = off + (uint64_t)r;
	}
	return (int)r;
}

int
vfs_do_rw(struct vfs_req *q)
{
	struct vfilp *f;
	int err, r;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
	r = rw_io(q, f);
	rw_put(f);
	return r;
}

/* Runs body on the request's open file, referenced meanwhile. */
static int
rw_with_filp(struct vfs_req *q, int (*body)(struct vfs_req *, struct vfilp *))
{
	struct vfilp *f;
	int err, r;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
	r = body(q, f);
	rw_put(f);
	return r;
}

static int
lseek_body(struct vfs_req *q, struct vfilp *f)
{
	int64_t off = (int64_t)q->q_m->m_arg[1], base;
	struct fs_attr a;
	int err;

	if (f->f_vn->v_pipe != NULL) {
		return -ESPIPE;
	}
	switch (q->q_m->m_arg[2]) {
	case XSEEK_SET:
		base = 0;
		break;
	case XSEEK_CUR:
		base = (int64_t)f->f_pos;
		break;
	case XSEEK_END:
		if ((f->f_vn->v_mode & XS_IFMT) == XS_IFBLK) {
			err = vfs_blk_size(f->f_vn, &a.fa_size);
		} else {
			err = vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &a);
		}
		if (err != 0) {
			return err;
		}
		base = (int64_t)a.fa_size;
		break;
	default:
		return -EINVAL;
	}
	if (base + off < 0 || base + off > 0x7fffffff) {
		return base + off < 0 ? -EINVAL : -EOVERFLOW;
	}
	f->f_pos = (uint64_t)(base + off);
	if (f->f_pos == 0) {
		f->f_cookie = 0;
	}
	q->q_r->m_arg[1] = f->f_pos;
	return (int)f->f_pos;
}

int
vfs_do_lseek(struct vfs_req *q)
{
	return rw_with_filp(q, lseek_body);
}

/* Copies a stat record of a to the caller's grant g. */
static int
stat_out(const struct message *m, int64_t g, const struct fs_attr *a, int mnt)
{
	struct xstat st;

	vfs_stat_fill(&st, a, mnt);
	return kc_safecopy_to(m->m_source, g, 0, &st, sizeof(st));
}

int
vfs_do_stat(struct vfs_req *q)
{
	char path[XPATH_MAX];
	struct vfs_res res;
	int err = vfs_get_path(q->q_m, 0, path);

	if (err == 0) {
		err =
		    vfs_resolve_for(q->q_p, path, q->q_m->m_arg[3] == 1 ? VFS_R_NOFOLLOW : 0, &res);
	}
	if (err != 0) {
		return err;
	}
	err = stat_out(q->q_m, (int64_t)q->q_m->m_arg[2], &res.r_node.vn_attr, res.r_node.vn_mnt);
	return err < 0 ? err : 0;
}

static int
fstat_body(struct vfs_req *q, struct vfilp *f)
{
	struct fs_attr a = { 0 };
	int err;

	if (f->f_vn->v_pipe != NULL) {
		a.fa_mode = f->f_vn->v_mode;
		a.fa_nlink = 1;
		a.fa_size = f->f_vn->v_pipe->pp_len;
		err = stat_out(q->q_m, (int64_t)q->q_m->m_arg[1], &a, -1);
		return err < 0 ? err : 0;
	}
	err = vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &a);
	if (err == 0) {
		err = stat_out(q->q_m, (int64_t)q->q_m->m_arg[1], &a, f->f_vn->v_mnt);
	}
	return err < 0 ? err : 0;
}

int
vfs_do_fstat(struct vfs_req *q)
{
	return rw_with_filp(q, fstat_body);
}

static int
ftruncate_body(struct vfs_req *q, struct vfilp *f)
{
	struct fs_attr a = { .fa_size = q->q_m->m_arg[1] };
	int err;

	if ((f->f_flags & XO_ACCMODE) == XO_RDONLY || f->f_vn->v_pipe != NULL ||
	    (f->f_vn->v_mode & XS_IFMT) != XS_IFREG) {
		return (f->f_flags & XO_ACCMODE) == XO_RDONLY ? -EBADF : -EINVAL;
	}
	if ((int64_t)a.fa_size < 0) {
		return -EINVAL;
	}
	err = vfs_setattr(f->f_vn->v_mnt, f->f_vn->v_ino, FS_SET_SIZE, &a);
	return err < 0 ? err : 0;
}

int
vfs_do_truncate(struct vfs_req *q)
{
	char path[XPATH_MAX];
	struct vfs_res res;
	struct fs_attr a = { 0 };
	int err;

	if (q->q_m->m_type == VFS_FTRUNCATE) {
		return rw_with_filp(q, ftruncate_body);
	}
	err = vfs_get_path(q->q_m, 0, path);
	if (err == 0) {
		err = vfs_resolve_for(q->q_p, path, 0, &res);
	}
	if (err != 0) {
		return err;
	}
	if ((res.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	if (!vfs_perm(res.r_node.vn_attr.fa_mode, res.r_node.vn_attr.fa_uid,
	        res.r_node.vn_attr.fa_gid, q->q_p->p_uid, q->q_p->p_gid, XW_OK)) {
		return -EACCES;
	}
	a.fa_size = q->q_m->m_arg[2];
	if ((int64_t)a.fa_size < 0) {
		return -EINVAL;
	}
	err = vfs_setattr(res.r_node.vn_mnt, res.r_node.vn_ino, FS_SET_SIZE, &a);
	return err < 0 ? err : 0;
}

static int
fsync_body(struct vfs_req *q, struct vfilp *f)
{
	struct fs_slot rq = { .fs_op = FS_SYNC, .fs_rq.node.fn_ino = f->f_vn->v_ino };
	int err;

	if (f->f_vn->v_mnt < 0) {
		return -EINVAL;
	}
	if ((f->f_vn->v_mode & XS_IFMT) == XS_IFBLK) {
		return vfs_blk_sync(f->f_vn);
	}
	err = vfs_fs_call(f->f_vn->v_mnt, &rq);
	return err < 0 ? err : 0;
}

int
vfs_do_fsync(struct vfs_req *q)
{
	return rw_with_filp(q, fsync_body);
}

/* getdents: the server writes the records straight into the program's
 * buffer. */
static int
getdents_body(struct vfs_req *q, struct vfilp *f)
{
	struct fs_slot rq = { .fs_op = FS_GETDENTS };
	size_t len = q->q_m->m_arg[2];
	struct vfs_xfer x;
	endpoint_t ep;
	int r;

	if ((f->f_vn->v_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	if (len > 0x7fffffff) {
		return -EINVAL;
	}
	ep = vfs_fs_ep(f->f_vn->v_mnt);
	if (ep < 0) {
		return ep;
	}
	r = vfs_xfer_client(&x, ep, q->q_m->m_source, (int64_t)q->q_m->m_arg[1], 0, len,
	    GRANT_WRITE);
	if (r < 0) {
		return r;
	}
	rq.fs_rq.io = (struct fs_rq_io){ .fio_ino = f->f_vn->v_ino,
		.fio_off = f->f_cookie,
		.fio_len = len,
		.fio_grant = x.x_grant };
	r = vfs_fs_call(f->f_vn->v_mnt, &rq);
	vfs_xfer_end(&x);
	if (r > 0 && (size_t)r > len) {
		return -EIO;
	}
	if (r > 0) {
		f->f_cookie = rq.fs_rp.cookie.fk_next;
	}
	return r;
}

int
vfs_do_getdents(struct vfs_req *q)
{
	return rw_with_filp(q, getdents_body);
}
