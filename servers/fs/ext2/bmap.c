/*
 * Block mapping: a file's logical blocks through i_block[]: 12 direct,
 * then one single, one double and one triple indirect tree.  A zero
 * pointer is a hole (reads as zeros).  Every pointer read from the disk
 * is checked against the disk's size before it is followed.  Mapping
 * with alloc fills holes (new indirect blocks zeroed); truncation frees
 * every block at or past a logical block, and indirect blocks left with
 * nothing under them.  i_blocks follows both; the caller writes the
 * inode back.
 */
#include <xinim/errno.h>
#include "ext2.h"

uint64_t
e2_max_blocks(const struct e2fs *fs)
{
	uint64_t p = fs->f_per;

	return E2_NDIR_BLOCKS + p + p * p + p * p * p;
}

/* Blocks one pointer at level covers (level 0: itself). */
static uint64_t
span(const struct e2fs *fs, int level)
{
	uint64_t s = 1;

	while (level-- > 0) {
		s *= fs->f_per;
	}
	return s;
}

static int
bad_ptr(struct e2fs *fs, uint32_t ino, uint32_t blk, uint64_t lbn)
{
	e2_report(fs, "inode %u: block pointer %u (near logical block %llu) is outside the disk",
	    ino, blk, (unsigned long long)lbn);
	return -EIO;
}

/* A new block near goal for inode in: *blk, counted in i_blocks. */
static int
grab(struct e2fs *fs, struct e2_inode *in, uint32_t goal, uint32_t *blk)
{
	int r = e2_balloc(fs, goal, blk);

	if (r == 0) {
		in->i_blocks += fs->f_bsize / 512;
	}
	return r;
}

int
e2_bmap(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t lbn, bool alloc, uint32_t *blk)
{
	uint32_t idx[4], *slot, cur, goal;
	struct e2_buf *b = NULL;
	uint64_t rel = lbn;
	int depth, r = 0;

	if (lbn < E2_NDIR_BLOCKS) {
		depth = 0;
		idx[0] = (uint32_t)lbn;
	} else if ((rel -= E2_NDIR_BLOCKS) < span(fs, 1)) {
		depth = 1;
		idx[0] = E2_IND_BLOCK;
	} else if ((rel -= span(fs, 1)) < span(fs, 2)) {
		depth = 2;
		idx[0] = E2_DIND_BLOCK;
	} else if ((rel -= span(fs, 2)) < span(fs, 3)) {
		depth = 3;
		idx[0] = E2_TIND_BLOCK;
	} else {
		return -EFBIG;
	}
	for (int d = 1; d <= depth; d++) {
		idx[d] = (uint32_t)(rel / span(fs, depth - d) % fs->f_per);
	}
	goal = fs->f_gd[(ino - 1) / fs->f_ipg].bg_inode_table;
	if (depth == 0 && lbn > 0 && in->i_block[lbn - 1] != 0) {
		goal = in->i_block[lbn - 1];
	}
	slot = &in->i_block[idx[0]];
	for (int d = 0;; d++) {
		cur = *slot;
		if (cur != 0 && !e2_blk_ok(fs, cur)) {
			r = bad_ptr(fs, ino, cur, lbn);
			break;
		}
		if (cur == 0) {
			struct e2_buf *nb;

			if (!alloc) {
				break;
			}
			r = grab(fs, in, goal, &cur);
			if (r != 0) {
				break;
			}
			if (d < depth) {
				nb = e2_bget(fs, cur, true, &r);
				if (nb == NULL) {
					e2_bfree(fs, cur);
					in->i_blocks -= fs->f_bsize / 512;
					break;
				}
				e2_bdirty(nb);
				e2_bput(nb);
			}
			*slot = cur;
			if (b != NULL) {
				e2_bdirty(b);
			}
		}
		if (d == depth) {
			break;
		}
		e2_bput(b);
		b = e2_bget(fs, cur, false, &r);
		if (b == NULL) {
			break;
		}
		goal = cur + 1;
		slot = (uint32_t *)b->b_data + idx[d + 1];
	}
	e2_bput(b);
	*blk = r == 0 ? cur : 0;
	return r;
}

/* Frees what *slot (at level, covering logical blocks from base) holds
 * at or past logical block from; *dirty is set when *slot changes. */
static int
trunc_tree(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint32_t *slot, int level,
    uint64_t base, uint64_t from, bool *dirty)
{
	uint64_t child = span(fs, level - 1);
	struct e2_buf *b;
	bool changed = false;
	int r = 0;

	if (*slot == 0 || base + span(fs, level) <= from) {
		return 0;
	}
	if (!e2_blk_ok(fs, *slot)) {
		return bad_ptr(fs, ino, *slot, base);
	}
	if (level > 0) {
		b = e2_bget(fs, *slot, false, &r);
		if (b == NULL) {
			return r;
		}
		for (uint32_t i = 0; i < fs->f_per && r == 0; i++) {
			uint64_t cb = base + i * child;

			if (cb + child > from) {
				r = trunc_tree(fs, ino, in, (uint32_t *)b->b_data + i, level - 1,
				    cb, from, &changed);
			}
		}
		if (changed) {
			e2_bdirty(b);
		}
		e2_bput(b);
		if (r != 0 || base < from) {
			return r;
		}
	}
	r = e2_bfree(fs, *slot);
	if (r == 0) {
		*slot = 0;
		*dirty = true;
		in->i_blocks -=
		    in->i_blocks >= fs->f_bsize / 512 ? fs->f_bsize / 512 : in->i_blocks;
	}
	return r;
}

int
e2_btrunc(struct e2fs *fs, uint32_t ino, struct e2_inode *in, uint64_t from)
{
	uint64_t base = E2_NDIR_BLOCKS;
	bool dirty = false;
	int r = 0;

	for (uint32_t i = 0; i < E2_NDIR_BLOCKS && r == 0; i++) {
		r = trunc_tree(fs, ino, in, &in->i_block[i], 0, i, from, &dirty);
	}
	for (int level = 1; level <= 3 && r == 0; level++) {
		r = trunc_tree(fs, ino, in, &in->i_block[E2_IND_BLOCK + level - 1], level, base,
		    from, &dirty);
		base += span(fs, level);
	}
	return r;
}
