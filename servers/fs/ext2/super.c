/*
 * The superblock and the group descriptors: mount (read, check, mark
 * the disk not clean), sync (every dirty buffer, the descriptors, the
 * superblock, a flush; optionally the clean mark) and unmount.
 *
 * The clean mark: a writable mount clears E2_VALID_FS on the disk before
 * anything else is written there.  e2_sync(fs, true) writes everything,
 * flushes, sets it again and flushes; the next write-back of anything
 * clears it first (e2_before_write).  So the disk says clean exactly
 * when it holds a consistent file system, the one of the last sync; a
 * crash after changes reached the disk leaves it marked not clean, for
 * e2fsck.  Only the primary superblock and descriptors are written: the
 * backups keep mke2fs's values, as e2fsck expects of a mounted system.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

static const struct {
	uint32_t bit;
	const char *name;
} incompat_names[] = {
	{ E2_INCOMPAT_COMPRESSION, "compression" },
	{ E2_INCOMPAT_RECOVER, "needs_recovery" },
	{ E2_INCOMPAT_JOURNAL_DEV, "journal_dev" },
	{ E2_INCOMPAT_META_BG, "meta_bg" },
	{ E2_INCOMPAT_EXTENTS, "extent" },
	{ E2_INCOMPAT_64BIT, "64bit" },
	{ E2_INCOMPAT_MMP, "mmp" },
	{ E2_INCOMPAT_FLEX_BG, "flex_bg" },
	{ E2_INCOMPAT_EA_INODE, "ea_inode" },
	{ E2_INCOMPAT_DIRDATA, "dirdata" },
	{ E2_INCOMPAT_CSUM_SEED, "metadata_csum_seed" },
	{ E2_INCOMPAT_LARGEDIR, "large_dir" },
	{ E2_INCOMPAT_INLINE_DATA, "inline_data" },
	{ E2_INCOMPAT_ENCRYPT, "encrypt" },
	{ E2_INCOMPAT_CASEFOLD, "casefold" },
}, ro_names[] = {
	{ E2_RO_COMPAT_BTREE_DIR, "btree_dir" },
	{ E2_RO_COMPAT_HUGE_FILE, "huge_file" },
	{ E2_RO_COMPAT_GDT_CSUM, "uninit_bg" },
	{ E2_RO_COMPAT_DIR_NLINK, "dir_nlink" },
	{ E2_RO_COMPAT_EXTRA_ISIZE, "extra_isize" },
	{ E2_RO_COMPAT_QUOTA, "quota" },
	{ E2_RO_COMPAT_BIGALLOC, "bigalloc" },
	{ E2_RO_COMPAT_METADATA_CSUM, "metadata_csum" },
	{ E2_RO_COMPAT_READONLY, "read-only" },
	{ E2_RO_COMPAT_PROJECT, "project" },
};

/* The names of the bits of mask in list, space-separated, into buf. */
static void
feature_names(uint32_t mask, bool ro, char *buf, size_t room)
{
	size_t n = ro ? sizeof(ro_names) / sizeof(ro_names[0]) :
	                sizeof(incompat_names) / sizeof(incompat_names[0]);
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		uint32_t bit = ro ? ro_names[i].bit : incompat_names[i].bit;
		const char *name = ro ? ro_names[i].name : incompat_names[i].name;

		if ((mask & bit) != 0 && len + strlen(name) + 2 < room) {
			if (len > 0) {
				buf[len++] = ' ';
			}
			strcpy(buf + len, name);
			len += strlen(name);
			mask &= ~bit;
		}
	}
	if (mask != 0 && len + 16 < room) {
		static const char hex[] = "0123456789abcdef";

		strcpy(buf + len, len > 0 ? " unknown 0x" : "unknown 0x");
		len += strlen(buf + len);
		for (int s = 28; s >= 0; s -= 4) {
			buf[len++] = hex[(mask >> s) & 15];
		}
		buf[len] = '\0';
	}
}

bool
e2_group_has_super(const struct e2fs *fs, uint32_t g)
{
	if (g <= 1 || (fs->f_sb.s_feature_ro_compat & E2_RO_COMPAT_SPARSE_SUPER) == 0) {
		return true;
	}
	for (uint32_t base = 3; base <= 7; base += 2) {
		uint64_t p = base;

		while (p < g) {
			p *= base;
		}
		if (p == g) {
			return true;
		}
	}
	return false;
}

int
e2_super_check(const struct e2fs *fs, const struct e2_super *sb, uint64_t dev_bytes)
{
	uint32_t bsize, ngroups, isize;

	if (sb->s_magic != E2_MAGIC) {
		e2_report(fs, "no ext2 file system here (magic 0x%04x, not 0xef53)", sb->s_magic);
		return -EINVAL;
	}
	if (sb->s_log_block_size > E2_MAX_LOG) {
		e2_report(fs, "block size 1024 << %u is not supported (1, 2 or 4 KiB)",
		    sb->s_log_block_size);
		return -EINVAL;
	}
	bsize = 1024u << sb->s_log_block_size;
	if (sb->s_rev_level > E2_DYNAMIC_REV) {
		e2_report(fs, "revision %u is not supported", sb->s_rev_level);
		return -EINVAL;
	}
	isize = sb->s_rev_level == E2_GOOD_OLD_REV ? E2_GOOD_OLD_INODE_SIZE : sb->s_inode_size;
	if (isize < E2_GOOD_OLD_INODE_SIZE || isize > bsize || (isize & (isize - 1)) != 0) {
		e2_report(fs, "bad inode size %u", isize);
		return -EINVAL;
	}
	if (sb->s_first_data_block != (bsize == 1024 ? 1u : 0u)) {
		e2_report(fs, "bad first data block %u for %u-byte blocks", sb->s_first_data_block,
		    bsize);
		return -EINVAL;
	}
	if (sb->s_blocks_per_group == 0 || sb->s_blocks_per_group > 8 * bsize ||
	    sb->s_inodes_per_group == 0 || sb->s_inodes_per_group > 8 * bsize ||
	    (uint64_t)sb->s_inodes_per_group * isize % bsize != 0) {
		e2_report(fs, "bad group sizes: %u blocks, %u inodes per group",
		    sb->s_blocks_per_group, sb->s_inodes_per_group);
		return -EINVAL;
	}
	if (sb->s_blocks_count <= sb->s_first_data_block + 1 ||
	    (uint64_t)sb->s_blocks_count * bsize > dev_bytes) {
		e2_report(fs, "block count %u does not fit the device (%llu bytes)",
		    sb->s_blocks_count, (unsigned long long)dev_bytes);
		return -EINVAL;
	}
	ngroups = (sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1) /
	    sb->s_blocks_per_group;
	if (sb->s_inodes_count == 0 ||
	    (uint64_t)ngroups * sb->s_inodes_per_group != sb->s_inodes_count) {
		e2_report(fs, "inode count %u disagrees with %u groups of %u", sb->s_inodes_count,
		    ngroups, sb->s_inodes_per_group);
		return -EINVAL;
	}
	if (sb->s_rev_level == E2_DYNAMIC_REV &&
	    (sb->s_first_ino < E2_GOOD_OLD_FIRST_INO || sb->s_first_ino >= sb->s_inodes_count)) {
		e2_report(fs, "bad first inode %u", sb->s_first_ino);
		return -EINVAL;
	}
	if (sb->s_r_blocks_count > sb->s_blocks_count) {
		e2_report(fs, "reserved block count %u exceeds block count", sb->s_r_blocks_count);
		return -EINVAL;
	}
	return 0;
}

/* Checks group g's descriptor: its bitmaps and inode table lie in the
 * group, after its superblock copy and descriptors. */
static int
gd_check(struct e2fs *fs, uint32_t g)
{
	const struct e2_gd *gd = &fs->f_gd[g];
	uint32_t start = fs->f_sb.s_first_data_block + g * fs->f_bpg;
	uint32_t end = g == fs->f_ngroups - 1 ? fs->f_sb.s_blocks_count : start + fs->f_bpg;
	uint32_t itb = fs->f_ipg * fs->f_isize / fs->f_bsize;
	uint32_t meta = e2_group_has_super(fs, g) ? 1 + fs->f_gd_blocks : 0;

	if (gd->bg_block_bitmap < start + meta || gd->bg_block_bitmap >= end ||
	    gd->bg_inode_bitmap < start + meta || gd->bg_inode_bitmap >= end ||
	    gd->bg_inode_table < start + meta || gd->bg_inode_table > end - itb ||
	    end - start < itb) {
		e2_report(fs, "group %u: bitmaps (%u, %u) or inode table %u outside blocks %u..%u",
		    g, gd->bg_block_bitmap, gd->bg_inode_bitmap, gd->bg_inode_table, start,
		    end - 1);
		return -EINVAL;
	}
	if (gd->bg_free_blocks_count > end - start || gd->bg_free_inodes_count > fs->f_ipg ||
	    gd->bg_used_dirs_count > fs->f_ipg) {
		e2_report(fs, "group %u: counts out of range (%u free blocks, %u free inodes)", g,
		    gd->bg_free_blocks_count, gd->bg_free_inodes_count);
		return -EINVAL;
	}
	return 0;
}

static int
sb_write(struct e2fs *fs)
{
	void *data[1] = { &fs->f_sb };
	int r;

	if (fs->f_broken) {
		return -EIO;
	}
	r = fs->f_dev.d_rw(fs->f_dev.d_ctx, true, E2_SUPER_OFFSET, data, E2_SUPER_SIZE, 1);
	if (r != 0) {
		e2_report(fs, "writing the superblock failed (%d): the file system stays read-only",
		    r);
		fs->f_broken = true;
	}
	return r;
}

static int
flush(struct e2fs *fs)
{
	int r = fs->f_dev.d_flush(fs->f_dev.d_ctx);

	if (r != 0) {
		e2_report(fs, "flushing the disk failed (%d)", r);
	}
	return r;
}

int
e2_before_write(struct e2fs *fs)
{
	int r;

	if (!fs->f_disk_clean) {
		return 0;
	}
	fs->f_sb.s_state &= (uint16_t)~E2_VALID_FS;
	r = sb_write(fs);
	if (r == 0) {
		r = flush(fs);
	}
	if (r == 0) {
		fs->f_disk_clean = false;
	}
	return r;
}

/* Reads the descriptor blocks into fs->f_gd. */
static int
gd_read(struct e2fs *fs)
{
	void *data[1];
	int r;

	fs->f_gd = calloc(fs->f_gd_blocks, fs->f_bsize);
	if (fs->f_gd == NULL) {
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < fs->f_gd_blocks; i++) {
		data[0] = (uint8_t *)fs->f_gd + (size_t)i * fs->f_bsize;
		r = fs->f_dev.d_rw(fs->f_dev.d_ctx, false,
		    (uint64_t)(fs->f_sb.s_first_data_block + 1 + i) * fs->f_bsize, data,
		    fs->f_bsize, 1);
		if (r != 0) {
			e2_report(fs, "reading the group descriptors failed (%d)", r);
			return -EIO;
		}
	}
	for (uint32_t g = 0; g < fs->f_ngroups; g++) {
		r = gd_check(fs, g);
		if (r != 0) {
			return r;
		}
	}
	return 0;
}

/* Sums the groups' free counts into the superblock (which mke2fs and
 * kernels may leave stale). */
static void
sum_counts(struct e2fs *fs)
{
	uint32_t fb = 0, fi = 0;

	for (uint32_t g = 0; g < fs->f_ngroups; g++) {
		fb += fs->f_gd[g].bg_free_blocks_count;
		fi += fs->f_gd[g].bg_free_inodes_count;
	}
	fs->f_sb.s_free_blocks_count = fb;
	fs->f_sb.s_free_inodes_count = fi;
}

int
e2_mount(struct e2fs *fs, const struct e2_dev *dev, uint32_t id, bool ro)
{
	struct e2_super *sb = &fs->f_sb;
	void *data[1] = { sb };
	char names[160];
	uint32_t unsup;
	int64_t now;
	int r;

	memset(fs, 0, sizeof(*fs));
	fs->f_dev = *dev;
	fs->f_id = id;
	if (dev->d_size < 2 * E2_SUPER_OFFSET ||
	    dev->d_rw(dev->d_ctx, false, E2_SUPER_OFFSET, data, E2_SUPER_SIZE, 1) != 0) {
		e2_report(fs, "cannot read the superblock");
		return -EIO;
	}
	r = e2_super_check(fs, sb, dev->d_size);
	if (r != 0) {
		return r;
	}
	unsup = sb->s_rev_level == E2_GOOD_OLD_REV ?
	    0 :
	    sb->s_feature_incompat & ~E2_INCOMPAT_SUPPORTED;
	if (unsup != 0) {
		feature_names(unsup, false, names, sizeof(names));
		e2_report(fs, "refused: unsupported incompatible features: %s", names);
		return -EINVAL;
	}
	fs->f_bsize = 1024u << sb->s_log_block_size;
	fs->f_per = fs->f_bsize / 4;
	fs->f_bpg = sb->s_blocks_per_group;
	fs->f_ipg = sb->s_inodes_per_group;
	fs->f_isize =
	    sb->s_rev_level == E2_GOOD_OLD_REV ? E2_GOOD_OLD_INODE_SIZE : sb->s_inode_size;
	fs->f_first_ino =
	    sb->s_rev_level == E2_GOOD_OLD_REV ? E2_GOOD_OLD_FIRST_INO : sb->s_first_ino;
	fs->f_ngroups = (sb->s_blocks_count - sb->s_first_data_block + fs->f_bpg - 1) / fs->f_bpg;
	fs->f_gd_blocks =
	    (fs->f_ngroups * (uint32_t)sizeof(struct e2_gd) + fs->f_bsize - 1) / fs->f_bsize;
	fs->f_filetype = sb->s_rev_level == E2_DYNAMIC_REV &&
	    (sb->s_feature_incompat & E2_INCOMPAT_FILETYPE) != 0;
	fs->f_ro = ro || dev->d_ro;
	unsup = sb->s_rev_level == E2_GOOD_OLD_REV ?
	    0 :
	    sb->s_feature_ro_compat & ~E2_RO_COMPAT_SUPPORTED;
	if (unsup != 0 && !fs->f_ro) {
		feature_names(unsup, true, names, sizeof(names));
		e2_report(fs, "mounted read-only: unsupported read-only-compatible features: %s",
		    names);
		fs->f_ro = true;
	}
	r = gd_read(fs);
	if (r != 0) {
		free(fs->f_gd);
		fs->f_gd = NULL;
		return r;
	}
	sum_counts(fs);
	if ((sb->s_state & E2_ERROR_FS) != 0) {
		e2_report(fs, "the file system has errors: run e2fsck");
	}
	now = sb->s_wtime > sb->s_mtime ? sb->s_wtime : sb->s_mtime;
	if (sb->s_mkfs_time > now) {
		now = sb->s_mkfs_time;
	}
	fs->f_time_base = now - e2_clock_ns() / 1000000000;
	fs->f_disk_clean = (sb->s_state & E2_VALID_FS) != 0;
	if (!fs->f_ro) {
		if (!fs->f_disk_clean) {
			e2_report(fs, "not cleanly unmounted: run e2fsck");
		}
		sb->s_mnt_count++;
		sb->s_mtime = e2_now(fs);
		fs->f_disk_clean = true; /* so that the mark goes out now */
		r = e2_before_write(fs);
		if (r != 0) {
			free(fs->f_gd);
			fs->f_gd = NULL;
			return r;
		}
	}
	fs->f_mounted = true;
	return 0;
}

int
e2_sync(struct e2fs *fs, bool clean)
{
	void *data[1];
	int r;

	if (fs->f_ro) {
		return 0;
	}
	r = e2_cache_flush(fs);
	if (r == 0 && fs->f_meta_dirty) {
		r = e2_before_write(fs);
		for (uint32_t i = 0; r == 0 && i < fs->f_gd_blocks; i++) {
			data[0] = (uint8_t *)fs->f_gd + (size_t)i * fs->f_bsize;
			r = fs->f_dev.d_rw(fs->f_dev.d_ctx, true,
			    (uint64_t)(fs->f_sb.s_first_data_block + 1 + i) * fs->f_bsize, data,
			    fs->f_bsize, 1);
		}
		if (r == 0) {
			fs->f_sb.s_wtime = e2_now(fs);
			r = sb_write(fs);
		}
		if (r == 0) {
			fs->f_meta_dirty = false;
		}
	}
	if (r == 0) {
		r = flush(fs);
	}
	if (r == 0 && clean && !fs->f_disk_clean) {
		fs->f_sb.s_state |= E2_VALID_FS;
		r = sb_write(fs);
		if (r == 0) {
			r = flush(fs);
		}
		if (r == 0) {
			fs->f_disk_clean = true;
		}
	}
	return r != 0 ? -EIO : 0;
}

int
e2_unmount(struct e2fs *fs)
{
	int r = e2_sync(fs, true);

	e2_cache_drop(fs);
	free(fs->f_gd);
	fs->f_gd = NULL;
	return r;
}

void
e2_statfs(const struct e2fs *fs, struct xstatfs *sf)
{
	memset(sf, 0, sizeof(*sf));
	strcpy(sf->sf_type, "ext2");
	sf->sf_bsize = fs->f_bsize;
	sf->sf_blocks = fs->f_sb.s_blocks_count - fs->f_sb.s_first_data_block;
	sf->sf_bfree = fs->f_sb.s_free_blocks_count;
	sf->sf_files = fs->f_sb.s_inodes_count;
	sf->sf_ffree = fs->f_sb.s_free_inodes_count;
	sf->sf_flags = fs->f_ro ? XMNT_RDONLY : 0;
}

uint32_t
e2_now(const struct e2fs *fs)
{
	return (uint32_t)(fs->f_time_base + e2_clock_ns() / 1000000000);
}

void
e2_report(const struct e2fs *cfs, const char *fmt, ...)
{
	struct e2fs *fs = (struct e2fs *)cfs; /* never defined const */
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (fs->f_mounted && !fs->f_ro && !fs->f_errors) {
		fs->f_errors = true;
		fs->f_sb.s_state |= E2_ERROR_FS;
		fs->f_meta_dirty = true;
	}
	e2_console(line);
}
