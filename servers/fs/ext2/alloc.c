/*
 * The allocators: blocks and inodes from the groups' bitmaps, keeping
 * each group's free counts (and used_dirs), the superblock's totals and
 * the bitmaps in step.  A bitmap that disagrees with its group's count
 * (no free bit where the count says there are some, a bit already in
 * the state a free or an allocation wants) is reported and answered
 * -EIO, changing nothing.
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

bool
e2_blk_ok(const struct e2fs *fs, uint32_t blk)
{
	return blk >= fs->f_sb.s_first_data_block && blk < fs->f_sb.s_blocks_count;
}

/* Blocks in group g. */
static uint32_t
group_blocks(const struct e2fs *fs, uint32_t g)
{
	uint32_t start = fs->f_sb.s_first_data_block + g * fs->f_bpg;

	return g == fs->f_ngroups - 1 ? fs->f_sb.s_blocks_count - start : fs->f_bpg;
}

/* The first clear bit of bits[0..n) from `from` on, wrapping; -1: none. */
static int64_t
find_clear(const uint8_t *bits, uint32_t n, uint32_t from)
{
	for (uint32_t k = 0; k < n; k++) {
		uint32_t i = (from + k) % n;

		if ((i & 7) == 0 && bits[i >> 3] == 0xff && i + 8 <= n) {
			k += 7;
			continue;
		}
		if ((bits[i >> 3] & (1u << (i & 7))) == 0) {
			return i;
		}
	}
	return -1;
}

static void
counts(struct e2fs *fs, uint32_t g, int dblocks, int dinodes, int ddirs)
{
	struct e2_gd *gd = &fs->f_gd[g];

	gd->bg_free_blocks_count = (uint16_t)(gd->bg_free_blocks_count + dblocks);
	gd->bg_free_inodes_count = (uint16_t)(gd->bg_free_inodes_count + dinodes);
	gd->bg_used_dirs_count = (uint16_t)(gd->bg_used_dirs_count + ddirs);
	fs->f_sb.s_free_blocks_count += (uint32_t)dblocks;
	fs->f_sb.s_free_inodes_count += (uint32_t)dinodes;
	fs->f_meta_dirty = true;
}

/* Takes a clear bit of group g's bitmap at block bm (n bits), from
 * `from`: its index, or -1 (none: the count disagreed), or an error. */
static int64_t
take_bit(struct e2fs *fs, uint32_t g, uint32_t bm, uint32_t n, uint32_t from, const char *what)
{
	struct e2_buf *b;
	int64_t i;
	int err;

	b = e2_bget(fs, bm, false, &err);
	if (b == NULL) {
		return err;
	}
	i = find_clear(b->b_data, n, from);
	if (i < 0) {
		e2_report(fs, "group %u: the %s bitmap has no free bit but its count says so", g,
		    what);
		e2_bput(b);
		return -EIO;
	}
	b->b_data[i >> 3] |= (uint8_t)(1u << (i & 7));
	e2_bdirty(b);
	e2_bput(b);
	return i;
}

/* Clears bit i of the bitmap at block bm: 0, or -EIO if it was clear. */
static int
drop_bit(struct e2fs *fs, uint32_t g, uint32_t bm, uint32_t i, const char *what)
{
	struct e2_buf *b;
	int err;

	b = e2_bget(fs, bm, false, &err);
	if (b == NULL) {
		return err;
	}
	if ((b->b_data[i >> 3] & (1u << (i & 7))) == 0) {
		e2_report(fs, "group %u: freeing %s %u, which the bitmap says is free", g, what, i);
		e2_bput(b);
		return -EIO;
	}
	b->b_data[i >> 3] &= (uint8_t) ~(1u << (i & 7));
	e2_bdirty(b);
	e2_bput(b);
	return 0;
}

int
e2_balloc(struct e2fs *fs, uint32_t goal, uint32_t *blk)
{
	uint32_t g0, first = fs->f_sb.s_first_data_block;

	if (fs->f_sb.s_free_blocks_count <= fs->f_sb.s_r_blocks_count) {
		return -ENOSPC;
	}
	if (!e2_blk_ok(fs, goal)) {
		goal = first;
	}
	g0 = (goal - first) / fs->f_bpg;
	for (uint32_t k = 0; k < fs->f_ngroups; k++) {
		uint32_t g = (g0 + k) % fs->f_ngroups;
		uint32_t from = k == 0 ? (goal - first) % fs->f_bpg : 0;
		int64_t i;

		if (fs->f_gd[g].bg_free_blocks_count == 0) {
			continue;
		}
		i = take_bit(fs, g, fs->f_gd[g].bg_block_bitmap, group_blocks(fs, g), from,
		    "block");
		if (i < 0) {
			return (int)i;
		}
		counts(fs, g, -1, 0, 0);
		*blk = first + g * fs->f_bpg + (uint32_t)i;
		return 0;
	}
	return -ENOSPC;
}

int
e2_bfree(struct e2fs *fs, uint32_t blk)
{
	uint32_t g, i;
	int r;

	if (!e2_blk_ok(fs, blk)) {
		e2_report(fs, "freeing block %u outside the disk", blk);
		return -EIO;
	}
	g = (blk - fs->f_sb.s_first_data_block) / fs->f_bpg;
	i = (blk - fs->f_sb.s_first_data_block) % fs->f_bpg;
	r = drop_bit(fs, g, fs->f_gd[g].bg_block_bitmap, i, "block");
	if (r == 0) {
		counts(fs, g, 1, 0, 0);
		e2_cache_forget(fs, blk);
	}
	return r;
}

/* The group for a new inode: a directory goes to the group with the
 * most free inodes (of those with at least average free blocks), a file
 * near its directory. */
static uint32_t
pick_group(const struct e2fs *fs, uint32_t dir, bool isdir)
{
	uint32_t pg = dir >= 1 && dir <= fs->f_sb.s_inodes_count ? (dir - 1) / fs->f_ipg : 0;
	uint32_t best = pg, avg = fs->f_sb.s_free_blocks_count / fs->f_ngroups;

	if (isdir) {
		int64_t most = -1;

		for (uint32_t g = 0; g < fs->f_ngroups; g++) {
			const struct e2_gd *gd = &fs->f_gd[g];

			if (gd->bg_free_inodes_count > most && gd->bg_free_blocks_count >= avg) {
				most = gd->bg_free_inodes_count;
				best = g;
			}
		}
		return most > 0 ? best : pg;
	}
	return pg;
}

int
e2_ialloc(struct e2fs *fs, uint32_t dir, uint32_t mode, uint32_t *ino)
{
	bool isdir = (mode & XS_IFMT) == XS_IFDIR;
	uint32_t g0 = pick_group(fs, dir, isdir);

	if (fs->f_sb.s_free_inodes_count == 0) {
		return -ENOSPC;
	}
	for (uint32_t k = 0; k < fs->f_ngroups; k++) {
		uint32_t g = (g0 + k) % fs->f_ngroups;
		uint32_t from = g == 0 ? fs->f_first_ino - 1 : 0;
		int64_t i;

		if (fs->f_gd[g].bg_free_inodes_count == 0) {
			continue;
		}
		i = take_bit(fs, g, fs->f_gd[g].bg_inode_bitmap, fs->f_ipg, from, "inode");
		if (i < 0) {
			return (int)i;
		}
		if (g == 0 && (uint32_t)i < fs->f_first_ino - 1) {
			/* Wrapped into the reserved inodes: the bitmap is wrong. */
			e2_report(fs, "group 0: reserved inode %u is marked free", (uint32_t)i + 1);
			drop_bit(fs, g, fs->f_gd[g].bg_inode_bitmap, (uint32_t)i, "inode");
			return -EIO;
		}
		counts(fs, g, 0, -1, isdir ? 1 : 0);
		*ino = g * fs->f_ipg + (uint32_t)i + 1;
		return 0;
	}
	return -ENOSPC;
}

int
e2_ifree(struct e2fs *fs, uint32_t ino, bool was_dir)
{
	uint32_t g, i;
	int r;

	if (ino < fs->f_first_ino || ino > fs->f_sb.s_inodes_count) {
		e2_report(fs, "freeing inode %u, which is reserved or beyond the count", ino);
		return -EIO;
	}
	g = (ino - 1) / fs->f_ipg;
	i = (ino - 1) % fs->f_ipg;
	r = drop_bit(fs, g, fs->f_gd[g].bg_inode_bitmap, i, "inode");
	if (r == 0) {
		counts(fs, g, 0, 1, was_dir && fs->f_gd[g].bg_used_dirs_count > 0 ? -1 : 0);
	}
	return r;
}
