/*
 * Block special files (/dev/vda, /dev/vda1): open, read, write, fsync
 * and close of a disk through libbdev (lib/libbdev, proto/blk.h), for
 * tools such as dd.
 *
 * One struct bdev per device open in vfs (a table keyed by rdev), shared
 * by every open file on it, whatever node it was opened through.  It is
 * opened writable when the device allows it, so that a later writer
 * needs no second open; a read-only device (BLK_OPEN answers -EROFS) is
 * opened for reading, and opens for writing then fail with -EROFS.  It
 * is closed when its last open file goes.
 *
 * Nothing here blocks vfs: a worker submits its requests (struct
 * bdev_io on its own stack) and sleeps until they are all answered;
 * the driver's notification reaches vfs_blk_notified(), whose
 * bdev_poll() calls their bi_done(), which wakes the worker.  The sleep
 * is uninterruptible (the requests point into the worker's stack), and
 * bounded: libbdev answers every request, at worst with -EIO once the
 * driver stayed dead for BDEV_REBIND_NS, which the watchdog here
 * (vfs_blk_tick(), every BLK_WATCH_NS while requests are pending) makes
 * it notice with bdev_check().
 *
 * How a transfer becomes requests is blkio.c's business; this file
 * gives it vfs_blk_run() (submit, sleep, answered) and vfs_blk_copy().
 */
#include <libbdev/bdev.h>
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define VFS_NBLK 16                     /* devices open at once */
#define BLK_WATCH_NS (250 * 1000000ULL) /* the watchdog's period */

struct vblk {
	int vb_opens; /* open files on it; 0: the slot is free */
	uint32_t vb_rdev;
	struct bdev vb_bdev;
};

/* One transfer's requests: how many are still out. */
struct blk_wait {
	unsigned bw_left;
};

static struct vblk blks[VFS_NBLK];
static uint64_t watch_next; /* the watchdog's next look, 0: idle */

static struct vblk *
blk_find(uint32_t rdev)
{
	for (int i = 0; i < VFS_NBLK; i++) {
		if (blks[i].vb_opens > 0 && blks[i].vb_rdev == rdev) {
			return &blks[i];
		}
	}
	return NULL;
}

int
vfs_blk_open(struct vnode *vn, uint32_t flags)
{
	struct vblk *vb = blk_find(vn->v_rdev);
	int err;

	if (vb == NULL) {
		for (int i = 0; i < VFS_NBLK && vb == NULL; i++) {
			if (blks[i].vb_opens == 0) {
				vb = &blks[i];
			}
		}
		if (vb == NULL) {
			return -ENFILE;
		}
		/* BLK_OPEN is answered at once: this call does not wait long. */
		err = bdev_open(&vb->vb_bdev, vn->v_rdev, true);
		if (err == -EROFS) {
			err = bdev_open(&vb->vb_bdev, vn->v_rdev, false);
		}
		if (err != 0) {
			return err == -ENODEV || err == -ENOENT ? -ENXIO : err;
		}
		vb->vb_rdev = vn->v_rdev;
	}
	if ((flags & XO_ACCMODE) != XO_RDONLY && !vb->vb_bdev.b_writable) {
		if (vb->vb_opens == 0) {
			bdev_close(&vb->vb_bdev);
		}
		return -EROFS;
	}
	vb->vb_opens++;
	return 0;
}

void
vfs_blk_close(struct vnode *vn)
{
	struct vblk *vb = blk_find(vn->v_rdev);

	if (vb != NULL && --vb->vb_opens == 0) {
		/* No transfer is running: each holds its open file. */
		bdev_close(&vb->vb_bdev);
	}
}

/* bi_done: one request of a transfer is answered. */
static void
blk_req_done(struct bdev_io *io, int64_t result)
{
	struct vfs_blkreq *r = io->bi_arg;
	struct blk_wait *w = r->rq_wait;

	r->rq_result = result;
	w->bw_left--;
	vfs_wakeup(w);
}

void
vfs_blk_run(struct bdev *b, struct vfs_blkreq *r, unsigned n)
{
	struct blk_wait w = { .bw_left = n };

	if (watch_next == 0) {
		watch_next = clock_now_ns() + BLK_WATCH_NS;
	}
	for (unsigned i = 0; i < n; i++) {
		r[i].rq_io.bi_done = blk_req_done;
		r[i].rq_io.bi_arg = &r[i];
		r[i].rq_wait = &w;
		bdev_submit(b, &r[i].rq_io);
	}
	while (w.bw_left > 0) {
		vfs_sleep_uninterruptible(&w);
	}
}

int
vfs_blk_copy(const struct message *m, uint64_t off, void *buf, size_t n, bool to)
{
	if (to) {
		return kc_safecopy_to(m->m_source, (int64_t)m->m_arg[1], off, buf, n);
	}
	return kc_safecopy_from(m->m_source, (int64_t)m->m_arg[1], off, buf, n);
}

int64_t
vfs_blk_rw(struct vfilp *f, const struct message *m, bool rd, uint64_t off)
{
	struct vblk *vb = blk_find(f->f_vn->v_rdev);

	if (vb == NULL) {
		return -EIO;
	}
	return vfs_blk_transfer(&vb->vb_bdev, m, rd, off, m->m_arg[2]);
}

int
vfs_blk_size(struct vnode *vn, uint64_t *size)
{
	struct vblk *vb = blk_find(vn->v_rdev);

	if (vb == NULL) {
		return -EIO;
	}
	*size = vb->vb_bdev.b_geom.bg_sectors * vb->vb_bdev.b_geom.bg_sector_size;
	return 0;
}

int
vfs_blk_sync(struct vnode *vn)
{
	struct vblk *vb = blk_find(vn->v_rdev);
	struct vfs_blkreq r = { .rq_io.bi_op = BLK_FLUSH };

	if (vb == NULL) {
		return -EIO;
	}
	if (!vb->vb_bdev.b_writable) {
		return 0; /* nothing we wrote can be waiting */
	}
	vfs_blk_run(&vb->vb_bdev, &r, 1);
	return r.rq_result < 0 ? (int)r.rq_result : 0;
}

bool
vfs_blk_notified(endpoint_t from)
{
	bool ours = false;

	for (int i = 0; i < VFS_NBLK; i++) {
		if (blks[i].vb_opens > 0 && bdev_from(&blks[i].vb_bdev, from)) {
			ours = true;
			bdev_poll(&blks[i].vb_bdev);
		}
	}
	return ours;
}

uint64_t
vfs_blk_watch(uint64_t next)
{
	if (watch_next != 0 && (next == 0 || watch_next < next)) {
		return watch_next;
	}
	return next;
}

void
vfs_blk_tick(void)
{
	uint64_t now = clock_now_ns();
	bool busy = false;

	if (watch_next == 0 || now < watch_next) {
		return;
	}
	for (int i = 0; i < VFS_NBLK; i++) {
		struct bdev *b = &blks[i].vb_bdev;

		if (blks[i].vb_opens == 0 || bdev_pending(b) == 0) {
			continue;
		}
		/* A driver that died (or hangs: rs restarts it) is found again
		 * here, and what it had not answered is sent anew. */
		bdev_check(b);
		bdev_poll(b);
		busy = busy || bdev_pending(b) > 0;
	}
	watch_next = busy ? now + BLK_WATCH_NS : 0;
}
