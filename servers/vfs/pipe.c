/*
 * Pipes: a 4 KiB ring per pipe, inside vfs.  A read of an empty pipe
 * waits for a writer (or gets 0 when no writer is left); a write waits
 * until all of it fits when it is at most VFS_PIPE_SIZE bytes (atomic,
 * as POSIX wants for PIPE_BUF), else writes what fits; -EPIPE without
 * readers.  XO_NONBLOCK turns every wait into -EAGAIN.  Waiters sleep
 * on the pipe; every change wakes them and any poll.
 */
#include <libsys/grant.h>
#include <xinim/errno.h>
#include "vfs.h"

int
vfs_pipe_read(struct vfilp *f, endpoint_t ep, int64_t grant, size_t len)
{
	struct vpipe *pp = f->f_vn->v_pipe;
	size_t done = 0;

	if (len == 0) {
		return 0;
	}
	while (pp->pp_len == 0) {
		int err;

		if (pp->pp_writers == 0) {
			return 0;
		}
		if ((f->f_flags & XO_NONBLOCK) != 0) {
			return -EAGAIN;
		}
		err = vfs_sleep(pp, 0);
		if (err == -EINTR) {
			return err;
		}
	}
	if (len > pp->pp_len) {
		len = pp->pp_len;
	}
	while (done < len) {
		size_t chunk = VFS_PIPE_SIZE - pp->pp_head;
		int err;

		if (chunk > len - done) {
			chunk = len - done;
		}
		err = kc_safecopy_to(ep, grant, done, pp->pp_buf + pp->pp_head, chunk);
		if (err < 0) {
			return done > 0 ? (int)done : err;
		}
		pp->pp_head = (uint32_t)((pp->pp_head + chunk) % VFS_PIPE_SIZE);
		pp->pp_len -= (uint32_t)chunk;
		done += chunk;
	}
	vfs_pipe_changed(pp);
	return (int)done;
}

int
vfs_pipe_write(struct vfilp *f, endpoint_t ep, int64_t grant, size_t len)
{
	struct vpipe *pp = f->f_vn->v_pipe;
	size_t space = VFS_PIPE_SIZE - pp->pp_len, done = 0;

	if (len == 0) {
		return pp->pp_readers == 0 ? -EPIPE : 0;
	}
	for (;;) {
		int err;

		if (pp->pp_readers == 0) {
			return -EPIPE;
		}
		space = VFS_PIPE_SIZE - pp->pp_len;
		if (space > 0 && (len > VFS_PIPE_SIZE || space >= len)) {
			break;
		}
		if ((f->f_flags & XO_NONBLOCK) != 0) {
			return -EAGAIN;
		}
		err = vfs_sleep(pp, 0);
		if (err == -EINTR) {
			return err;
		}
	}
	if (len > space) {
		len = space;
	}
	while (done < len) {
		size_t tail = (pp->pp_head + pp->pp_len) % VFS_PIPE_SIZE;
		size_t chunk = VFS_PIPE_SIZE - tail;
		int err;

		if (chunk > len - done) {
			chunk = len - done;
		}
		err = kc_safecopy_from(ep, grant, done, pp->pp_buf + tail, chunk);
		if (err < 0) {
			return done > 0 ? (int)done : err;
		}
		pp->pp_len += (uint32_t)chunk;
		done += chunk;
	}
	vfs_pipe_changed(pp);
	return (int)done;
}

void
vfs_pipe_changed(struct vpipe *pp)
{
	vfs_wakeup(pp);
	vfs_wakeup(&vfs_poll_chan);
}

short
vfs_pipe_poll(struct vfilp *f, short events)
{
	struct vpipe *pp = f->f_vn->v_pipe;
	short rev = 0;

	if ((f->f_flags & XO_ACCMODE) != XO_WRONLY) {
		if (pp->pp_len > 0 || pp->pp_writers == 0) {
			rev |= XPOLLIN & events;
		}
		if (pp->pp_writers == 0) {
			rev |= XPOLLHUP;
		}
	}
	if ((f->f_flags & XO_ACCMODE) != XO_RDONLY) {
		if (pp->pp_readers == 0) {
			rev |= XPOLLERR;
		} else if (pp->pp_len < VFS_PIPE_SIZE) {
			rev |= XPOLLOUT & events;
		}
	}
	return rev;
}
