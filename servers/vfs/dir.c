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

static char path1[XPATH_MAX], path2[XPATH_MAX];
static struct vfs_res res1, res2;

/* The two NUL-terminated paths of [0, 1] into path1 and path2. */
static int
dir_two_paths(const struct message *m)
{
	static char both[2 * XPATH_MAX];
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
	strlcpy(path1, both, sizeof(path1));
	strlcpy(path2, both + l1 + 1, sizeof(path2));
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
	struct vproc *p = q->q_p;
	uint32_t type = XS_IFDIR, rdev = 0;
	struct vfs_node n;
	int err = vfs_get_path(q->q_m, 0, path1);

	if (err == 0) {
		err = vfs_resolve_for(p, path1, VFS_R_PARENT | VFS_R_NOFOLLOW, &res1);
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
	if (res1.r_found) {
		return -EEXIST;
	}
	err = vfs_dir_writable(p, &res1.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	err = vfs_create(&res1.r_dir, res1.r_name,
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
	bool rmdir = q->q_m->m_type == VFS_RMDIR;
	struct message c = { .m_type = rmdir ? FS_RMDIR : FS_UNLINK };
	struct vproc *p = q->q_p;
	bool isdir;
	int err = vfs_get_path(q->q_m, 0, path1);

	if (err == 0) {
		err = vfs_resolve_for(p, path1, VFS_R_NOFOLLOW, &res1);
	}
	if (err != 0) {
		return err;
	}
	isdir = (res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;
	if (res1.r_name[0] == '\0') {
		return !rmdir ? -EISDIR : strcmp(res1.r_path, "/") == 0 ? -EBUSY : -EINVAL;
	}
	if (rmdir && !isdir) {
		return -ENOTDIR;
	}
	if (!rmdir && isdir) {
		return -EISDIR;
	}
	if (dir_is_mount_root(&res1.r_node) && res1.r_node.vn_mnt != res1.r_dir.vn_mnt) {
		return -EBUSY;
	}
	err = vfs_dir_writable(p, &res1.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	if (dir_sticky_denies(p, &res1.r_dir, &res1.r_node)) {
		return -EPERM;
	}
	strlcpy(vfs_win->fw_name, res1.r_name, sizeof(vfs_win->fw_name));
	c.m_arg[0] = res1.r_dir.vn_ino;
	err = vfs_fs_call(res1.r_dir.vn_mnt, &c);
	return err < 0 ? err : 0;
}

/* link(path1, path2): a new name for an existing non-directory. */
static int
dir_link(struct vproc *p)
{
	struct message c = { .m_type = FS_LINK };
	int err = vfs_resolve_for(p, path1, VFS_R_NOFOLLOW, &res1);

	if (err != 0) {
		return err;
	}
	err = vfs_resolve_for(p, path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &res2);
	if (err != 0) {
		return err;
	}
	if (res2.r_found) {
		return -EEXIST;
	}
	if ((res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR) {
		return -EPERM;
	}
	if (res1.r_node.vn_mnt != res2.r_dir.vn_mnt) {
		return -EXDEV;
	}
	err = vfs_dir_writable(p, &res2.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	strlcpy(vfs_win->fw_name, res2.r_name, sizeof(vfs_win->fw_name));
	c.m_arg[0] = res2.r_dir.vn_ino;
	c.m_arg[1] = res1.r_node.vn_ino;
	err = vfs_fs_call(res2.r_dir.vn_mnt, &c);
	return err < 0 ? err : 0;
}

/* symlink(path1 = target, path2 = the link). */
static int
dir_symlink(struct vproc *p)
{
	struct message c = { .m_type = FS_SYMLINK };
	int err = vfs_resolve_for(p, path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &res2);

	if (err != 0) {
		return err;
	}
	if (res2.r_found) {
		return -EEXIST;
	}
	err = vfs_dir_writable(p, &res2.r_dir, p->p_uid, p->p_gid);
	if (err != 0) {
		return err;
	}
	strlcpy(vfs_win->fw_name, res2.r_name, sizeof(vfs_win->fw_name));
	strlcpy(vfs_win->fw_name2, path1, sizeof(vfs_win->fw_name2));
	c.m_arg[0] = res2.r_dir.vn_ino;
	c.m_arg[1] = p->p_uid | (uint64_t)p->p_gid << 32;
	err = vfs_fs_call(res2.r_dir.vn_mnt, &c);
	return err < 0 ? err : 0;
}

/* rename(path1, path2). */
static int
dir_rename(struct vproc *p)
{
	struct message c = { .m_type = FS_RENAME };
	size_t l1;
	bool d1;
	int err = vfs_resolve_for(p, path1, VFS_R_NOFOLLOW, &res1);

	if (err != 0) {
		return err;
	}
	err = vfs_resolve_for(p, path2, VFS_R_PARENT | VFS_R_NOFOLLOW, &res2);
	if (err != 0) {
		return err;
	}
	if (res1.r_name[0] == '\0' || res2.r_name[0] == '\0') {
		return -EBUSY;
	}
	if (res1.r_node.vn_mnt != res2.r_dir.vn_mnt || dir_is_mount_root(&res1.r_node)) {
		return dir_is_mount_root(&res1.r_node) ? -EBUSY : -EXDEV;
	}
	d1 = (res1.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;
	l1 = strlen(res1.r_path);
	if (d1 && strncmp(res2.r_path, res1.r_path, l1) == 0 && res2.r_path[l1] == '/') {
		return -EINVAL;
	}
	if (res2.r_found) {
		bool d2 = (res2.r_node.vn_attr.fa_mode & XS_IFMT) == XS_IFDIR;

		if (res2.r_node.vn_ino == res1.r_node.vn_ino) {
			return 0;
		}
		if (d1 != d2) {
			return d1 ? -ENOTDIR : -EISDIR;
		}
		if (dir_sticky_denies(p, &res2.r_dir, &res2.r_node)) {
			return -EPERM;
		}
	}
	err = vfs_dir_writable(p, &res1.r_dir, p->p_uid, p->p_gid);
	if (err == 0) {
		err = vfs_dir_writable(p, &res2.r_dir, p->p_uid, p->p_gid);
	}
	if (err != 0) {
		return err;
	}
	if (dir_sticky_denies(p, &res1.r_dir, &res1.r_node)) {
		return -EPERM;
	}
	strlcpy(vfs_win->fw_name, res1.r_name, sizeof(vfs_win->fw_name));
	strlcpy(vfs_win->fw_name2, res2.r_name, sizeof(vfs_win->fw_name2));
	c.m_arg[0] = res1.r_dir.vn_ino;
	c.m_arg[1] = res2.r_dir.vn_ino;
	err = vfs_fs_call(res1.r_dir.vn_mnt, &c);
	return err < 0 ? err : 0;
}

int
vfs_do_link(struct vfs_req *q)
{
	int err = dir_two_paths(q->q_m);

	if (err != 0) {
		return err;
	}
	switch (q->q_m->m_type) {
	case VFS_LINK:
		return dir_link(q->q_p);
	case VFS_SYMLINK:
		return dir_symlink(q->q_p);
	}
	return dir_rename(q->q_p);
}

int
vfs_do_readlink(struct vfs_req *q)
{
	struct message c = { .m_type = FS_READLINK };
	size_t want = q->q_m->m_arg[3];
	int r = vfs_get_path(q->q_m, 0, path1);

	if (r == 0) {
		r = vfs_resolve_for(q->q_p, path1, VFS_R_NOFOLLOW, &res1);
	}
	if (r != 0) {
		return r;
	}
	if ((res1.r_node.vn_attr.fa_mode & XS_IFMT) != XS_IFLNK) {
		return -EINVAL;
	}
	c.m_arg[0] = res1.r_node.vn_ino;
	r = vfs_fs_call(res1.r_node.vn_mnt, &c);
	if (r < 0) {
		return r;
	}
	if ((size_t)r > want) {
		r = (int)want;
	}
	if (r > 0) {
		int err = kc_safecopy_to(q->q_m->m_source, (int64_t)q->q_m->m_arg[2], 0,
		    vfs_win->fw_data, (size_t)r);

		if (err < 0) {
			return err;
		}
	}
	return r;
}
