/*
 * ahcitest's helpers (ahcitest.h): the pattern, opening sda's minors
 * and a transfer of many requests in flight at once through libbdev.
 */
#include <libbdev/bdev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include "ahcitest.h"

void *disk_buf[2];
size_t disk_buf_len;

void
pattern_fill(void *buf, size_t len, uint64_t disk_off, uint64_t seed)
{
	uint64_t *w = buf;

	for (size_t i = 0; i < len / 8; i++) {
		w[i] = pattern_word(disk_off + i * 8, seed);
	}
}

int64_t
pattern_check(const void *buf, size_t len, uint64_t disk_off, uint64_t seed)
{
	const uint64_t *w = buf;

	for (size_t i = 0; i < len / 8; i++) {
		if (w[i] != pattern_word(disk_off + i * 8, seed)) {
			return (int64_t)(i * 8);
		}
	}
	return -1;
}

int
disk_open(struct bdev *b, uint32_t minor, bool writable)
{
	int err;

	memset(b, 0, sizeof(*b));
	err = bdev_open(b, XDEV_MAKE(BLK_MAJOR_AHCI, minor), writable);
	if (err != 0) {
		return err;
	}
	/* One standing grant each for the big buffers: 64 requests of two
	 * segments would otherwise need more grants than a process has. */
	for (int i = 0; i < 2; i++) {
		if (disk_buf[i] != NULL && bdev_region(b, disk_buf[i], disk_buf_len) != 0) {
			bdev_close(b);
			return -ENOSPC;
		}
	}
	return 0;
}

static void
batch_done(struct bdev_io *io, int64_t result)
{
	struct disk_batch *bt = io->bi_arg;
	uint64_t want = 0;

	for (uint32_t i = 0; i < io->bi_nseg; i++) {
		want += io->bi_seg[i].bsg_len;
	}
	if (result != (int64_t)want && bt->bt_err == 0) {
		printf("ahcitest: op 0x%x at sector %lu: %ld (wanted %lu)\n", io->bi_op,
		    (unsigned long)io->bi_sector, (long)result, (unsigned long)want);
		bt->bt_err = result < 0 ? result : -EIO;
	}
	bt->bt_left--;
}

int
disk_start(struct bdev *b, struct disk_batch *bt, uint32_t op, uint64_t sector, void *buf,
    size_t len, size_t chunk, bool split, uint32_t flags)
{
	size_t n = (len + chunk - 1) / chunk;
	uint32_t ss = b->b_geom.bg_sector_size;

	*bt = (struct disk_batch){ calloc(n, sizeof(struct bdev_io)), n, (int)n, 0 };
	if (bt->bt_ios == NULL) {
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		struct bdev_io *io = &bt->bt_ios[i];
		size_t off = i * chunk, l = len - off < chunk ? len - off : chunk;
		uint8_t *p = (uint8_t *)buf + off;

		io->bi_op = op;
		io->bi_flags = flags;
		io->bi_sector = sector + off / ss;
		io->bi_count = l / ss;
		if (split && l >= 2 * ss && (l / ss) % 2 == 0) {
			io->bi_nseg = 2;
			io->bi_seg[0] = (struct bdev_seg){ .bsg_addr = p, .bsg_len = l / 2 };
			io->bi_seg[1] =
			    (struct bdev_seg){ .bsg_addr = p + l / 2, .bsg_len = l / 2 };
		} else {
			io->bi_nseg = 1;
			io->bi_seg[0] = (struct bdev_seg){ .bsg_addr = p, .bsg_len = l };
		}
		io->bi_done = batch_done;
		io->bi_arg = bt;
		bdev_submit(b, io);
	}
	return 0;
}

int
disk_finish(struct bdev *b, struct disk_batch *bt)
{
	while (bt->bt_left > 0) {
		int r = bdev_wait(b);

		if (r < 0) {
			bt->bt_err = bt->bt_err != 0 ? bt->bt_err : r;
			break;
		}
	}
	free(bt->bt_ios);
	bt->bt_ios = NULL;
	return (int)bt->bt_err;
}

int
disk_many(struct bdev *b, uint32_t op, uint64_t sector, void *buf, size_t len, size_t chunk,
    bool split, uint32_t flags)
{
	struct disk_batch bt;
	int err = disk_start(b, &bt, op, sector, buf, len, chunk, split, flags);

	return err != 0 ? err : disk_finish(b, &bt);
}
