/*
 * Descriptor operations that move no data: dup, dup2, pipe, fcntl, open,
 * fsync, sync, ftruncate, truncate, isatty.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"

/* A request with up to three plain arguments. */
static long
simple(uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct message m = { .m_type = type };

	m.m_arg[0] = a0;
	m.m_arg[1] = a1;
	m.m_arg[2] = a2;
	return libc_vfs(&m);
}

int
dup(int fd)
{
	return (int)libc_ret(simple(VFS_DUP, (uint64_t)fd, 0, 0));
}

int
dup2(int fd, int newfd)
{
	return (int)libc_ret(simple(VFS_DUP2, (uint64_t)fd, (uint64_t)newfd, 0));
}

int
pipe(int fds[2])
{
	struct message m = { .m_type = VFS_PIPE };
	long r = libc_vfs(&m);

	if (r >= 0) {
		fds[0] = (int)m.m_arg[1];
		fds[1] = (int)m.m_arg[2];
		r = 0;
	}
	return (int)libc_ret(r);
}

int
fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return (int)libc_ret(simple(VFS_FCNTL, (uint64_t)fd, (uint64_t)cmd, (uint64_t)arg));
}

int
open(const char *path, int flags, ...)
{
	struct message m = { .m_type = VFS_OPEN };
	unsigned mode = 0;
	va_list ap;

	if ((flags & O_CREAT) != 0) {
		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	m.m_arg[2] = (uint64_t)(unsigned)flags;
	m.m_arg[3] = mode;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int
fsync(int fd)
{
	return (int)libc_ret(simple(VFS_FSYNC, (uint64_t)fd, 0, 0));
}

/* POSIX's sync() returns nothing; XINIM's says whether every file
 * system managed (0, or -1 with errno). */
int
sync(void)
{
	return (int)libc_ret(simple(VFS_SYNC, 0, 0, 0));
}

int
ftruncate(int fd, off_t len)
{
	return (int)libc_ret(simple(VFS_FTRUNCATE, (uint64_t)fd, (uint64_t)len, 0));
}

int
truncate(const char *path, off_t len)
{
	struct message m = { .m_type = VFS_TRUNCATE };

	m.m_arg[2] = (uint64_t)len;
	return (int)libc_ret(libc_vfs_path(&m, 0, path, NULL, 0));
}

int
libc_fd_isatty(int fd)
{
	return simple(VFS_IOCTL, (uint64_t)fd, XTCGETRAW, 0) >= 0;
}

int
isatty(int fd)
{
	long r = simple(VFS_IOCTL, (uint64_t)fd, XTCGETRAW, 0);

	if (r < 0) {
		errno = r == -EBADF ? EBADF : ENOTTY;
		return 0;
	}
	return 1;
}
