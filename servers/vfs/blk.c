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
 * Transfers whose offset and length are multiples of the sector size go
 * straight between the program's buffer and the driver: the program's
 * grant is passed on (libbdev makes an indirect grant of it).  Others go
 * through a bounce buffer of BLK_BOUNCE bytes, sector-aligned windows at
 * a time, with a read of the window before a partial write
 * (read-modify-write; two programs writing parts of one sector at once
 * may lose one's bytes, as with any raw device without a cache).
 *
 * As on Linux, a read at or past the end gives 0, a write there
 * -ENOSPC, and one that crosses the end is cut short.
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
#define BLK_NIO 8                       /* direct requests in flight per transfer */
#define BLK_BOUNCE (64 * 1024)          /* bytes of one unaligned window */
#define BLK_WATCH_NS (250 * 1000000ULL) /* the watchdog's period */

struct vblk {
	int vb_opens; /* open files on it; 0: the slot is free */
	uint32_t vb_rdev;
	struct bdev vb_bdev;
};

/* One transfer's requests and how many are still out. */
struct blk_wait {
	unsigned bw_left;
};

struct blk_req {
	struct bdev_io br_io;
	struct blk_wait *br_wait;
	int64_t br_result;
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
	struct blk_req *r = io->bi_arg;

	r->br_result = result;
	r->br_wait->bw_left--;
	vfs_wakeup(r->br_wait);
}

/* Prepares r for op on count sectors at sector (segments follow). */
static void
blk_req_init(struct blk_req *r, struct blk_wait *w, uint32_t op, uint64_t sector, uint64_t count)
{
	memset(r, 0, sizeof(*r));
	r->br_io.bi_op = op;
	r->br_io.bi_sector = sector;
	r->br_io.bi_count = count;
	r->br_io.bi_done = blk_req_done;
	r->br_io.bi_arg = r;
	r->br_wait = w;
}

/* Submits the n requests and sleeps until every one is answered. */
static void
blk_run(struct bdev *b, struct blk_req *r, unsigned n, struct blk_wait *w)
{
	w->bw_left = n;
	if (watch_next == 0) {
		watch_next = clock_now_ns() + BLK_WATCH_NS;
	}
	for (unsigned i = 0; i < n; i++) {
		bdev_submit(b, &r[i].br_io);
	}
	while (w->bw_left > 0) {
		vfs_sleep_uninterruptible(w);
	}
}

/* The result of a request that should have moved want bytes. */
static int64_t
blk_result(const struct blk_req *r, uint64_t want)
{
	if (r->br_result < 0) {
		return r->br_result;
	}
	return (uint64_t)r->br_result == want ? (int64_t)want : -EIO;
}

/* [off, off + len) of the device to or from the program's grant, all
 * sector-aligned: up to BLK_NIO requests of the driver's largest size in
 * flight at once. */
static int64_t
blk_direct(struct bdev *b, const struct message *m, bool rd, uint64_t off, uint64_t len)
{
	const struct blk_geometry *g = &b->b_geom;
	uint64_t chunk = g->bg_max_bytes / g->bg_sector_size * g->bg_sector_size;
	struct blk_req reqs[BLK_NIO];
	struct blk_wait w;
	uint64_t done = 0;

	while (done < len) {
		unsigned n = 0;
		uint64_t at = done;
		int64_t r;

		for (; n < BLK_NIO && at < len; n++) {
			uint64_t l = len - at < chunk ? len - at : chunk;
			struct blk_req *q = &reqs[n];

			blk_req_init(q, &w, rd ? BLK_READ : BLK_WRITE,
			    (off + at) / g->bg_sector_size, l / g->bg_sector_size);
			q->br_io.bi_nseg = 1;
			q->br_io.bi_seg[0] = (struct bdev_seg){ .bsg_addr = NULL,
				.bsg_owner = m->m_source,
				.bsg_grant = (int64_t)m->m_arg[1],
				.bsg_off = at,
				.bsg_len = l };
			at += l;
		}
		blk_run(b, reqs, n, &w);
		for (unsigned i = 0; i < n; i++) {
			r = blk_result(&reqs[i], reqs[i].br_io.bi_seg[0].bsg_len);
			if (r < 0) {
				return done > 0 ? (int64_t)done : r;
			}
			done += (uint64_t)r;
		}
	}
	return (int64_t)done;
}

/* One request on our own buffer: the bytes or an error. */
static int64_t
blk_local(struct bdev *b, uint32_t op, uint64_t sector, void *buf, uint64_t len)
{
	struct blk_req r;
	struct blk_wait w;

	blk_req_init(&r, &w, op, sector, len / b->b_geom.bg_sector_size);
	r.br_io.bi_nseg = 1;
	r.br_io.bi_seg[0] = (struct bdev_seg){ .bsg_addr = buf, .bsg_len = len };
	blk_run(b, &r, 1, &w);
	return blk_result(&r, len);
}

/* An unaligned transfer through the bounce buffer, one window of whole
 * sectors at a time. */
static int64_t
blk_bounce(struct bdev *b, const struct message *m, bool rd, uint64_t off, uint64_t len)
{
	uint64_t ss = b->b_geom.bg_sector_size, done = 0;
	uint64_t span = BLK_BOUNCE < b->b_geom.bg_max_bytes ? BLK_BOUNCE : b->b_geom.bg_max_bytes;
	uint8_t *buf;
	int64_t r = 0;

	span = span / ss * ss;
	buf = malloc(span);
	if (buf == NULL) {
		return -ENOMEM;
	}
	while (done < len) {
		uint64_t pos = off + done, first = pos / ss * ss, end = off + len;
		uint64_t wend = first + span < end ? first + span : (end + ss - 1) / ss * ss;
		uint64_t head = pos - first, wlen = wend - first;
		uint64_t n = wlen - head < len - done ? wlen - head : len - done;

		/* A write of whole sectors needs nothing read first. */
		if (rd || head != 0 || (head + n) % ss != 0) {
			r = blk_local(b, BLK_READ, first / ss, buf, wlen);
			if (r < 0) {
				break;
			}
		}
		if (rd) {
			r = kc_safecopy_to(m->m_source, (int64_t)m->m_arg[1], done, buf + head, n);
		} else {
			r = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[1], done, buf + head,
			    n);
			if (r >= 0) {
				r = blk_local(b, BLK_WRITE, first / ss, buf, wlen);
			}
		}
		if (r < 0) {
			break;
		}
		done += n;
	}
	free(buf);
	return done > 0 ? (int64_t)done : r;
}

int64_t
vfs_blk_rw(struct vfilp *f, const struct message *m, bool rd, uint64_t off)
{
	struct vblk *vb = blk_find(f->f_vn->v_rdev);
	uint64_t len = m->m_arg[2], size, ss;
	struct bdev *b;

	if (vb == NULL) {
		return -EIO;
	}
	b = &vb->vb_bdev;
	ss = b->b_geom.bg_sector_size;
	size = b->b_geom.bg_sectors * ss;
	if (len == 0) {
		return 0;
	}
	if (off >= size) {
		return rd ? 0 : -ENOSPC;
	}
	if (len > size - off) {
		len = size - off;
	}
	if (!rd && !b->b_writable) {
		return -EROFS;
	}
	if (off % ss == 0 && len % ss == 0) {
		return blk_direct(b, m, rd, off, len);
	}
	return blk_bounce(b, m, rd, off, len);
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
	struct blk_req r;
	struct blk_wait w;

	if (vb == NULL) {
		return -EIO;
	}
	if (!vb->vb_bdev.b_writable) {
		return 0; /* nothing we wrote can be waiting */
	}
	blk_req_init(&r, &w, BLK_FLUSH, 0, 0);
	blk_run(&vb->vb_bdev, &r, 1, &w);
	return r.br_result < 0 ? (int)r.br_result : 0;
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
