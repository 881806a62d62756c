/*
 * The transfers of block special files (blk.c has the rest): how a read
 * or write of bytes [off, off + len) of a device becomes block requests.
 *
 * Transfers whose offset and length are multiples of the sector size go
 * straight between the program's buffer and the driver: the program's
 * grant is passed on (libbdev makes an indirect grant of it), in requests
 * of the driver's largest size, up to VFS_BLK_NIO of them in flight at
 * once.  Others go through a bounce buffer of VFS_BLK_BOUNCE bytes, one
 * window of whole sectors at a time, with a read of the window before a
 * write that covers only part of it (read-modify-write; two programs
 * writing parts of one sector at once may lose one's bytes, as with any
 * raw device without a cache).
 *
 * As on Linux, a read at or past the end gives 0, a write there
 * -ENOSPC, and one that crosses the end is cut short; so is a transfer
 * that fails part way (the bytes done before, else the error).
 *
 * Pure code over two seams, vfs_blk_run() (the requests, answered) and
 * vfs_blk_copy() (the program's bytes): tests/unit/test_vfs_blk.c runs it
 * against a disk in memory.
 */
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

/* Prepares r for op on count sectors at sector, with one segment. */
static void
req_init(struct vfs_blkreq *r, uint32_t op, uint64_t sector, uint64_t count,
    const struct bdev_seg *seg)
{
	memset(r, 0, sizeof(*r));
	r->rq_io.bi_op = op;
	r->rq_io.bi_sector = sector;
	r->rq_io.bi_count = count;
	if (seg != NULL) {
		r->rq_io.bi_nseg = 1;
		r->rq_io.bi_seg[0] = *seg;
	}
}

/* What a request that should have moved want bytes achieved. */
static int64_t
req_result(const struct vfs_blkreq *r, uint64_t want)
{
	if (r->rq_result < 0) {
		return r->rq_result;
	}
	return (uint64_t)r->rq_result == want ? (int64_t)want : -EIO;
}

/* Sector-aligned [off, off + len) to or from the program's grant. */
static int64_t
blk_direct(struct bdev *b, const struct message *m, bool rd, uint64_t off, uint64_t len)
{
	uint64_t ss = b->b_geom.bg_sector_size, done = 0;
	uint64_t chunk = b->b_geom.bg_max_bytes / ss * ss;
	struct vfs_blkreq reqs[VFS_BLK_NIO];

	while (done < len) {
		uint64_t at = done;
		unsigned n = 0;

		for (; n < VFS_BLK_NIO && at < len; n++) {
			uint64_t l = len - at < chunk ? len - at : chunk;
			struct bdev_seg seg = { .bsg_addr = NULL,
				.bsg_owner = m->m_source,
				.bsg_grant = (int64_t)m->m_arg[1],
				.bsg_off = at,
				.bsg_len = l };

			req_init(&reqs[n], rd ? BLK_READ : BLK_WRITE, (off + at) / ss, l / ss,
			    &seg);
			at += l;
		}
		vfs_blk_run(b, reqs, n);
		for (unsigned i = 0; i < n; i++) {
			int64_t r = req_result(&reqs[i], reqs[i].rq_io.bi_seg[0].bsg_len);

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
	struct bdev_seg seg = { .bsg_addr = buf, .bsg_len = len };
	struct vfs_blkreq r;

	req_init(&r, op, sector, len / b->b_geom.bg_sector_size, &seg);
	vfs_blk_run(b, &r, 1);
	return req_result(&r, len);
}

/* An unaligned transfer through the bounce buffer. */
static int64_t
blk_bounce(struct bdev *b, const struct message *m, bool rd, uint64_t off, uint64_t len)
{
	uint64_t ss = b->b_geom.bg_sector_size, done = 0, span;
	uint8_t *buf;
	int64_t r = 0;

	span = VFS_BLK_BOUNCE < b->b_geom.bg_max_bytes ? VFS_BLK_BOUNCE : b->b_geom.bg_max_bytes;
	span = span / ss * ss;
	buf = malloc(span);
	if (buf == NULL) {
		return -ENOMEM;
	}
	while (done < len) {
		uint64_t pos = off + done, first = pos / ss * ss, end = off + len;
		/* The window: whole sectors from first, at most span bytes. */
		uint64_t wend = end - first > span ? first + span : (end + ss - 1) / ss * ss;
		uint64_t head = pos - first, wlen = wend - first;
		uint64_t n = wlen - head < len - done ? wlen - head : len - done;

		/* A write of whole sectors needs nothing read first. */
		if (rd || head != 0 || n % ss != 0) {
			r = blk_local(b, BLK_READ, first / ss, buf, wlen);
			if (r < 0) {
				break;
			}
		}
		if (rd) {
			r = vfs_blk_copy(m, done, buf + head, n, true);
		} else {
			r = vfs_blk_copy(m, done, buf + head, n, false);
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
vfs_blk_transfer(struct bdev *b, const struct message *m, bool rd, uint64_t off, uint64_t len)
{
	uint64_t ss = b->b_geom.bg_sector_size;
	uint64_t size = b->b_geom.bg_sectors * ss;

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
