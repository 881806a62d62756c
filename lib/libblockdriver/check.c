/*
 * The checks of one block request (libblockdriver/blockdriver.h).  Pure:
 * the slot is the library's private copy, so every field is read once
 * and a faulty client cannot change it between the check and the use.
 */
#include <libblockdriver/blockdriver.h>
#include <stddef.h>
#include <string.h>
#include <xinim/errno.h>

static int
refuse(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

/* The segments of a read or write: their count, lengths and total. */
static int
check_segs(const struct blk_slot *s, const struct blockdriver_limits *lim,
    struct blockdriver_req *out, const char **why)
{
	uint64_t total = 0;

	if (s->bk_nseg == 0) {
		return refuse(why, "a read or write without segments", -EINVAL);
	}
	if (s->bk_nseg > lim->bl_max_segs || s->bk_nseg > BLK_MAX_SEGS) {
		return refuse(why, "more segments than the device takes", -EINVAL);
	}
	for (uint32_t i = 0; i < s->bk_nseg; i++) {
		const struct blk_seg *g = &s->bk_seg[i];

		if (g->bs_len == 0) {
			return refuse(why, "an empty segment", -EINVAL);
		}
		if (g->bs_len % lim->bl_sector_size != 0) {
			return refuse(why, "a segment length not a multiple of the sector size",
			    -EINVAL);
		}
		if (g->bs_len > lim->bl_max_bytes || total + g->bs_len > lim->bl_max_bytes) {
			return refuse(why, "more bytes than the device takes in one request",
			    -EINVAL);
		}
		if (g->bs_off + g->bs_len < g->bs_off) {
			return refuse(why, "a segment offset that wraps around", -EINVAL);
		}
		total += g->bs_len;
		out->br_seg[i] = *g;
	}
	if (s->bk_count != total / lim->bl_sector_size) {
		return refuse(why, "a sector count that differs from the segments' length",
		    -EINVAL);
	}
	out->br_bytes = total;
	return 0;
}

int
blockdriver_check(const struct blk_slot *s, const struct blockdriver_limits *lim,
    struct blockdriver_req *out, const char **why)
{
	bool writes;
	int err;

	*why = NULL;
	memset(out, 0, offsetof(struct blockdriver_req, br_conn));
	switch (s->bk_op) {
	case BLK_READ:
	case BLK_WRITE:
	case BLK_FLUSH:
	case BLK_DISCARD:
	case BLK_WRITE_ZEROES:
		break;
	default:
		return refuse(why, "an unknown operation", -EINVAL);
	}
	if ((s->bk_flags & ~(uint32_t)BLK_FL_ALL) != 0) {
		return refuse(why, "unknown flags", -EINVAL);
	}
	if ((s->bk_flags & BLK_FL_FUA) != 0 && s->bk_op != BLK_WRITE) {
		return refuse(why, "FUA on something other than a write", -EINVAL);
	}
	writes = s->bk_op != BLK_READ && s->bk_op != BLK_FLUSH;
	if (writes && (lim->bl_features & BLK_FEAT_RO) != 0) {
		return refuse(why, "a write to a read-only device", -EROFS);
	}
	if (writes && !lim->bl_writable) {
		return refuse(why, "a write to a minor not opened for writing", -EROFS);
	}
	if (s->bk_op == BLK_WRITE_ZEROES && (lim->bl_features & BLK_FEAT_WRITE_ZEROES) == 0) {
		return refuse(why, "write-zeroes on a device without it", -ENOTSUP);
	}
	if (s->bk_op == BLK_READ || s->bk_op == BLK_WRITE) {
		err = check_segs(s, lim, out, why);
		if (err != 0) {
			return err;
		}
	} else if (s->bk_nseg != 0) {
		return refuse(why, "segments on an operation without data", -EINVAL);
	}
	if (s->bk_op == BLK_FLUSH) {
		if (s->bk_sector != 0 || s->bk_count != 0) {
			return refuse(why, "a flush with sectors", -EINVAL);
		}
	} else if (s->bk_count == 0) {
		return refuse(why, "no sectors", -EINVAL);
	}
	if (s->bk_sector > lim->bl_sectors || s->bk_count > lim->bl_sectors - s->bk_sector) {
		return refuse(why, "sectors past the end of the device", -ERANGE);
	}
	out->br_op = s->bk_op;
	out->br_flags = s->bk_flags;
	out->br_nseg = s->bk_nseg;
	out->br_sector = lim->bl_start + s->bk_sector;
	out->br_count = s->bk_count;
	return 0;
}
