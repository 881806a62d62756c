/*
 * The core's block device (struct e2_dev) over libbdev: one request per
 * run of buffers (up to the device's segment and byte limits), waited
 * for with bdev_wait(); a flush only where the device has a write cache.
 * The cache's buffers lie in a region registered with bdev_region(), so
 * they move without a grant per request; the superblock and the group
 * descriptors (heap memory) get a grant per request.
 */
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

static void
io_done(struct bdev_io *io, int64_t result)
{
	*(int64_t *)io->bi_arg = result;
}

/* One request of n buffers of len bytes from byte off. */
static int
one(struct bdev *b, bool write, uint64_t off, void *const *bufs, size_t len, int n)
{
	struct bdev_io io;
	int64_t result = 1; /* not answered yet */
	uint32_t ss = b->b_geom.bg_sector_size;

	memset(&io, 0, sizeof(io));
	io.bi_op = write ? BLK_WRITE : BLK_READ;
	io.bi_sector = off / ss;
	io.bi_count = len * (uint64_t)n / ss;
	io.bi_nseg = (uint32_t)n;
	for (int i = 0; i < n; i++) {
		io.bi_seg[i].bsg_addr = bufs[i];
		io.bi_seg[i].bsg_len = len;
	}
	io.bi_done = io_done;
	io.bi_arg = &result;
	bdev_submit(b, &io);
	while (result == 1) {
		if (bdev_pending(b) == 0) {
			return -EIO; /* never answered: cannot happen, but never spin */
		}
		bdev_wait(b);
	}
	if (result < 0) {
		return (int)result;
	}
	return (uint64_t)result == len * (uint64_t)n ? 0 : -EIO;
}

static int
disk_rw(void *ctx, bool write, uint64_t off, void *const *bufs, size_t len, int n)
{
	struct bdev *b = ctx;
	uint32_t ss = b->b_geom.bg_sector_size;
	uint32_t segs = b->b_geom.bg_max_segs, bytes = b->b_geom.bg_max_bytes;
	int per;

	if (ss == 0 || off % ss != 0 || len % ss != 0 || len == 0) {
		return -EINVAL;
	}
	if (segs == 0 || segs > BLK_MAX_SEGS) {
		segs = BLK_MAX_SEGS;
	}
	per = (int)segs;
	if (bytes != 0 && (uint64_t)per * len > bytes) {
		per = (int)(bytes / len);
	}
	if (per < 1) {
		return -EINVAL;
	}
	for (int i = 0; i < n; i += per) {
		int k = n - i < per ? n - i : per;
		int r = one(b, write, off + (uint64_t)i * len, bufs + i, len, k);

		if (r != 0) {
			return r;
		}
	}
	return 0;
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

struct e2_dev
e2_disk_dev(struct bdev *b)
{
	return (struct e2_dev){
		.d_ctx = b,
		.d_rw = disk_rw,
		.d_flush = disk_flush,
		.d_size = b->b_geom.bg_sectors * b->b_geom.bg_sector_size,
		.d_ro = (b->b_geom.bg_features & BLK_FEAT_RO) != 0 || !b->b_writable,
	};
}
