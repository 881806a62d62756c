/*
 * Calls on paths: chdir, fchdir, getcwd, unlink, rmdir, link, symlink,
 * readlink, rename, access.  Two paths travel in one grant as
 * "first\0second\0" (xinim/proto/vfs.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"

static long
one_path(uint32_t type, const char *path, uint64_t a2)
{
	struct message m = { .m_type = type };

	m.m_arg[2] = a2;
	return libc_vfs_path(&m, 0, path, NULL, 0);
}

/* The two-path calls: both strings with their NULs in one buffer. */
static long
two_paths(uint32_t type, const char *a, const char *b)
{
	struct message m = { .m_type = type };
	struct ds_lend l;
	size_t la, lb;
	char *buf;
	long r;

	if (a == NULL || b == NULL) {
		return -EFAULT;
	}
	la = strnlen(a, XPATH_MAX);
	lb = strnlen(b, XPATH_MAX);
	if (la >= XPATH_MAX || lb >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	if (lb == 0 || (la == 0 && type != VFS_SYMLINK)) {
		return -ENOENT;
	}
	buf = malloc(la + lb + 2);
	if (buf == NULL) {
		return -ENOMEM;
	}
	memcpy(buf, a, la + 1);
	memcpy(buf + la + 1, b, lb + 1);
	l = (struct ds_lend){ buf, la + lb + 2, GRANT_READ, 0 };
	m.m_arg[1] = la + lb + 2;
	r = libc_vfs_lend(&m, &l, 1);
	free(buf);
	return r;
}

int
chdir(const char *path)
{
	return (int)libc_ret(one_path(VFS_CHDIR, path, 0));
}

int
fchdir(int fd)
{
	struct message m = { .m_type = VFS_FCHDIR };

	m.m_arg[0] = (uint64_t)fd;
	return (int)libc_ret(libc_vfs(&m));
}

char *
getcwd(char *buf, size_t size)
{
	struct message m = { .m_type = VFS_GETCWD };
	struct ds_lend l = { buf, size, GRANT_WRITE, 0 };
	long r;

	if (buf == NULL || size == 0) {
		errno = buf == NULL ? EFAULT : EINVAL;
		return NULL;
	}
	m.m_arg[1] = size;
	r = libc_vfs_lend(&m, &l, 1);
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	return buf;
}

int
unlink(const char *path)
{
	return (int)libc_ret(one_path(VFS_UNLINK, path, 0));
}

int
rmdir(const char *path)
{
	return (int)libc_ret(one_path(VFS_RMDIR, path, 0));
}

int
access(const char *path, int mode)
{
	return (int)libc_ret(one_path(VFS_ACCESS, path, (uint64_t)mode));
}

int
link(const char *old, const char *new_path)
{
	return (int)libc_ret(two_paths(VFS_LINK, old, new_path));
}

int
symlink(const char *target, const char *link_path)
{
	return (int)libc_ret(two_paths(VFS_SYMLINK, target, link_path));
}

int
rename(const char *old, const char *new_path)
{
	return (int)libc_ret(two_paths(VFS_RENAME, old, new_path));
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
	struct message m = { .m_type = VFS_READLINK };
	struct ds_lend l = { buf, size, GRANT_WRITE, 2 };

	if (size == 0) {
		return libc_ret(-EINVAL);
	}
	m.m_arg[3] = size;
	return libc_ret(libc_vfs_path(&m, 0, path, &l, 1));
}
