/*
 * poll() over vfs (VFS_POLL): struct pollfd has vfs's layout.
 */
#pragma once
#include <xinim/proto/vfs.h>

#define POLLIN XPOLLIN
#define POLLOUT XPOLLOUT
#define POLLERR XPOLLERR
#define POLLHUP XPOLLHUP
#define POLLNVAL XPOLLNVAL

typedef unsigned long nfds_t;

struct pollfd {
	int fd;
	short events;
	short revents;
};

/* timeout in ms, -1: none. */
int poll(struct pollfd *fds, nfds_t n, int timeout);
