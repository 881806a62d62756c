/*
 * VFS_POLL: readiness of pipes (pipe.c), character devices (CHR_SELECT,
 * asking the driver to notify us when the caller has to wait) and
 * regular files and directories (always ready).  With nothing ready the
 * request waits, to be looked at again after every change, until its
 * timeout (libdriver's timer wakes it).  Later, sockets plug in here.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define POLL_MAX 128

static struct xpollfd fds[POLL_MAX];

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
	int pend = vfs_pend_current(), ready = 0, err;
	uint64_t deadline = pend >= 0 ? vfs_pend_deadline_of(pend) : 0;
	bool expired = pend >= 0 && deadline != 0 && clock_now_ns() >= deadline;

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
	for (uint64_t i = 0; i < n; i++) {
		fds[i].revents = poll_one(q->q_p, &fds[i], timeout != 0 && !expired);
		if (fds[i].revents != 0) {
			ready++;
		}
	}
	if (ready == 0 && timeout != 0 && !expired) {
		if (pend < 0 && timeout > 0) {
			vfs_pend_deadline = clock_now_ns() + (uint64_t)timeout * 1000000ULL;
		}
		return VFS_WAIT;
	}
	if (n > 0) {
		err = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[0], 0, fds, n * sizeof(fds[0]));
		if (err < 0) {
			return err;
		}
	}
	return ready;
}
