/*
 * Named pipes: a FIFO node on a file system gets a pipe buffer of vfs's
 * (pipe.c) while anyone has it open, shared through the node's vnode.
 * As POSIX says, an open for reading waits until there is a writer and
 * one for writing until there is a reader (O_RDWR never waits); with
 * O_NONBLOCK a read-only open succeeds at once and a write-only one with
 * no reader fails with ENXIO.  A waiting open has its descriptor
 * already and sleeps on the pipe until the other side arrives.
 */
#include <xinim/errno.h>
#include "vfs.h"

int
vfs_fifo_attach(struct vnode *vn, uint32_t flags)
{
	uint32_t acc = flags & XO_ACCMODE;

	if (vn->v_pipe == NULL) {
		vn->v_pipe = vfs_pipe_new();
		if (vn->v_pipe == NULL) {
			return -ENFILE;
		}
	}
	if (acc == XO_WRONLY && (flags & XO_NONBLOCK) != 0 && vn->v_pipe->pp_readers == 0) {
		if (vn->v_pipe->pp_writers == 0) {
			vn->v_pipe = NULL;
		}
		return -ENXIO;
	}
	if (acc != XO_WRONLY) {
		vn->v_pipe->pp_readers++;
	}
	if (acc != XO_RDONLY) {
		vn->v_pipe->pp_writers++;
	}
	/* Opens waiting for this side may go on. */
	vfs_wakeup(vn->v_pipe);
	return 0;
}

/* Whether the open file f still lacks its other side. */
static bool
fifo_lonely(const struct vfilp *f)
{
	const struct vpipe *pp = f->f_vn->v_pipe;
	uint32_t acc = f->f_flags & XO_ACCMODE;

	if (pp == NULL || f->f_vn->v_mnt < 0 || acc == XO_RDWR) {
		return false;
	}
	return acc == XO_RDONLY ? pp->pp_writers == 0 : pp->pp_readers == 0;
}

int
vfs_fifo_open_wait(struct vfs_req *q, int fd)
{
	struct vfilp *f = q->q_p->p_fd[fd];
	int err;

	if (f == NULL || (f->f_vn->v_mode & XS_IFMT) != XS_IFIFO ||
	    (f->f_flags & XO_NONBLOCK) != 0) {
		return fd;
	}
	while (fifo_lonely(f)) {
		err = vfs_sleep(f->f_vn->v_pipe, 0);
		if (q->q_p->p_fd[fd] != f) {
			/* Closed meanwhile (a dup2 of a sibling sharing the table,
			 * or its exit): the open is over. */
			return -EINTR;
		}
		if (err == -EINTR) {
			vfs_close_fd(q->q_p, fd);
			return err;
		}
	}
	return fd;
}
