/*
 * Reading and writing open files: regular files through the window in
 * FS_DATA_MAX pieces, pipes (pipe.c) and devices (chr.c); lseek, stat,
 * fstat, truncate, fsync and getdents.  A file whose server restarted
 * since it was opened answers -EIO.
 */
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* The open file of the request's [0] descriptor, or NULL. */
static struct vfilp *
rw_filp(struct vfs_req *q, int *err)
{
	struct vfilp *f = vfs_fd(q->q_p, (int)q->q_m->m_arg[0]);

	*err = f == NULL ? -EBADF : vfs_vnode_stale(f->f_vn) ? -EIO : 0;
	return *err == 0 ? f : NULL;
}

/* A regular file's bytes through the window. */
static int64_t
rw_file(struct vfilp *f, const struct message *m, bool rd, uint64_t off)
{
	struct vnode *vn = f->f_vn;
	size_t len = m->m_arg[2], done = 0;
	int err;

	while (done < len) {
		struct message c = { .m_type = rd ? FS_READ : FS_WRITE };
		size_t chunk = len - done > FS_DATA_MAX ? FS_DATA_MAX : len - done;
		int r;

		if (!rd) {
			err = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[1], done,
			    vfs_win->fw_data, chunk);
			if (err < 0) {
				return done > 0 ? (int64_t)done : err;
			}
		}
		c.m_arg[0] = vn->v_ino;
		c.m_arg[1] = off + done;
		c.m_arg[2] = chunk;
		r = vfs_fs_call(vn->v_mnt, &c);
		if (r < 0) {
			return done > 0 ? (int64_t)done : r;
		}
		if (rd && r > 0) {
			err = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[1], done,
			    vfs_win->fw_data, (size_t)r);
			if (err < 0) {
				return done > 0 ? (int64_t)done : err;
			}
		}
		done += (size_t)r;
		if ((size_t)r < chunk) {
			break;
		}
	}
	return (int64_t)done;
}

int
vfs_do_rw(struct vfs_req *q)
{
	const struct message *m = q->q_m;
	bool rd = m->m_type == VFS_READ || m->m_type == VFS_PREAD;
	bool positioned = m->m_type == VFS_PREAD || m->m_type == VFS_PWRITE;
	uint32_t acc, type;
	struct vfilp *f;
	uint64_t off;
	int64_t r;
	int err;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
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
		return vfs_chr_rw(f, m, vfs_pend_current());
	}
	if (type == XS_IFDIR) {
		return -EISDIR;
	}
	off = positioned ? m->m_arg[3] : f->f_pos;
	if ((int64_t)off < 0) {
		return -EINVAL;
	}
	if (!rd && !positioned && (f->f_flags & XO_APPEND) != 0) {
		struct fs_attr a;

		err = vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &a);
		if (err != 0) {
			return err;
		}
		off = a.fa_size;
	}
	r = rw_file(f, m, rd, off);
	if (r > 0 && !positioned) {
		f->f_pos = off + (uint64_t)r;
	}
	return (int)r;
}

int
vfs_do_lseek(struct vfs_req *q)
{
	int64_t off = (int64_t)q->q_m->m_arg[1], base;
	struct vfilp *f;
	struct fs_attr a;
	int err;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
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
		err = vfs_fs_getattr(f->f_vn->v_mnt, f->f_vn->v_ino, &a);
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
	static char path[XPATH_MAX];
	static struct vfs_res res;
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

int
vfs_do_fstat(struct vfs_req *q)
{
	struct vfilp *f;
	struct fs_attr a = { 0 };
	int err;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
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
vfs_do_truncate(struct vfs_req *q)
{
	static char path[XPATH_MAX];
	static struct vfs_res res;
	struct fs_attr a = { 0 };
	struct vfilp *f;
	int err, mnt;
	uint64_t ino;

	if (q->q_m->m_type == VFS_FTRUNCATE) {
		f = rw_filp(q, &err);
		if (f == NULL) {
			return err;
		}
		if ((f->f_flags & XO_ACCMODE) == XO_RDONLY || f->f_vn->v_pipe != NULL ||
		    (f->f_vn->v_mode & XS_IFMT) != XS_IFREG) {
			return (f->f_flags & XO_ACCMODE) == XO_RDONLY ? -EBADF : -EINVAL;
		}
		mnt = f->f_vn->v_mnt;
		ino = f->f_vn->v_ino;
		a.fa_size = q->q_m->m_arg[1];
	} else {
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
		mnt = res.r_node.vn_mnt;
		ino = res.r_node.vn_ino;
		a.fa_size = q->q_m->m_arg[2];
	}
	if ((int64_t)a.fa_size < 0) {
		return -EINVAL;
	}
	err = vfs_setattr(mnt, ino, FS_SET_SIZE, &a);
	return err < 0 ? err : 0;
}

int
vfs_do_fsync(struct vfs_req *q)
{
	struct message c = { .m_type = FS_SYNC };
	struct vfilp *f;
	int err;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
	if (f->f_vn->v_mnt < 0) {
		return -EINVAL;
	}
	c.m_arg[0] = f->f_vn->v_ino;
	err = vfs_fs_call(f->f_vn->v_mnt, &c);
	return err < 0 ? err : 0;
}

int
vfs_do_getdents(struct vfs_req *q)
{
	struct message c = { .m_type = FS_GETDENTS };
	size_t len = q->q_m->m_arg[2];
	struct vfilp *f;
	int r, err;

	f = rw_filp(q, &err);
	if (f == NULL) {
		return err;
	}
	if ((f->f_vn->v_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	c.m_arg[0] = f->f_vn->v_ino;
	c.m_arg[1] = f->f_cookie;
	c.m_arg[2] = len > FS_DATA_MAX ? FS_DATA_MAX : len;
	r = vfs_fs_call(f->f_vn->v_mnt, &c);
	if (r <= 0) {
		return r;
	}
	err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[1], 0, vfs_win->fw_data,
	    (size_t)r);
	if (err < 0) {
		return err;
	}
	f->f_cookie = c.m_arg[1];
	return r;
}
