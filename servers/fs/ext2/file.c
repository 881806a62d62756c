/*
 * File data: reads (holes as zeros, read-ahead when a file is read on
 * from where its last read ended), writes (holes filled, new blocks
 * written without reading them first), and truncation or extension
 * (freed blocks, the tail of the last block zeroed, holes beyond).
 * Sizes above 2 GiB set the large_file feature; a revision-0 file system
 * stops at 2 GiB - 1 (EFBIG).  Access times are not updated (noatime).
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

#define MAP_AHEAD 64 /* blocks mapped for one read-ahead, at most */

static const uint8_t zeros[E2_MAX_BLOCK];

/* The largest size a file may grow to. */
static uint64_t
max_size(const struct e2fs *fs)
{
	uint64_t m = e2_max_blocks(fs) * fs->f_bsize;
	uint64_t iblocks = ((1ull << 32) - 1) * 512 - (1ull << 30); /* i_blocks, less the trees */

	if (fs->f_sb.s_rev_level == E2_GOOD_OLD_REV) {
		return 0x7fffffffu;
	}
	return m < iblocks ? m : iblocks;
}

/* Reads ahead the blocks of [lbn, lbn + n) that are mapped. */
static void
read_ahead(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t lbn, uint64_t n)
{
	uint32_t blks[MAP_AHEAD];
	int k = 0;

	if (n > MAP_AHEAD) {
		n = MAP_AHEAD;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint32_t blk;

		if (e2_bmap(fs, ino, in, lbn + i, false, &blk) != 0) {
			break;
		}
		if (blk != 0) {
			blks[k++] = blk;
		}
	}
	if (k > 1) {
		e2_readahead(fs, blks, k);
	}
}

int64_t
e2_read(struct e2fs *fs, uint32_t ino, uint64_t off, uint64_t len, e2_copy_fn out, void *arg)
{
	struct e2_inode in;
	uint64_t size, done = 0, first, last;
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if ((in.i_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	if ((in.i_mode & XS_IFMT) != XS_IFREG) {
		return -EINVAL;
	}
	size = e2_size(&in);
	if (off >= size || len == 0) {
		return 0;
	}
	if (len > size - off) {
		len = size - off;
	}
	first = off / fs->f_bsize;
	last = (off + len - 1) / fs->f_bsize;
	if (fs->f_ra_ino == ino && fs->f_ra_next == off) {
		/* Sequential: keep E2_RA_BLOCKS ahead, topped up half a
		 * window at a time so that requests stay large. */
		if (last + E2_RA_BLOCKS / 2 >= fs->f_ra_end) {
			uint64_t from = fs->f_ra_end > first ? fs->f_ra_end : first;

			read_ahead(fs, ino, &in, from, last + E2_RA_BLOCKS + 1 - from);
			fs->f_ra_end = last + E2_RA_BLOCKS + 1;
		}
	} else {
		if (last > first) {
			read_ahead(fs, ino, &in, first, last - first + 1);
		}
		fs->f_ra_end = last + 1;
	}
	while (done < len) {
		uint64_t pos = off + done;
		uint32_t boff = (uint32_t)(pos % fs->f_bsize), blk;
		size_t n = fs->f_bsize - boff;
		struct e2_buf *b = NULL;

		if (n > len - done) {
			n = (size_t)(len - done);
		}
		r = e2_bmap(fs, ino, &in, pos / fs->f_bsize, false, &blk);
		if (r == 0 && blk != 0) {
			b = e2_bget(fs, blk, false, &r);
		}
		if (r == 0) {
			r = out(arg, done, b != NULL ? b->b_data + boff : (void *)zeros, n);
		}
		e2_bput(b);
		if (r != 0) {
			break;
		}
		done += n;
	}
	fs->f_ra_ino = ino;
	fs->f_ra_next = off + done;
	return done > 0 ? (int64_t)done : r;
}

int64_t
e2_write(struct e2fs *fs, uint32_t ino, uint64_t off, uint64_t len, e2_copy_fn in_fn, void *arg)
{
	struct e2_inode in;
	uint64_t size, done = 0, limit = max_size(fs);
	int r = e2_iget(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	if ((in.i_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	if ((in.i_mode & XS_IFMT) != XS_IFREG) {
		return -EINVAL;
	}
	if (len == 0) {
		return 0;
	}
	if (off >= limit) {
		return -EFBIG;
	}
	if (len > limit - off) {
		len = limit - off;
	}
	size = e2_size(&in);
	while (done < len) {
		uint64_t pos = off + done, lbn = pos / fs->f_bsize;
		uint32_t boff = (uint32_t)(pos % fs->f_bsize), blk;
		size_t n = fs->f_bsize - boff;
		struct e2_buf *b;
		bool fresh;

		if (n > len - done) {
			n = (size_t)(len - done);
		}
		r = e2_bmap(fs, ino, &in, lbn, false, &blk);
		fresh = r == 0 && blk == 0;
		if (r == 0 && blk == 0) {
			r = e2_bmap(fs, ino, &in, lbn, true, &blk);
		}
		if (r != 0) {
			break;
		}
		b = e2_bget(fs, blk, fresh, &r);
		if (b == NULL) {
			break;
		}
		r = in_fn(arg, done, b->b_data + boff, n);
		if (r != 0) {
			/* A new block stays zeros; an old one may hold part of the
			 * bytes, as a failed write may leave it. */
			if (fresh) {
				memset(b->b_data, 0, fs->f_bsize);
			}
			e2_bdirty(b);
			e2_bput(b);
			break;
		}
		e2_bdirty(b);
		e2_bput(b);
		done += n;
		if (off + done > size) {
			size = off + done;
			e2_set_size(fs, &in, size);
		}
	}
	if (done > 0) {
		in.i_mtime = in.i_ctime = e2_now(fs);
	}
	int w = e2_iput(fs, ino, &in);

	if (done > 0) {
		return (int64_t)done;
	}
	return r != 0 ? r : w;
}

/* Zeroes [from, end of block) of the block holding byte from, if mapped. */
static int
zero_tail(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t from)
{
	uint32_t boff = (uint32_t)(from % fs->f_bsize), blk;
	struct e2_buf *b;
	int r;

	if (boff == 0) {
		return 0;
	}
	r = e2_bmap(fs, ino, in, from / fs->f_bsize, false, &blk);
	if (r != 0 || blk == 0) {
		return r;
	}
	b = e2_bget(fs, blk, false, &r);
	if (b == NULL) {
		return r;
	}
	memset(b->b_data + boff, 0, fs->f_bsize - boff);
	e2_bdirty(b);
	e2_bput(b);
	return 0;
}

int
e2_truncate(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t size)
{
	uint64_t old = e2_size(in);
	int r;

	if ((in->i_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	if ((in->i_mode & XS_IFMT) != XS_IFREG) {
		return -EINVAL;
	}
	if (size > max_size(fs)) {
		return -EFBIG;
	}
	if (size < old) {
		r = e2_btrunc(fs, ino, in, (size + fs->f_bsize - 1) / fs->f_bsize);
		if (r == 0) {
			r = zero_tail(fs, ino, in, size);
		}
	} else {
		r = zero_tail(fs, ino, in, old);
	}
	if (r != 0) {
		return r;
	}
	e2_set_size(fs, in, size);
	in->i_mtime = in->i_ctime = e2_now(fs);
	return 0;
}
