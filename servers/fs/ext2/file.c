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

#define MAP_AHEAD 256 /* blocks mapped for one read-ahead, at most */

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

/* 0 for a regular file; -EISDIR, -EINVAL for anything else. */
static int
file_type(const struct e2_inode *in)
{
	if ((in->i_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	return (in->i_mode & XS_IFMT) == XS_IFREG ? 0 : -EINVAL;
}

/* Reads inode ino into *in: 0 when it is a regular file. */
static int
regular(struct e2fs *fs, uint32_t ino, struct e2_inode *in)
{
	int r = e2_iget(fs, ino, in);

	return r != 0 ? r : file_type(in);
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
	uint64_t size, done = 0, first, last, upto, want;
	bool seq;
	int r = regular(fs, ino, &in);

	if (r != 0) {
		return r;
	}
	size = e2_size(&in);
	if (off >= size || len == 0) {
		return 0;
	}
	if (len > size - off) {
		len = size - off;
	}
	/* The blocks are read a batch at a time, ahead of the copy: the
	 * whole request, and for a reader going on from where its last read
	 * ended E2_RA_BLOCKS more, topped up half a window at a time so that
	 * the requests stay large.  Before a batch, the caller sends what it
	 * collected (out with no bytes): its pieces point into buffers the
	 * batch could reuse. */
	first = off / fs->f_bsize;
	last = (off + len - 1) / fs->f_bsize;
	seq = fs->f_ra_ino == ino && fs->f_ra_next == off;
	upto = seq && fs->f_ra_end > first ? fs->f_ra_end : first;
	want = last + 1 + (seq ? E2_RA_BLOCKS : 0);
	if (upto > last && want - upto < E2_RA_BLOCKS / 2) {
		want = upto; /* enough is ahead already */
	}
	while (done < len) {
		uint64_t pos = off + done, lbn = pos / fs->f_bsize;
		uint32_t boff = (uint32_t)(pos % fs->f_bsize), blk;
		size_t n = fs->f_bsize - boff;
		struct e2_buf *b = NULL;

		if ((lbn >= upto || lbn == first) && upto < want) {
			uint64_t from = upto > lbn ? upto : lbn;
			uint64_t k = want - from < MAP_AHEAD ? want - from : MAP_AHEAD;

			if (done > 0) {
				r = out(arg, done, NULL, 0);
				if (r != 0) {
					break;
				}
			}
			read_ahead(fs, ino, &in, from, k);
			upto = from + k;
		}
		if (n > len - done) {
			n = (size_t)(len - done);
		}
		r = e2_bmap(fs, ino, &in, lbn, false, &blk);
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
	fs->f_ra_end = upto > last + 1 ? upto : last + 1;
	fs->f_ra_ino = ino;
	fs->f_ra_next = off + done;
	return done > 0 ? (int64_t)done : r;
}

/* Blocks of a write whose bytes are still coming (see e2_copy_fn). */
#define E2_WBATCH 16

struct wbatch {
	struct e2_buf *held[E2_WBATCH];
	bool fresh[E2_WBATCH];
	int n;
	uint64_t start; /* bytes of the write done before the batch */
	uint64_t len;   /* bytes the batch holds */
};

/* Ends a batch: its bytes come in (in_fn's batch point; NULL: the
 * write failed already), and its blocks become dirty, or, when the
 * bytes did not come, a new block is zeros again and a block that was
 * never read is forgotten.  0 or the copy's error. */
static int
commit(struct e2fs *fs, struct wbatch *w, e2_copy_fn in_fn, void *arg)
{
	int r = in_fn != NULL ? in_fn(arg, w->start + w->len, NULL, 0) : -EFAULT;

	for (int i = 0; i < w->n; i++) {
		struct e2_buf *b = w->held[i];

		if (r == 0) {
			b->b_valid = true;
		} else if (w->fresh[i]) {
			memset(b->b_data, 0, fs->f_bsize);
		} else if (!b->b_valid) {
			e2_bdrop(b);
			continue;
		}
		/* An old block may hold part of the bytes, as a failed
		 * write may leave it. */
		e2_bdirty(b);
		e2_bput(b);
	}
	if (r == 0) {
		w->start += w->len;
	}
	w->n = 0;
	w->len = 0;
	return r;
}

int64_t
e2_write(struct e2fs *fs, uint32_t ino, uint64_t off, uint64_t len, e2_copy_fn in_fn, void *arg)
{
	struct e2_inode in;
	struct wbatch w = { .n = 0 };
	uint64_t size, done, limit = max_size(fs);
	bool copy_failed = false;
	int r = regular(fs, ino, &in);

	if (r != 0) {
		return r;
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
	while (w.start + w.len < len) {
		uint64_t pos = off + w.start + w.len, lbn = pos / fs->f_bsize;
		uint32_t boff = (uint32_t)(pos % fs->f_bsize), blk;
		size_t n = fs->f_bsize - boff;
		struct e2_buf *b;
		bool fresh;

		if (n > len - w.start - w.len) {
			n = (size_t)(len - w.start - w.len);
		}
		r = e2_bmap(fs, ino, &in, lbn, false, &blk);
		fresh = r == 0 && blk == 0;
		if (r == 0 && blk == 0) {
			r = e2_bmap(fs, ino, &in, lbn, true, &blk);
		}
		if (r != 0) {
			break;
		}
		/* A block written whole is not read first. */
		if (fresh) {
			b = e2_bget(fs, blk, true, &r);
		} else if (n == fs->f_bsize) {
			b = e2_bget_over(fs, blk, &r);
		} else {
			b = e2_bget(fs, blk, false, &r);
		}
		if (b == NULL) {
			break;
		}
		r = in_fn(arg, w.start + w.len, b->b_data + boff, n);
		w.held[w.n] = b;
		w.fresh[w.n++] = fresh;
		w.len += n;
		if (r == 0 && w.n == E2_WBATCH) {
			r = commit(fs, &w, in_fn, arg);
		}
		if (r != 0) {
			copy_failed = true;
			break;
		}
	}
	if (w.n > 0) {
		/* What the batch holds goes in, unless the copy failed. */
		int c = commit(fs, &w, copy_failed ? NULL : in_fn, arg);

		r = r != 0 ? r : c;
	}
	done = w.start;
	if (off + done > size) {
		size = off + done;
		e2_set_size(fs, &in, size);
	}
	if (r != 0) {
		/* Blocks (or indirect blocks) allocated for bytes that did not
		 * come lie past the end: they go again. */
		int t = e2_btrunc(fs, ino, &in, (size + fs->f_bsize - 1) / fs->f_bsize);

		if (t != 0 && done == 0) {
			r = t;
		}
	}
	if (done > 0) {
		in.i_mtime = in.i_ctime = e2_now(fs);
	}
	int wr = e2_iput(fs, ino, &in);

	if (done > 0) {
		return (int64_t)done;
	}
	return r != 0 ? r : wr;
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
	int r = file_type(in);

	if (r != 0) {
		return r;
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
