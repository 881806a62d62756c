/*
 * Character devices (include/xinim/proto/chr.h): the driver of a node is
 * named by its major number (chr_majors[]), found in ds and looked up
 * again when it died.  A read or write lends the driver a buffer of
 * vfs's own (the data is copied to or from the caller's grant); when the
 * driver answers -EINPROGRESS the request is parked in its pending slot,
 * and the driver's notification makes vfs fetch CHR_DONE results, which
 * finish the parked requests.
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

/* A device request waiting for its CHR_DONE, by pending slot. */
struct chr_io {
	bool ci_active;
	bool ci_done;
	bool ci_read;
	int ci_result;
	uint64_t ci_id;
	uint32_t ci_major;
	int64_t ci_grant;
	uint8_t *ci_buf;
};

static struct chr_io ios[VFS_NPEND];
static endpoint_t majors_ep[CHR_MAJORS];
static uint64_t next_id;

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
	majors_ep[major] = ep > 0 ? ep : 0;
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

	m.m_arg[0] = XDEV_MINOR(vn->v_rdev);
	m.m_arg[1] = flags;
	m.m_arg[2] = (uint64_t)(int64_t)ep;
	return chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

void
vfs_chr_close(struct vnode *vn)
{
	struct message m = { .m_type = CHR_CLOSE, .m_arg[0] = XDEV_MINOR(vn->v_rdev) };

	chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

/* Ends io: the data of a read goes to the caller of m. */
static int
chr_finish(struct chr_io *io, const struct message *m, int result)
{
	if (io->ci_grant > 0) {
		kc_grant_revoke(io->ci_grant);
	}
	if (io->ci_read && result > 0) {
		int err = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[1], 0, io->ci_buf,
		    (size_t)result);

		if (err < 0) {
			result = err;
		}
	}
	free(io->ci_buf);
	memset(io, 0, sizeof(*io));
	return result;
}

int
vfs_chr_rw(struct vfilp *f, const struct message *m, int pend)
{
	bool rd = m->m_type == VFS_READ || m->m_type == VFS_PREAD;
	uint32_t major = XDEV_MAJOR(f->f_vn->v_rdev);
	size_t len = m->m_arg[2] > CHR_IO_MAX ? CHR_IO_MAX : m->m_arg[2];
	struct message c = { .m_type = rd ? CHR_READ : CHR_WRITE };
	struct chr_io *io;
	endpoint_t ep;
	int slot, r;

	if (pend >= 0 && ios[pend].ci_active) {
		io = &ios[pend];
		return io->ci_done ? chr_finish(io, m, io->ci_result) : VFS_WAIT;
	}
	slot = vfs_pend_reserve(m);
	if (slot < 0) {
		return -EAGAIN;
	}
	io = &ios[slot];
	memset(io, 0, sizeof(*io));
	io->ci_read = rd;
	io->ci_major = major;
	io->ci_buf = malloc(len > 0 ? len : 1);
	ep = chr_driver(major, false);
	if (io->ci_buf == NULL || ep < 0) {
		r = io->ci_buf == NULL ? -ENOMEM : (int)ep;
		free(io->ci_buf);
		io->ci_buf = NULL;
		return r;
	}
	if (!rd && len > 0) {
		r = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[1], 0, io->ci_buf, len);
		if (r < 0) {
			return chr_finish(io, m, r);
		}
	}
	io->ci_grant =
	    kc_grant_create(ep, io->ci_buf, len > 0 ? len : 1, rd ? GRANT_WRITE : GRANT_READ);
	if (io->ci_grant < 0) {
		return chr_finish(io, m, (int)io->ci_grant);
	}
	io->ci_id = (++next_id << 8) | (uint64_t)(slot + 1);
	c.m_arg[0] = XDEV_MINOR(f->f_vn->v_rdev);
	c.m_arg[1] = io->ci_id;
	c.m_arg[2] = len;
	c.m_arg[3] = f->f_flags & XO_NONBLOCK;
	c.m_arg[4] = (uint64_t)io->ci_grant;
	c.m_arg[5] = (uint64_t)(int64_t)m->m_source;
	r = ipc_call(ep, &c);
	if (r == 0) {
		r = (int)(int64_t)c.m_arg[0];
	} else if (r == -EDEADSRCDST) {
		majors_ep[major] = 0;
		r = -EIO;
	}
	if (r == -EINPROGRESS) {
		io->ci_active = true;
		return VFS_WAIT;
	}
	return chr_finish(io, m, r);
}

int
vfs_chr_ioctl(struct vnode *vn, uint64_t cmd, uint64_t arg)
{
	struct message m = { .m_type = CHR_IOCTL };

	m.m_arg[0] = XDEV_MINOR(vn->v_rdev);
	m.m_arg[1] = cmd;
	m.m_arg[2] = arg;
	return chr_call(XDEV_MAJOR(vn->v_rdev), &m);
}

short
vfs_chr_poll(struct vnode *vn, short events, bool notify)
{
	struct message m = { .m_type = CHR_SELECT };
	int r;

	m.m_arg[0] = XDEV_MINOR(vn->v_rdev);
	m.m_arg[1] = (uint64_t)(events & (XPOLLIN | XPOLLOUT));
	m.m_arg[2] = notify ? 1 : 0;
	r = chr_call(XDEV_MAJOR(vn->v_rdev), &m);
	return r < 0 ? XPOLLERR : (short)(r & (XPOLLIN | XPOLLOUT));
}

/* A notification from an endpoint we do not know as a driver: a driver
 * restarted (the tty notifies vfs when it comes back).  Requests parked
 * in the dead instance will never get their CHR_DONE: they fail with EIO
 * now, and the new endpoint is the driver's from here on. */
static void
chr_restarted(endpoint_t from)
{
	for (uint32_t major = 0; major < CHR_MAJORS; major++) {
		if (chr_majors[major] == NULL || majors_ep[major] == from ||
		    ds_lookup(chr_majors[major]) != from) {
			continue;
		}
		majors_ep[major] = from;
		for (int i = 0; i < VFS_NPEND; i++) {
			if (ios[i].ci_active && !ios[i].ci_done && ios[i].ci_major == major) {
				ios[i].ci_done = true;
				ios[i].ci_result = -EIO;
				vfs_pend_done(i, -EIO);
			}
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
		if (majors_ep[major] != from || from <= 0) {
			continue;
		}
		for (int guard = 0; guard < 4 * VFS_NPEND; guard++) {
			struct message m = { .m_type = CHR_DONE };
			int r = ipc_call(from, &m);

			if (r != 0 || (int64_t)m.m_arg[0] != 0) {
				break;
			}
			if (m.m_arg[1] != CHR_DONE_IO) {
				continue; /* readiness: the retry below looks again */
			}
			for (int i = 0; i < VFS_NPEND; i++) {
				if (ios[i].ci_active && ios[i].ci_id == m.m_arg[2]) {
					ios[i].ci_done = true;
					ios[i].ci_result = (int)(int64_t)m.m_arg[3];
					vfs_pend_done(i, ios[i].ci_result);
				}
			}
		}
	}
	vfs_pend_retry();
}

void
vfs_chr_cancel(int pend)
{
	struct chr_io *io = &ios[pend];
	struct message m = { .m_type = CHR_CANCEL };

	if (!io->ci_active) {
		return;
	}
	if (!io->ci_done) {
		m.m_arg[0] = io->ci_id;
		chr_call(io->ci_major, &m);
	}
	if (io->ci_grant > 0) {
		kc_grant_revoke(io->ci_grant);
	}
	free(io->ci_buf);
	memset(io, 0, sizeof(*io));
}
