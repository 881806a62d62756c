/*
 * The descriptor layer under the streams (xfile.h), and the standard
 * streams.  Descriptors 1 and 2 go to the kernel console in a process pm
 * did not start (libc_posix unset: rs's services and run= programs, some
 * of which serve vfs and must never wait on it), and, in one pm started,
 * once vfs has said they are not open (EBADF).
 */
#include <libsys/kcall.h>
#include <stdio.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"
#include "xfile.h"

static struct xfile std_files[3];
FILE *stdin = &std_files[0];
FILE *stdout = &std_files[1];
FILE *stderr = &std_files[2];
static int on_console[3]; /* descriptor 1 or 2 writes to the console */

long
console_write(const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		int64_t n = kc_console_write(buf + done, len - done);

		if (n <= 0) {
			return n < 0 ? n : (long)done;
		}
		done += (size_t)n;
	}
	return (long)done;
}

static int
console_fd(int fd)
{
	return (fd == 1 || fd == 2) && (!libc_posix || on_console[fd]);
}

long
xf_sys_write(int fd, const void *buf, size_t n)
{
	long r;

	if (!console_fd(fd)) {
		r = libc_fd_write(fd, buf, n);
		if (r != -EBADF || (fd != 1 && fd != 2)) {
			return r;
		}
		on_console[fd] = 1;
	}
	return console_write(buf, n);
}

long
xf_sys_read(int fd, void *buf, size_t n)
{
	if (fd == 0 && !libc_posix) {
		return -EBADF;
	}
	return libc_fd_read(fd, buf, n);
}

int
xf_sys_automode(int fd)
{
	long r;

	if (console_fd(fd)) {
		return XF_NONE;
	}
	if (fd == 0 && !libc_posix) {
		return XF_FULL;
	}
	r = libc_fd_isatty(fd);
	if (r == 0 && (fd == 1 || fd == 2)) {
		/* Not a terminal, or not open at all: ask which. */
		struct message m = { .m_type = VFS_FCNTL };

		m.m_arg[0] = (uint64_t)fd;
		m.m_arg[1] = XF_GETFD;
		if (libc_vfs(&m) == -EBADF) {
			on_console[fd] = 1;
			return XF_NONE;
		}
	}
	return r ? XF_LINE : XF_FULL;
}

void
libc_stdio_init(void)
{
	xf_init(&std_files[0], 0, XF_READ | XF_STATIC, XF_AUTO);
	xf_init(&std_files[1], 1, XF_WRITE | XF_STATIC, XF_AUTO);
	xf_init(&std_files[2], 2, XF_WRITE | XF_STATIC, XF_NONE);
}

void
libc_stdio_flush_all(void)
{
	xf_flush_all();
}
