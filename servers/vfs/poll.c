/*
 * VFS_POLL: readiness of pipes (pipe.c), character devices (CHR_SELECT,
 * asking the driver to notify us when the caller has to wait) and
 * regular files and directories (always ready).  With nothing ready the
 * request sleeps on vfs_poll_chan, which every change of a pipe and every
 * readiness notification of a driver wakes, until its timeout.  Later,
 * sockets plug in here.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define POLL_MAX 128

const char vfs_poll_chan;

/* The revents of one entry. */
static short
poll_one(const struct vproc *p, const struct xpollfd *pf, bool notify)
{
	struct vfilp *f;

	if (pf->fd < 0) {
		return 0;
	}
	f = vfs_fd(p, pf->fd);
	if (f == NULL) {
		return XPOLLNVAL;
	}
	if (vfs_vnode_stale(f->f_vn)) {
		return XPOLLERR;
	}
	if (f->f_vn->v_pipe != NULL) {
		return vfs_pipe_poll(f, pf->events);
	}
	if ((f->f_vn->v_mode & XS_IFMT) == XS_IFCHR) {
		return vfs_chr_poll(f->f_vn, pf->events, notify);
	}
	return (short)(pf->events & (XPOLLIN | XPOLLOUT));
}

int
vfs_do_poll(struct vfs_req *q)
{
	const struct message *m = q->q_m;
	uint64_t n = m->m_arg[1];
	int64_t timeout = (int64_t)m->m_arg[2];
	uint64_t deadline = timeout > 0 ? clock_now_ns() + (uint64_t)timeout * 1000000ULL : 0;
	struct xpollfd fds[POLL_MAX];
	bool expired = timeout == 0;
	int ready, err;

	if (n > POLL_MAX) {
		return -EINVAL;
	}
	if (n > 0) {
		err =
		    kc_safecopy_from(m->m_source, (int64_t)m->m_arg[0], 0, fds, n * sizeof(fds[0]));
		if (err < 0) {
			return err;
		}
	}
	for (;;) {
		ready = 0;
		for (uint64_t i = 0; i < n; i++) {
			fds[i].revents = poll_one(q->q_p, &fds[i], !expired);
			if (fds[i].revents != 0) {
				ready++;
			}
		}
		if (ready > 0 || expired) {
			break;
		}
		err = vfs_sleep(&vfs_poll_chan, deadline);
		if (err == -EINTR) {
			return err;
		}
		expired = err == -ETIMEDOUT;
	}
	if (n > 0) {
		err = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[0], 0, fds, n * sizeof(fds[0]));
		if (err < 0) {
			return err;
		}
	}
	return ready;
}
