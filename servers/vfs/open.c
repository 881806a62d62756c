/*
 * open and close: resolution (with the parent when creating), the
 * checks POSIX lists for open(2) in its order of likelihood (EEXIST,
 * ELOOP, EISDIR, ENOTDIR, EACCES, EROFS), creation with the umask,
 * truncation, and the descriptor.  Also the node-level helpers the other
 * handlers share.
 */
#include <libsys/grant.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "vfs.h"

/* FS_CREATE of name in dir: the new node in *out. */
int
vfs_create(const struct vfs_node *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
    uint32_t rdev, struct vfs_node *out)
{
	struct fs_slot rq = { .fs_op = FS_CREATE };
	int err;

	if ((vfs_mounts[dir->vn_mnt].m_flags & XMNT_RDONLY) != 0) {
		return -EROFS;
	}
	strlcpy(rq.fs_name, name, sizeof(rq.fs_name));
	rq.fs_rq.create = (struct fs_rq_create){ .fc_dir = dir->vn_ino,
		.fc_mode = mode,
		.fc_uid = uid,
		.fc_gid = gid,
		.fc_rdev = rdev };
	err = vfs_fs_call(dir->vn_mnt, &rq);
	if (err < 0) {
		return err;
	}
	out->vn_mnt = dir->vn_mnt;
	out->vn_ino = rq.fs_rp.node.fn_ino;
	out->vn_attr = rq.fs_attr;
	return 0;
}

/* Whether the caller may write in directory dir (create, remove). */
int
vfs_dir_writable(const struct vproc *p, const struct vfs_node *dir, uint32_t uid, uint32_t gid)
{
	const struct fs_attr *a = &dir->vn_attr;

	if (!vfs_perm(a->fa_mode, a->fa_uid, a->fa_gid, uid, gid, XW_OK | XX_OK)) {
		return -EACCES;
	}
	if ((vfs_mounts[dir->vn_mnt].m_flags & XMNT_RDONLY) != 0) {
		return -EROFS;
	}
	return 0;
}

/* FS_SETATTR of mask with values in *a. */
int
vfs_setattr(int mnt, uint64_t ino, uint32_t mask, const struct fs_attr *a)
{
	struct fs_slot rq = { .fs_op = FS_SETATTR };
	int err;

	if ((vfs_mounts[mnt].m_flags & XMNT_RDONLY) != 0) {
		return -EROFS;
	}
	rq.fs_rq.setattr = (struct fs_rq_setattr){ .fsa_ino = ino, .fsa_mask = mask };
	rq.fs_attr = *a;
	err = vfs_fs_call(mnt, &rq);
	if (err >= 0) {
		vfs_vnode_size(mnt, ino, rq.fs_attr.fa_size);
	}
	return err;
}

int
vfs_open_path(struct vproc *p, const char *path, uint32_t flags, uint32_t mode, uint32_t uid,
    uint32_t gid, int minfd)
{
	struct vfs_res res;
	uint32_t acc = flags & XO_ACCMODE;
	unsigned want = 0;
	struct vnode *vn;
	struct vfilp *f;
	int fd, err;

	if (acc == 3) {
		return -EINVAL;
	}
	err = vfs_resolve(&vfs_fs_ops, uid, gid, p->p_cwd, path,
	    ((flags & XO_CREAT) != 0 ? VFS_R_PARENT : 0) |
	        ((flags & XO_NOFOLLOW) != 0 ? VFS_R_NOFOLLOW : 0),
	    &res);
	if (err != 0) {
		return err;
	}
	if (!res.r_found) {
		if (res.r_slash) {
			return -EISDIR;
		}
		err = vfs_dir_writable(p, &res.r_dir, uid, gid);
		if (err == 0) {
			err = vfs_create(&res.r_dir, res.r_name,
			    XS_IFREG | (mode & ~p->p_umask & 07777), uid, gid, 0, &res.r_node);
		}
		if (err != 0) {
			return err;
		}
	} else {
		uint32_t type = res.r_node.vn_attr.fa_mode & XS_IFMT;
		const struct fs_attr *a = &res.r_node.vn_attr;

		if ((flags & (XO_CREAT | XO_EXCL)) == (XO_CREAT | XO_EXCL)) {
			return -EEXIST;
		}
		if (type == XS_IFLNK) {
			return -ELOOP;
		}
		if (type == XS_IFDIR &&
		    (acc != XO_RDONLY || (flags & (XO_TRUNC | XO_CREAT)) != 0)) {
			return -EISDIR;
		}
		if ((flags & XO_DIRECTORY) != 0 && type != XS_IFDIR) {
			return -ENOTDIR;
		}
		want = (acc != XO_WRONLY ? XR_OK : 0) |
		    (acc != XO_RDONLY || (flags & XO_TRUNC) != 0 ? XW_OK : 0);
		if (!vfs_perm(a->fa_mode, a->fa_uid, a->fa_gid, uid, gid, want)) {
			return -EACCES;
		}
		if ((want & XW_OK) != 0 && type == XS_IFREG &&
		    (vfs_mounts[res.r_node.vn_mnt].m_flags & XMNT_RDONLY) != 0) {
			return -EROFS;
		}
		if ((flags & XO_TRUNC) != 0 && type == XS_IFREG && a->fa_size != 0) {
			struct fs_attr z = { .fa_size = 0 };

			err = vfs_setattr(res.r_node.vn_mnt, res.r_node.vn_ino, FS_SET_SIZE, &z);
			if (err < 0) {
				return err;
			}
		}
	}
	fd = vfs_fd_free(p, minfd);
	if (fd < 0) {
		return fd;
	}
	vn = vfs_vnode_get(&res.r_node);
	if (vn == NULL) {
		return -ENFILE;
	}
	fd = vfs_fd_free(p, minfd); /* again: the table may have changed meanwhile */
	if (fd < 0) {
		vfs_vnode_put(vn);
		return fd;
	}
	if ((vn->v_mode & XS_IFMT) == XS_IFCHR) {
		err = vfs_chr_open(vn, flags, p->p_ep);
		if (err < 0) {
			vfs_vnode_put(vn);
			return err;
		}
	} else if ((vn->v_mode & XS_IFMT) == XS_IFBLK) {
		err = vfs_blk_open(vn, flags);
		if (err < 0) {
			vfs_vnode_put(vn);
			return err;
		}
	} else if ((vn->v_mode & XS_IFMT) == XS_IFIFO) {
		err = vfs_fifo_attach(vn, flags);
		if (err < 0) {
			vfs_vnode_put(vn);
			return err;
		}
	} else if ((vn->v_mode & XS_IFMT) != XS_IFREG && (vn->v_mode & XS_IFMT) != XS_IFDIR) {
		vfs_vnode_put(vn);
		return -ENXIO; /* sockets: not yet */
	}
	f = vfs_filp_new(vn, flags & (XO_ACCMODE | XO_APPEND | XO_NONBLOCK));
	if (f == NULL) {
		vfs_filp_close(&(struct vfilp){ .f_vn = vn, .f_flags = flags & XO_ACCMODE });
		return -ENFILE;
	}
	if ((vn->v_mode & XS_IFMT) == XS_IFDIR) {
		f->f_path = malloc(strlen(res.r_path) + 1);
		if (f->f_path != NULL) {
			strlcpy(f->f_path, res.r_path, strlen(res.r_path) + 1);
		}
	}
	vfs_fd_install(p, fd, f, (flags & XO_CLOEXEC) != 0 ? XFD_CLOEXEC : 0);
	return fd;
}

int
vfs_do_open(struct vfs_req *q)
{
	char path[XPATH_MAX];
	int err, fd;

	err = vfs_get_path(q->q_m, 0, path);
	if (err != 0) {
		return err;
	}
	fd = vfs_open_path(q->q_p, path, (uint32_t)q->q_m->m_arg[2], (uint32_t)q->q_m->m_arg[3],
	    q->q_p->p_uid, q->q_p->p_gid, 0);
	return fd < 0 ? fd : vfs_fifo_open_wait(q, fd);
}

/* Closes fd of p: its open file goes with its last descriptor. */
int
vfs_close_fd(struct vproc *p, int fd)
{
	struct vfilp *f = vfs_fd_take(p, fd);

	if (f == NULL) {
		return -EBADF;
	}
	if (vfs_filp_put(f)) {
		vfs_filp_close(f);
	}
	return 0;
}

int
vfs_do_close(struct vfs_req *q)
{
	return vfs_close_fd(q->q_p, (int)q->q_m->m_arg[0]);
}
