/*
 * Character devices (include/xinim/proto/chr.h): the driver of a node is
 * named by its major number (chr_majors[]), found in ds and looked up
 * again when it died.  A read or write hands the driver an indirect grant
 * of the program's own buffer, so the bytes move once, between the
 * program and the driver.  When the driver answers -EINPROGRESS the
 * worker sleeps on its request; the driver's notification makes vfs fetch
 * CHR_DONE results (as many as the answers say remain, no more), which
 * wake the sleepers, and readiness reports, which wake polls.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "vfs.h"

#define CHR_IO_MAX 4096 /* bytes per device request */

/* A device request waiting for its CHR_DONE. */
struct chr_io {
	bool ci_active;
	bool ci_done;
	int ci_result;
	uint64_t ci_id;
	uint32_t ci_major;
	endpoint_t ci_ep; /* the driver instance it waits in */
};

static struct chr_io ios[VFS_NWORKER];
static endpoint_t majors_ep[CHR_MAJORS];
static uint64_t next_id;

static void chr_io_done(struct chr_io *io, int result);

/* major's driver is ep now (0: unknown).  Requests waiting in another
 * instance will never get their CHR_DONE: they fail with EIO, whoever
 * found out first (a call that met the dead instance, or the new one's
 * notification). */
static void
chr_moved(uint32_t major, endpoint_t ep)
{
	if (majors_ep[major] == ep) {
		return;
	}
	majors_ep[major] = ep;
	for (int i = 0; i < VFS_NWORKER; i++) {
		if (ios[i].ci_active && !ios[i].ci_done && ios[i].ci_major == major &&
		    ios[i].ci_ep != ep) {
			chr_io_done(&ios[i], -EIO);
		}
	}
	vfs_wakeup(&vfs_poll_chan);
}

/* The driver of major (looked up when not known yet), or an error. */
static endpoint_t
chr_driver(uint32_t major, bool fresh)
{
	endpoint_t ep;

	if (major >= CHR_MAJORS || chr_majors[major] == NULL) {
		return -ENXIO;
	}
	if (majors_ep[major] > 0 && !fresh) {
		return majors_ep[major];
	}
	ep = ds_lookup(chr_majors[major]);
	if (ep > 0) {
		chr_moved(major, ep);
	}
	return ep > 0 ? ep : -ENXIO;
}

/* Calls major's driver with m, finding it again once if it died. */
static int
chr_call(uint32_t major, struct message *m)
{
	for (int tries = 0; tries < 2; tries++) {
		endpoint_t ep = chr_driver(major, tries > 0);
		struct message c = *m;
		int err;

		if (ep < 0) {
			return ep;
		}
		err = ipc_call(ep, &c);
		if (err == -EDEADSRCDST) {
			continue;
		}
		if (err != 0) {
			return err;
		}
		*m = c;
		return (int)(int64_t)c.m_arg[0];
	}
	return -EIO;
}

int
vfs_chr_open(struct vnode *vn, uint32_t flags, endpoint_t ep)
{
	struct message m = { .m_type = CHR_OPEN };

	*MSG_PAYLOAD(&m, struct msg_chr_open) =
	    (struct msg_chr_open){ .co_minor = XDEV_MINOR(vn->v_rdev),
		    .co_flags = flags,
		    .co_proc = ep };
	return chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

void
vfs_chr_close(struct vnode *vn)
{
	struct message m = { .m_type = CHR_CLOSE };

	MSG_PAYLOAD(&m, struct msg_chr_minor)->cm_minor = XDEV_MINOR(vn->v_rdev);
	chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

static struct chr_io *
chr_io_new(uint32_t major)
{
	for (int i = 0; i < VFS_NWORKER; i++) {
		if (!ios[i].ci_active) {
			ios[i] = (struct chr_io){ .ci_active = true,
				.ci_major = major,
				.ci_id = (++next_id << 8) | (uint64_t)(i + 1) };
			return &ios[i];
		}
	}
	return NULL;
}

/* Sleeps until io's CHR_DONE; a client that died cancels it. */
static int
chr_wait(struct chr_io *io)
{
	struct message c = { .m_type = CHR_CANCEL };

	while (!io->ci_done) {
		if (vfs_sleep(io, 0) == -EINTR && !io->ci_done) {
			MSG_PAYLOAD(&c, struct msg_chr_cancel)->cc_id = io->ci_id;
			chr_call(io->ci_major, &c);
			return -EINTR;
		}
	}
	return io->ci_result;
}

int
vfs_chr_rw(struct vfilp *f, const struct message *m)
{
	bool rd = m->m_type == VFS_READ || m->m_type == VFS_PREAD;
	uint32_t major = XDEV_MAJOR(f->f_vn->v_rdev);
	struct message c = { .m_type = rd ? CHR_READ : CHR_WRITE };
	struct msg_chr_io *rq = MSG_PAYLOAD(&c, struct msg_chr_io);
	struct vfs_xfer x;
	struct chr_io *io;
	endpoint_t ep;
	int r;

	ep = chr_driver(major, false);
	if (ep < 0) {
		return ep;
	}
	io = chr_io_new(major);
	if (io == NULL) {
		return -EAGAIN;
	}
	io->ci_ep = ep;
	r = vfs_xfer_client(&x, ep, m->m_source, (int64_t)m->m_arg[1], 0, m->m_arg[2],
	    rd ? GRANT_WRITE : GRANT_READ);
	if (r < 0) {
		io->ci_active = false;
		return r;
	}
	*rq = (struct msg_chr_io){ .ci_minor = XDEV_MINOR(f->f_vn->v_rdev),
		.ci_id = io->ci_id,
		.ci_len = m->m_arg[2],
		.ci_flags = f->f_flags & XO_NONBLOCK,
		.ci_grant = x.x_grant,
		.ci_proc = m->m_source };
	r = ipc_call(ep, &c);
	if (r == 0) {
		r = (int)MSG_PAYLOAD(&c, struct msg_chr_result)->cr_result;
	} else if (r == -EDEADSRCDST) {
		majors_ep[major] = 0;
		r = -EIO;
	}
	if (r == -EINPROGRESS) {
		r = chr_wait(io);
	}
	vfs_xfer_end(&x);
	io->ci_active = false;
	if (r > 0 && (uint64_t)r > m->m_arg[2]) {
		r = -EIO; /* a driver claiming more than it was asked */
	}
	return r;
}

int
vfs_chr_ioctl(struct vnode *vn, uint64_t cmd, uint64_t arg)
{
	struct message m = { .m_type = CHR_IOCTL };

	*MSG_PAYLOAD(&m, struct msg_chr_ioctl) =
	    (struct msg_chr_ioctl){ .cl_minor = XDEV_MINOR(vn->v_rdev),
		    .cl_cmd = cmd,
		    .cl_arg = arg };
	return chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

short
vfs_chr_poll(struct vnode *vn, short events, bool notify)
{
	struct message m = { .m_type = CHR_SELECT };
	int r;

	*MSG_PAYLOAD(&m, struct msg_chr_select) = (struct msg_chr_select){
		.cs_minor = XDEV_MINOR(vn->v_rdev),
		.cs_ops = (uint64_t)(events & (XPOLLIN | XPOLLOUT)),
		.cs_notify = notify ? 1 : 0,
	};
	r = chr_call(XDEV_MAJOR(vn->v_rdev), &m);
	return r < 0 ? XPOLLERR : (short)(r & (XPOLLIN | XPOLLOUT));
}

/* Ends io with result and wakes its worker. */
static void
chr_io_done(struct chr_io *io, int result)
{
	io->ci_done = true;
	io->ci_result = result;
	vfs_wakeup(io);
}

/* A notification from an endpoint we do not know as a driver: a driver
 * restarted (the tty notifies vfs when it comes back), and the new
 * endpoint is the driver's from here on. */
static void
chr_restarted(endpoint_t from)
{
	for (uint32_t major = 0; major < CHR_MAJORS; major++) {
		if (chr_majors[major] != NULL && majors_ep[major] != from &&
		    ds_lookup(chr_majors[major]) == from) {
			chr_moved(major, from);
		}
	}
}

/* Takes the results waiting in driver from: as many as it says. */
static void
chr_fetch(endpoint_t from)
{
	for (int guard = 0; guard < 4 * VFS_NWORKER; guard++) {
		struct message m = { .m_type = CHR_DONE };
		const struct msg_chr_done *d = MSG_PAYLOAD(&m, struct msg_chr_done);

		if (ipc_call(from, &m) != 0 || d->cd_result != 0) {
			return;
		}
		if (d->cd_kind == CHR_DONE_READY) {
			vfs_wakeup(&vfs_poll_chan);
		}
		for (int i = 0; d->cd_kind == CHR_DONE_IO && i < VFS_NWORKER; i++) {
			if (ios[i].ci_active && !ios[i].ci_done && ios[i].ci_id == d->cd_a) {
				chr_io_done(&ios[i], (int)d->cd_b);
			}
		}
		if (d->cd_more == 0) {
			return;
		}
	}
}

void
vfs_chr_notified(endpoint_t from)
{
	bool known = false;

	for (uint32_t major = 0; major < CHR_MAJORS; major++) {
		known = known || (from > 0 && majors_ep[major] == from);
	}
	if (!known && from > 0) {
		chr_restarted(from);
	}
	for (uint32_t major = 0; major < CHR_MAJORS; major++) {
		if (majors_ep[major] == from && from > 0) {
			chr_fetch(from);
			return;
		}
	}
}
