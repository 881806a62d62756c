/*
 * Reading and writing descriptors: read, write, pread, pwrite, lseek,
 * close (each one VFS_* request; the data travels in a grant of the
 * caller's buffer).  A transfer of 0 bytes does not reach vfs.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"

/* One VFS_READ/WRITE/PREAD/PWRITE: bytes moved or a negative code. */
static long
transfer(uint32_t type, int fd, void *buf, size_t n, off_t off, unsigned access)
{
	struct message m = { .m_type = type };
	struct ds_lend l = { buf, n, access, 1 };

	if (fd < 0) {
		return -EBADF;
	}
	if (n == 0) {
		return 0;
	}
	if (n > 0x7fffffff) {
		n = 0x7fffffff;
		l.dl_len = n;
	}
	m.m_arg[0] = (uint64_t)fd;
	m.m_arg[2] = n;
	m.m_arg[3] = (uint64_t)off;
	return libc_vfs_lend(&m, &l, 1);
}

long
libc_fd_read(int fd, void *buf, size_t n)
{
	return transfer(VFS_READ, fd, buf, n, 0, GRANT_WRITE);
}

/* A write to a pipe nobody reads gets SIGPIPE as well as EPIPE: vfs
 * cannot call pm, so the writer raises it on itself (it ends here unless
 * it ignores SIGPIPE). */
static long
pipe_check(long r)
{
	if (r == -EPIPE) {
		raise(SIGPIPE);
	}
	return r;
}

long
libc_fd_write(int fd, const void *buf, size_t n)
{
	return pipe_check(transfer(VFS_WRITE, fd, (void *)buf, n, 0, GRANT_READ));
}

ssize_t
read(int fd, void *buf, size_t n)
{
	return libc_ret(libc_fd_read(fd, buf, n));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	return libc_ret(libc_fd_write(fd, buf, n));
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
	if (off < 0) {
		return libc_ret(-EINVAL);
	}
	return libc_ret(transfer(VFS_PREAD, fd, buf, n, off, GRANT_WRITE));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (off < 0) {
		return libc_ret(-EINVAL);
	}
	return libc_ret(pipe_check(transfer(VFS_PWRITE, fd, (void *)buf, n, off, GRANT_READ)));
}

off_t
lseek(int fd, off_t off, int whence)
{
	struct message m = { .m_type = VFS_LSEEK };

	m.m_arg[0] = (uint64_t)fd;
	m.m_arg[1] = (uint64_t)off;
	m.m_arg[2] = (uint64_t)whence;
	return libc_ret(libc_vfs(&m));
}

long
libc_fd_close(int fd)
{
	struct message m = { .m_type = VFS_CLOSE };

	m.m_arg[0] = (uint64_t)fd;
	return libc_vfs(&m);
}

int
close(int fd)
{
	return (int)libc_ret(libc_fd_close(fd));
}
