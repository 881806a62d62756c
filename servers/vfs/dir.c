/*
 * Requests on names: mkdir, rmdir, unlink, link, symlink, rename,
 * readlink, chmod, chown, access, chdir and getcwd.  Each resolves its
 * path(s), makes the checks POSIX names (permission on the directory,
 * the sticky bit, a busy mount root, a different file system) and asks
 * the file system.
 */
#include <libsys/grant.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* One request's paths and their resolutions (on its worker's stack). */
struct dir_work {
	char path1[XPATH_MAX], path2[XPATH_MAX];
	struct vfs_res res1, res2;
};

/* The two NUL-terminated paths of [0, 1] into w->path1 and w->path2. */
static int
dir_two_paths(struct dir_work *w, const struct message *m)
{
	char both[2 * XPATH_MAX];
	uint64_t len = m->m_arg[1];
	size_t l1;
	int err;

	if (len < 4 || len > sizeof(both)) {
		return len < 4 ? -ENOENT : -ENAMETOOLONG;
	}
	err = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[0], 0, both, len);
	if (err < 0) {
		return err;
	}
	both[len - 1] = '\0';
	l1 = strnlen(both, len);
	if (l1 + 1 >= len || l1 >= XPATH_MAX || strlen(both + l1 + 1) >= XPATH_MAX) {
		return l1 + 1 >= len ? -EINVAL : -ENAMETOOLONG;
	}
	if (l1 == 0 || both[l1 + 1] == '\0') {
		return -ENOENT;
	}
	strlcpy(w->path1, both, sizeof(w->path1));
	strlcpy(w->path2, both + l1 + 1, sizeof(w->path2));
	return 0;
}

/* Whether n is the root of a mount (which cannot be removed). */
static bool
dir_is_mount_root(const struct vfs_node *n)
{
	return n->vn_ino == vfs_mounts[n->vn_mnt].m_root;
}

int
vfs_do_mkdir(struct vfs_req *q)
{
	struct dir_work dw, *w = &dw;
	struct vproc *p = q->q_p;
	uint32_t type = XS_IFDIR, rdev = 0;
	struct vfs_node n;
	int err = vfs_get_path(q->q_m, 0, w->path1);

	if (err == 0) {
		err = vfs_resolve_for(p, w->path1, VFS_R_PARENT | VFS_R_NOFOLLOW, &w->res1);
	}
	if (err != 0) {
		return err;
	}
	if (q->q_m->m_type == VFS_MKNOD) {
		type = (uint32_t)q->q_m->m_arg[2] & XS_IFMT;
		if (type != XS_IFIFO && type != XS_IFREG && type != XS_IFSOCK && type != XS_IFCHR &&
		    type != XS_IFBLK) {
			return -EINVAL;
		}
		if ((type == XS_IFCHR || type == XS_IFBLK) && p->p_uid != 0) {
			return -EPERM;
		}
		rdev = type == XS_IFCHR || type == XS_IFBLK ? (uint32_t)q->q_m->m_arg[3] : 0;
	}
	if (w->res1.r_found) {
		return -EEXIST;
	}
	err = vfs_dir_writable(p, &w->res1.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	err = vfs_create(&w->res1.r_dir, w->res1.r_name,
	    type | ((uint32_t)q->q_m->m_arg[2] & ~p->p_umask & 07777), p->p_uid, p->p_gid, rdev,
	    &n);
	return err < 0 ? err : 0;
}

/* The sticky bit: only the owner of the file or the directory (or root)
 * may remove or rename an entry of a sticky directory. */
static bool
dir_sticky_denies(const struct vproc *p, const struct vfs_node *dir, const struct vfs_node *n)
{
	return (dir->vn_attr.fa_mode & XS_ISVTX) != 0 && p->p_uid != 0 &&
	    p->p_uid != n->vn_attr.fa_uid && p->p_uid != dir->vn_attr.fa_uid;
}

int
vfs_do_remove(struct vfs_req *q)
{
	struct dir_work dw, *w = &dw;
	bool rmdir = q->q_m->m_type == VFS_RMDIR;
	struct fs_slot rq = { .fs_op = rmdir ? FS_RMDIR : FS_UNLINK };
	struct vproc *p = q->q_p;
	bool isdir;
	int err = vfs_get_path(q->q_m, 0, w->path1);

	if (err == 0) {
		err = vfs_resolve_for(p, w->path1, VFS_R_NOFOLLOW, &w->res1);
	}
	if (err != 0) {
		return err;
	}
	isdir = (w->res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;
	if (w->res1.r_name[0] == '\0') {
		return !rmdir ? -EISDIR : strcmp(w->res1.r_path, "/") == 0 ? -EBUSY : -EINVAL;
	}
	if (rmdir && !isdir) {
		return -ENOTDIR;
	}
	if (!rmdir && isdir) {
		return -EISDIR;
	}
	if (dir_is_mount_root(&w->res1.r_node) && w->res1.r_node.vn_mnt != w->res1.r_dir.vn_mnt) {
		return -EBUSY;
	}
	err = vfs_dir_writable(p, &w->res1.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	if (dir_sticky_denies(p, &w->res1.r_dir, &w->res1.r_node)) {
		return -EPERM;
	}
	strlcpy(rq.fs_name, w->res1.r_name, sizeof(rq.fs_name));
	rq.fs_rq.node.fn_ino = w->res1.r_dir.vn_ino;
	err = vfs_fs_call(w->res1.r_dir.vn_mnt, &rq);
	return err < 0 ? err : 0;
}

/* link(w->path1, w->path2): a new name for an existing non-directory. */
static int
dir_link(struct dir_work *w, struct vproc *p)
{
	struct fs_slot rq = { .fs_op = FS_LINK };
	int err = vfs_resolve_for(p, w->path1, VFS_R_NOFOLLOW, &w->res1);

	if (err != 0) {
		return err;
	}
	err = vfs_resolve_for(p, w->path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &w->res2);
	if (err != 0) {
		return err;
	}
	if (w->res2.r_found) {
		return -EEXIST;
	}
	if ((w->res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR) {
		return -EPERM;
	}
	if (w->res1.r_node.vn_mnt != w->res2.r_dir.vn_mnt) {
		return -EXDEV;
	}
	err = vfs_dir_writable(p, &w->res2.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	strlcpy(rq.fs_name, w->res2.r_name, sizeof(rq.fs_name));
	rq.fs_rq.link =
	    (struct fs_rq_link){ .fl_dir = w->res2.r_dir.vn_ino, .fl_ino = w->res1.r_node.vn_ino };
	err = vfs_fs_call(w->res2.r_dir.vn_mnt, &rq);
	return err < 0 ? err : 0;
}

/* symlink(w->path1 = target, w->path2 = the link). */
static int
dir_symlink(struct dir_work *w, struct vproc *p)
{
	struct fs_slot rq = { .fs_op = FS_SYMLINK };
	int err = vfs_resolve_for(p, w->path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &w->res2);

	if (err != 0) {
		return err;
	}
	if (w->res2.r_found) {
		return -EEXIST;
	}
	err = vfs_dir_writable(p, &w->res2.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	strlcpy(rq.fs_name, w->res2.r_name, sizeof(rq.fs_name));
	strlcpy(rq.fs_name2, w->path1, sizeof(rq.fs_name2));
	rq.fs_rq.create = (struct fs_rq_create){ .fc_dir = w->res2.r_dir.vn_ino,
		.fc_uid = p->p_uid,
		.fc_gid = p->p_gid };
	err = vfs_fs_call(w->res2.r_dir.vn_mnt, &rq);
	return err < 0 ? err : 0;
}

/* rename(w->path1, w->path2). */
static int
dir_rename(struct dir_work *w, struct vproc *p)
{
	struct fs_slot rq = { .fs_op = FS_RENAME };
	size_t l1;
	bool d1;
	int err = vfs_resolve_for(p, w->path1, VFS_R_NOFOLLOW, &w->res1);

	if (err != 0) {
		return err;
	}
	err = vfs_resolve_for(p, w->path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &w->res2);
	if (err != 0) {
		return err;
	}
	if (w->res1.r_name[0] == '\0' || w->res2.r_name[0] == '\0') {
		return -EBUSY;
	}
	if (w->res1.r_node.vn_mnt != w->res2.r_dir.vn_mnt || dir_is_mount_root(&w->res1.r_node)) {
		return dir_is_mount_root(&w->res1.r_node) ? -EBUSY : -EXDEV;
	}
	d1 = (w->res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;
	l1 = strlen(w->res1.r_path);
	if (d1 && strncmp(w->res2.r_path, w->res1.r_path, l1) == 0 && w->res2.r_path[l1] == '/') {
		return -EINVAL;
	}
	if (w->res2.r_found) {
		bool d2 = (w->res2.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;

		if (w->res2.r_node.vn_ino == w->res1.r_node.vn_ino) {
			return 0;
		}
		if (d1 != d2) {
			return d1 ? -ENOTDIR : -EISDIR;
		}
		if (dir_sticky_denies(p, &w->res2.r_dir, &w->res2.r_node)) {
			return -EPERM;
		}
	}
	err = vfs_dir_writable(p, &w->res1.r_dir, p->p_uid, p->p_gid);
	if (err == 0) {
		err = vfs_dir_writable(p, &w->res2.r_dir, p->p_uid, p->p_gid);
	}
	if (err != 0) {
		return err;
	}
	if (dir_sticky_denies(p, &w->res1.r_dir, &w->res1.r_node)) {
		return -EPERM;
	}
	strlcpy(rq.fs_name, w->res1.r_name, sizeof(rq.fs_name));
	strlcpy(rq.fs_name2, w->res2.r_name, sizeof(rq.fs_name2));
	rq.fs_rq.rename = (struct fs_rq_rename){ .fr_olddir = w->res1.r_dir.vn_ino,
		.fr_newdir = w->res2.r_dir.vn_ino };
	err = vfs_fs_call(w->res1.r_dir.vn_mnt, &rq);
	return err < 0 ? err : 0;
}

int
vfs_do_link(struct vfs_req *q)
{
	struct dir_work dw, *w = &dw;
	int err = dir_two_paths(w, q->q_m);

	if (err != 0) {
		return err;
	}
	switch (q->q_m->m_type) {
	case VFS_LINK:
		return dir_link(w, q->q_p);
	case VFS_SYMLINK:
		return dir_symlink(w, q->q_p);
	}
	return dir_rename(w, q->q_p);
}

int
vfs_do_readlink(struct vfs_req *q)
{
	struct dir_work dw, *w = &dw;
	struct fs_slot rq = { .fs_op = FS_READLINK };
	size_t want = q->q_m->m_arg[3];
	int r = vfs_get_path(q->q_m, 0, w->path1);

	if (r == 0) {
		r = vfs_resolve_for(q->q_p, w->path1, VFS_R_NOFOLLOW, &w->res1);
	}
	if (r != 0) {
		return r;
	}
	if ((w->res1.r_node.vn_attr.fa_mode & XS_IFMT) != XS_IFLNK) {
		return -EINVAL;
	}
	rq.fs_rq.node.fn_ino = w->res1.r_node.vn_ino;
	r = vfs_fs_call(w->res1.r_node.vn_mnt, &rq);
	if (r < 0) {
		return r;
	}
	if ((size_t)r > want) {
		r = (int)want;
	}
	if ((size_t)r > sizeof(rq.fs_name2)) {
		r = (int)sizeof(rq.fs_name2);
	}
	if (r > 0) {
		int err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[2], 0,
		    rq.fs_name2, (size_t)r);

		if (err < 0) {
			return err;
		}
	}
	return r;
}
