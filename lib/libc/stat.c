/*
 * stat and friends: vfs fills a struct xstat, which becomes a struct
 * stat; mkdir, chmod, fchmod, chown, lchown, umask.
 */
#include <errno.h>
#include <sys/stat.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"

static void
from_xstat(const struct xstat *x, struct stat *st)
{
	st->st_dev = x->st_dev;
	st->st_ino = x->st_ino;
	st->st_mode = x->st_mode;
	st->st_nlink = x->st_nlink;
	st->st_uid = x->st_uid;
	st->st_gid = x->st_gid;
	st->st_rdev = x->st_rdev;
	st->st_size = (off_t)x->st_size;
	st->st_blksize = x->st_blksize;
	st->st_blocks = (blkcnt_t)x->st_blocks;
	st->st_atim = (struct timespec){ x->st_atime_ns / 1000000000, x->st_atime_ns % 1000000000 };
	st->st_mtim = (struct timespec){ x->st_mtime_ns / 1000000000, x->st_mtime_ns % 1000000000 };
	st->st_ctim = (struct timespec){ x->st_ctime_ns / 1000000000, x->st_ctime_ns % 1000000000 };
}

static int
do_stat(const char *path, struct stat *st, int nofollow)
{
	struct message m = { .m_type = VFS_STAT };
	struct xstat x = { 0 };
	struct ds_lend l = { &x, sizeof(x), GRANT_WRITE, 2 };
	long r;

	m.m_arg[3] = (uint64_t)nofollow;
	r = libc_vfs_path(&m, 0, path, &l, 1);
	if (r >= 0) {
		from_xstat(&x, st);
	}
	return (int)libc_ret(r);
}

int
stat(const char *path, struct stat *st)
{
	return do_stat(path, st, 0);
}

int
lstat(const char *path, struct stat *st)
{
	return do_stat(path, st, 1);
}

int
fstat(int fd, struct stat *st)
{
	struct message m = { .m_type = VFS_FSTAT };
	struct xstat x = { 0 };
	struct ds_lend l = { &x, sizeof(x), GRANT_WRITE, 1 };
	long r;

	m.m_arg[0] = (uint64_t)fd;
	r = libc_vfs_lend(&m, &l, 1);
	if (r >= 0) {
		from_xstat(&x, st);
	}
	return (int)libc_ret(r);
}

int
mkdir(const char *path, mode_t mode)
{
	struct message m = { .m_type = VFS_MKDIR };

	m.m_arg[2] = mode;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
mknod(const char *path, mode_t mode, dev_t dev)
{
	struct message m = { .m_type = VFS_MKNOD };

	m.m_arg[2] = mode;
	m.m_arg[3] = dev;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
mkfifo(const char *path, mode_t mode)
{
	return mknod(path, S_IFIFO | (mode & 07777), 0);
}

int
chmod(const char *path, mode_t mode)
{
	struct message m = { .m_type = VFS_CHMOD };

	m.m_arg[2] = mode;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
fchmod(int fd, mode_t mode)
{
	struct message m = { .m_type = VFS_FCHMOD };

	m.m_arg[0] = (uint64_t)fd;
	m.m_arg[1] = mode;
	return (int)libc_ret(libc_vfs(&m));
}

static int
do_chown(const char *path, uid_t uid, gid_t gid, int nofollow)
{
	struct message m = { .m_type = VFS_CHOWN };

	m.m_arg[2] = uid;
	m.m_arg[3] = gid;
	m.m_arg[4] = (uint64_t)nofollow;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
chown(const char *path, uid_t uid, gid_t gid)
{
	return do_chown(path, uid, gid, 0);
}

int
lchown(const char *path, uid_t uid, gid_t gid)
{
	return do_chown(path, uid, gid, 1);
}

mode_t
umask(mode_t mask)
{
	struct message m = { .m_type = VFS_UMASK };
	long r;

	m.m_arg[0] = mask & 0777;
	r = libc_vfs(&m);
	return r < 0 ? 022 : (mode_t)r;
}
