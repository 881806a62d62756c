/*
 * The core's block device (struct e2_dev) over libbdev: the runs of a
 * batch become requests of up to the device's segment and byte limits
 * (buffers next to each other in memory share a segment), BATCH of them
 * in flight at once, waited for with bdev_wait() (which sleeps the
 * worker on a server with workers); a flush only where the device has a
 * write cache.
 * The cache's buffers lie in a region registered with bdev_region(), so
 * they move without a grant per request; the superblock and the group
 * descriptors (heap memory) get a grant per request.
 */
#include <libworker/worker.h>
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

/* Requests of one d_rwv batch kept in flight together, at most. */
#define BATCH 16

struct batch;

struct slot {
	struct bdev_io io;
	struct batch *bt;
	struct e2_run *run;
	uint64_t bytes;
	bool busy;
};

struct batch {
	struct slot s[BATCH];
	int err;
};

static void
slot_done(struct bdev_io *io, int64_t result)
{
	struct slot *s = io->bi_arg;

	if (result < 0 || (uint64_t)result != s->bytes) {
		int e = result < 0 ? (int)result : -EIO;

		if (s->run->r_err == 0) {
			s->run->r_err = e;
		}
		if (s->bt->err == 0) {
			s->bt->err = e;
		}
	}
	s->busy = false;
}

/* Fills io with as many buffers of run from *at as one request takes:
 * neighbours in memory merge into one segment.  Returns how many. */
static int
fill(const struct bdev *b, struct bdev_io *io, const struct e2_run *run, int at, size_t len)
{
	uint32_t ss = b->b_geom.bg_sector_size;
	uint32_t segs = b->b_geom.bg_max_segs, max = b->b_geom.bg_max_bytes;
	uint64_t bytes = 0;
	int k = 0, nseg = 0;

	if (segs == 0 || segs > BLK_MAX_SEGS) {
		segs = BLK_MAX_SEGS;
	}
	if (max == 0 || max > BLK_MAX_BYTES) {
		max = BLK_MAX_BYTES;
	}
	while (at + k < run->r_n && bytes + len <= max) {
		uint8_t *p = run->r_bufs[at + k];

		if (nseg > 0 &&
		    (uint8_t *)io->bi_seg[nseg - 1].bsg_addr + io->bi_seg[nseg - 1].bsg_len == p) {
			io->bi_seg[nseg - 1].bsg_len += len;
		} else if ((uint32_t)nseg < segs) {
			io->bi_seg[nseg].bsg_addr = p;
			io->bi_seg[nseg].bsg_len = len;
			nseg++;
		} else {
			break;
		}
		bytes += len;
		k++;
	}
	io->bi_sector = (run->r_off + (uint64_t)at * len) / ss;
	io->bi_count = bytes / ss;
	io->bi_nseg = (uint32_t)nseg;
	return k;
}

static int
disk_rwv(void *ctx, bool write, size_t len, struct e2_run *runs, int n)
{
	struct bdev *b = ctx;
	struct batch bt;
	uint32_t ss = b->b_geom.bg_sector_size;
	int ri = 0, at = 0, busy = 0;

	memset(&bt, 0, sizeof(bt));
	if (ss == 0 || len % ss != 0 || len == 0 || len > BLK_MAX_BYTES) {
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		runs[i].r_err = runs[i].r_off % ss != 0 ? -EINVAL : 0;
	}
	for (;;) {
		/* Every free slot takes the next piece of a run. */
		for (int i = 0; i < BATCH && ri < n; i++) {
			struct slot *s = &bt.s[i];
			int k;

			if (s->busy) {
				continue;
			}
			while (ri < n && (runs[ri].r_err != 0 || at >= runs[ri].r_n)) {
				ri++;
				at = 0;
			}
			if (ri == n) {
				break;
			}
			memset(&s->io, 0, sizeof(s->io));
			s->io.bi_op = write ? BLK_WRITE : BLK_READ;
			k = fill(b, &s->io, &runs[ri], at, len);
			if (k == 0) {
				runs[ri].r_err = -EINVAL; /* a buffer larger than a request */
				continue;
			}
			s->io.bi_done = slot_done;
			s->io.bi_arg = s;
			s->bt = &bt;
			s->run = &runs[ri];
			s->bytes = (uint64_t)k * len;
			s->busy = true;
			at += k;
			bdev_submit(b, &s->io);
		}
		busy = 0;
		for (int i = 0; i < BATCH; i++) {
			busy += bt.s[i].busy;
		}
		if (busy == 0 && ri == n) {
			break;
		}
		if (busy == 0) {
			continue;
		}
		if (worker_in()) {
			e2_srv_waiting(); /* the loop looks after the driver meanwhile */
		}
		if (bdev_pending(b) == 0 || bdev_wait(b) < 0) {
			/* Never answered, or dead too long: cannot leave the
			 * slots in the library.  bdev_wait() failed them all. */
			if (bdev_pending(b) == 0) {
				for (int i = 0; i < BATCH; i++) {
					bt.s[i].busy = false;
				}
				bt.err = bt.err != 0 ? bt.err : -EIO;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		if (runs[i].r_err != 0) {
			return runs[i].r_err;
		}
	}
	return bt.err;
}

static int
disk_rw(void *ctx, bool write, uint64_t off, void *const *bufs, size_t len, int n)
{
	struct e2_run run = { .r_off = off, .r_bufs = bufs, .r_n = n };

	return disk_rwv(ctx, write, len, &run, 1);
}

static int
disk_flush(void *ctx)
{
	struct bdev *b = ctx;

	if ((b->b_geom.bg_features & BLK_FEAT_FLUSH) == 0) {
		return 0;
	}
	return bdev_flush(b);
}

static int
disk_sleep(const void *chan)
{
	return worker_sleep(chan, 0);
}

struct e2_dev
e2_disk_dev(struct bdev *b)
{
	return (struct e2_dev){
		.d_ctx = b,
		.d_rw = disk_rw,
		.d_rwv = disk_rwv,
		.d_sleep = disk_sleep,
		.d_wakeup = worker_wakeup,
		.d_flush = disk_flush,
		.d_size = b->b_geom.bg_sectors * b->b_geom.bg_sector_size,
		.d_ro = (b->b_geom.bg_features & BLK_FEAT_RO) != 0 || !b->b_writable,
	};
}
