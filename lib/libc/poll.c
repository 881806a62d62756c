/*
 * poll(): struct pollfd has vfs's struct xpollfd layout, so the caller's
 * array is lent as it is.
 */
#include <errno.h>
#include <poll.h>
#include <xinim/kcall.h>
#include "libc_int.h"

_Static_assert(sizeof(struct pollfd) == sizeof(struct xpollfd), "pollfd is xpollfd");

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct message m = { .m_type = VFS_POLL };
	struct ds_lend l = { fds, n * sizeof(*fds), GRANT_READ | GRANT_WRITE, 0 };

	if (n > XOPEN_MAX * 4) {
		return (int)libc_ret(-EINVAL);
	}
	m.m_arg[1] = n;
	m.m_arg[2] = (uint64_t)(int64_t)timeout;
	if (n == 0) {
		return (int)libc_ret(libc_vfs(&m));
	}
	return (int)libc_ret(libc_vfs_lend(&m, &l, 1));
}
