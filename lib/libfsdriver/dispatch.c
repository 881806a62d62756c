/*
 * The request switch: the per-ring mount state (FS_MOUNT first, once;
 * FS_UNMOUNT closes), read-only refusals, and one callback per op, with
 * the defaults fsdriver.h documents for a NULL callback.
 */
#include <xinim/errno.h>
#include "fsdriver_int.h"

/* The callback of op, or NULL; *known false for an unknown op. */
static fsdriver_op_fn
op_fn(const struct fsdriver_ops *ops, uint32_t op, bool *known)
{
	*known = true;
	switch (op) {
	case FS_LOOKUP:
		return ops->lookup;
	case FS_GETATTR:
		return ops->getattr;
	case FS_SETATTR:
		return ops->setattr;
	case FS_READ:
		return ops->read;
	case FS_WRITE:
		return ops->write;
	case FS_CREATE:
		return ops->create;
	case FS_SYMLINK:
		return ops->symlink;
	case FS_READLINK:
		return ops->readlink;
	case FS_LINK:
		return ops->link;
	case FS_UNLINK:
		return ops->unlink;
	case FS_RMDIR:
		return ops->rmdir;
	case FS_RENAME:
		return ops->rename;
	case FS_GETDENTS:
		return ops->getdents;
	case FS_SYNC:
		return ops->sync;
	case FS_STATFS:
		return ops->statfs;
	case FS_REF:
		return ops->ref;
	case FS_PUTNODE:
		return ops->putnode;
	default:
		*known = false;
		return NULL;
	}
}

static int64_t
do_mount(struct fsdriver_ring *rg, const struct fsdriver_ops *ops, struct fsdriver_req *rq)
{
	uint32_t flags = rq->fr_rq.mount.fm_flags;
	void *mount = NULL;
	int64_t r;

	if (rg->rg_mounted) {
		return -EBUSY;
	}
	if ((flags & ~(uint32_t)XMNT_RDONLY) != 0) {
		return -EINVAL;
	}
	if (ops->fo_read_only && (flags & XMNT_RDONLY) == 0) {
		return -EROFS;
	}
	if (ops->mount == NULL) {
		return -ENOSYS;
	}
	rq->fr_flags = flags;
	r = ops->mount(rq, rq->fr_name2, flags, &mount);
	if (r >= 0) {
		rg->rg_mounted = true;
		rg->rg_flags = flags;
		rg->rg_mount = mount;
	}
	return r;
}

int64_t
fsdrv_dispatch(struct fsdriver_ring *rg, const struct fsdriver_ops *ops, struct fsdriver_req *rq)
{
	fsdriver_op_fn fn;
	bool known;
	int64_t r;

	rq->fr_ring = rg;
	rq->fr_client = rg->rg_client;
	rq->fr_mount = rg->rg_mount;
	rq->fr_flags = rg->rg_flags;
	if (rq->fr_op == FS_MOUNT) {
		r = do_mount(rg, ops, rq);
		if (r < 0 && !rg->rg_mounted) {
			/* vfs drops the area of a refused mount (and may reuse
			 * its memory for the next): the ring goes after the answer. */
			rg->rg_closing = true;
		}
		return r;
	}
	fn = op_fn(ops, rq->fr_op, &known);
	if (!known && rq->fr_op != FS_UNMOUNT) {
		return -ENOSYS;
	}
	if (!rg->rg_mounted) {
		return -EINVAL;
	}
	if (rq->fr_op == FS_UNMOUNT) {
		/* Requests in service but this one (on a worker, its own
		 * slot is counted too). */
		if ((rg->rg_later & ~(1u << rq->fr_slot)) != 0) {
			return -EBUSY;
		}
		r = ops->unmount != NULL ? ops->unmount(rq) : 0;
		if (r == 0) {
			rg->rg_closing = true;
		}
		return r;
	}
	if (fsdriver_op_changes(rq->fr_op) && (rg->rg_flags & XMNT_RDONLY) != 0) {
		return -EROFS;
	}
	if (fn != NULL) {
		return fn(rq);
	}
	if (fsdriver_op_changes(rq->fr_op)) {
		return -EROFS;
	}
	if (rq->fr_op == FS_SYNC || rq->fr_op == FS_REF || rq->fr_op == FS_PUTNODE) {
		return 0;
	}
	return -ENOSYS;
}

void
fsdriver_defer(struct fsdriver_req *rq, struct fsdriver_later *later)
{
	rq->fr_deferred = true;
	later->fl_ring = rq->fr_ring;
	later->fl_gen = rq->fr_ring->rg_gen;
	later->fl_slot = rq->fr_slot;
}
