/* unit-sources: servers/fs/ext2/cache.c servers/fs/ext2/super.c servers/fs/ext2/alloc.c servers/fs/ext2/inode.c servers/fs/ext2/bmap.c servers/fs/ext2/dir.c servers/fs/ext2/file.c servers/fs/ext2/ops.c lib/libsys/xdirent.c */
/*
 * ext2's machinery under the namespace: the structures' sizes, sparse
 * superblock placement, the allocators (free counts in the groups and
 * the superblock, used_dirs, the goal, ENOSPC, every bit given once),
 * block mapping at the edges of the direct, single, double and triple
 * ranges with the indirect blocks counted in i_blocks, the buffer
 * cache (write-back: nothing but the clean mark is written before a
 * sync; read-ahead in one device request; eviction of dirty buffers
 * under pressure), and the clean mark the disk carries (not clean while
 * changes are out, clean after a sync, and what a crash leaves).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "ext2_img.h"

static struct img im;
static struct e2fs fs;

static int
teardown(void **state)
{
	img_forget(&fs, &im);
	return 0;
}

static void
mount_new(unsigned kib, const char *opts)
{
	struct e2_dev d;

	assert_int_equal(img_make(&im, kib, opts), 0);
	d = img_dev(&im);
	assert_int_equal(e2_mount(&fs, &d, 3, false), 0);
}

static const struct e2_super *
disk_sb(void)
{
	return (const struct e2_super *)(im.data + E2_SUPER_OFFSET);
}

static int
copy_in(void *arg, uint64_t off, void *buf, size_t len)
{
	if (len == 0) {
		return 0; /* a batch point: nothing kept */
	}
	memset(buf, *(int *)arg, len);
	return 0;
}

static int
copy_out(void *arg, uint64_t off, void *buf, size_t len)
{
	if (len == 0) {
		return 0; /* a batch point: nothing kept */
	}
	memcpy((uint8_t *)arg + off, buf, len);
	return 0;
}

static void
test_layout(void **state)
{
	assert_int_equal(sizeof(struct e2_super), 1024);
	assert_int_equal(offsetof(struct e2_super, s_inodes_count), 0);
	assert_int_equal(offsetof(struct e2_super, s_rev_level), 76);
	assert_int_equal(offsetof(struct e2_super, s_first_ino), 84);
	assert_int_equal(offsetof(struct e2_super, s_uuid), 104);
	assert_int_equal(offsetof(struct e2_super, s_mkfs_time), 264);
	assert_int_equal(sizeof(struct e2_gd), 32);
	assert_int_equal(offsetof(struct e2_gd, bg_free_blocks_count), 12);
	assert_int_equal(sizeof(struct e2_inode), 128);
	assert_int_equal(offsetof(struct e2_inode, i_links_count), 26);
	assert_int_equal(offsetof(struct e2_inode, i_file_acl), 104);
	assert_int_equal(sizeof(struct e2_dirent), 8);
	assert_int_equal(E2_DIRENT_LEN(1), 12);
	assert_int_equal(E2_DIRENT_LEN(4), 12);
	assert_int_equal(E2_DIRENT_LEN(5), 16);
}

static void
test_sparse_super(void **state)
{
	bool want[30] = { [0] = true,
		[1] = true,
		[3] = true,
		[5] = true,
		[7] = true,
		[9] = true,
		[25] = true,
		[27] = true };

	mount_new(4096, "-b 1024");
	for (uint32_t g = 0; g < 30; g++) {
		assert_int_equal(e2_group_has_super(&fs, g), want[g]);
	}
	fs.f_sb.s_feature_ro_compat &= ~(uint32_t)E2_RO_COMPAT_SPARSE_SUPER;
	assert_true(e2_group_has_super(&fs, 4));
}

/* Sums of the groups' counts equal the superblock's. */
static void
counts_agree(void)
{
	uint32_t fb = 0, fi = 0;

	for (uint32_t g = 0; g < fs.f_ngroups; g++) {
		fb += fs.f_gd[g].bg_free_blocks_count;
		fi += fs.f_gd[g].bg_free_inodes_count;
	}
	assert_int_equal(fb, fs.f_sb.s_free_blocks_count);
	assert_int_equal(fi, fs.f_sb.s_free_inodes_count);
}

static void
test_allocators(void **state)
{
	static uint8_t seen[65536 / 8];
	uint32_t blk, first, n = 0, ino, dirs0;
	uint32_t free0;
	int r;

	/* Several groups (8 MiB of 1 KiB blocks: 8192 per group). */
	mount_new(20000, "-b 1024 -m 0");
	assert_true(fs.f_ngroups >= 3);
	counts_agree();
	free0 = fs.f_sb.s_free_blocks_count;
	assert_int_equal(e2_balloc(&fs, 9000, &first), 0);
	assert_true(first >= 9000 && first < 9000 + 8192); /* in the goal's group */
	assert_int_equal(e2_bfree(&fs, first), 0);
	/* Every free block once, then ENOSPC; then all back. */
	memset(seen, 0, sizeof(seen));
	while ((r = e2_balloc(&fs, 0, &blk)) == 0) {
		assert_true(e2_blk_ok(&fs, blk));
		assert_false(seen[blk / 8] & (1 << (blk % 8)));
		seen[blk / 8] |= (uint8_t)(1 << (blk % 8));
		n++;
	}
	assert_int_equal(r, -ENOSPC);
	assert_int_equal(n, free0);
	assert_int_equal(fs.f_sb.s_free_blocks_count, 0);
	counts_agree();
	for (blk = 0; blk < fs.f_sb.s_blocks_count; blk++) {
		if (seen[blk / 8] & (1 << (blk % 8))) {
			assert_int_equal(e2_bfree(&fs, blk), 0);
		}
	}
	assert_int_equal(fs.f_sb.s_free_blocks_count, free0);
	counts_agree();
	/* Inodes: never a reserved one; a directory counts in used_dirs. */
	dirs0 = fs.f_gd[0].bg_used_dirs_count;
	assert_int_equal(e2_ialloc(&fs, E2_ROOT_INO, XS_IFREG, &ino), 0);
	assert_true(ino >= fs.f_first_ino);
	assert_int_equal(e2_ifree(&fs, ino, false), 0);
	assert_int_equal(e2_ifree(&fs, ino, false), -EIO);
	assert_int_equal(e2_ialloc(&fs, E2_ROOT_INO, XS_IFDIR, &ino), 0);
	{
		uint32_t g = (ino - 1) / fs.f_ipg, sum = 0;

		for (uint32_t k = 0; k < fs.f_ngroups; k++) {
			sum += fs.f_gd[k].bg_used_dirs_count;
		}
		assert_true(sum == dirs0 + 1 || g != 0);
		assert_int_equal(e2_ifree(&fs, ino, true), 0);
	}
	counts_agree();
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
}

/* Writes one block at logical block lbn of a new file: the inode's
 * i_blocks counts the data block and the indirect ones above it. */
static void
one_block_at(uint64_t lbn, uint32_t blocks)
{
	struct e2_inode in;
	uint32_t f, blk;
	int fill = 0x5a;
	char name[32];
	uint8_t back[1024];

	snprintf(name, sizeof(name), "f%llu", (unsigned long long)lbn);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, name, XS_IFREG | 0644, 0, 0, 0, &f), 0);
	assert_int_equal(e2_write(&fs, f, lbn * 1024, 1024, copy_in, &fill), 1024);
	assert_int_equal(e2_iget(&fs, f, &in), 0);
	assert_int_equal(in.i_blocks, blocks * 2);
	assert_int_equal(e2_bmap(&fs, f, &in, lbn, false, &blk), 0);
	assert_int_not_equal(blk, 0);
	if (lbn > 0) {
		assert_int_equal(e2_bmap(&fs, f, &in, lbn - 1, false, &blk), 0);
		assert_int_equal(blk, 0);
	}
	memset(back, 0, sizeof(back));
	assert_int_equal(e2_read(&fs, f, lbn * 1024, 1024, copy_out, back), 1024);
	assert_int_equal(back[0], 0x5a);
	assert_int_equal(back[1023], 0x5a);
}

static void
test_block_mapping(void **state)
{
	uint64_t p = 256; /* 1 KiB blocks */
	struct e2_inode in;
	uint32_t blk;

	mount_new(4096, "-b 1024");
	one_block_at(11, 1);
	one_block_at(12, 2);
	one_block_at(12 + p - 1, 2);
	one_block_at(12 + p, 3);
	one_block_at(12 + p + p * p - 1, 3);
	one_block_at(12 + p + p * p, 4);
	one_block_at(12 + p + p * p + p * p * p - 1, 4);
	/* Past the triple range. */
	memset(&in, 0, sizeof(in));
	in.i_mode = XS_IFREG;
	assert_int_equal(e2_bmap(&fs, 12, &in, e2_max_blocks(&fs), false, &blk), -EFBIG);
	assert_int_equal(e2_max_blocks(&fs), 12 + p + p * p + p * p * p);
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
}

/* Write-back: changes stay in the cache until a sync; the disk is only
 * told it is not clean. */
static void
test_write_back_and_clean_mark(void **state)
{
	uint32_t f;
	int fill = 7;
	struct e2_dev d;

	mount_new(4096, "-b 1024");
	assert_false((disk_sb()->s_state & E2_VALID_FS) != 0); /* mounted: not clean */
	assert_int_equal(disk_sb()->s_mnt_count, 1);
	assert_int_equal(e2_sync(&fs, true), 0);
	assert_true((disk_sb()->s_state & E2_VALID_FS) != 0);
	im.writes = 0;
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	assert_int_equal(e2_write(&fs, f, 0, 100000, copy_in, &fill), 100000);
	assert_int_equal(im.writes, 0); /* all in the cache */
	assert_true(e2_cache_dirty(&fs));
	/* A write-back (here: eviction-like flush) first clears the mark. */
	assert_int_equal(e2_cache_flush(&fs), 0);
	assert_false((disk_sb()->s_state & E2_VALID_FS) != 0);
	assert_int_equal(e2_sync(&fs, true), 0);
	assert_true((disk_sb()->s_state & E2_VALID_FS) != 0);
	assert_false(e2_cache_dirty(&fs));
	assert_true(im.flushes >= 2);
	/* A crash now (no unmount) leaves a clean, consistent disk. */
	e2_cache_drop(&fs);
	free(fs.f_gd);
	fs.f_gd = NULL;
	assert_int_equal(img_fsck(&im), 0);
	d = img_dev(&im);
	assert_int_equal(e2_mount(&fs, &d, 3, false), 0);
	assert_int_equal(e2_lookup(&fs, E2_ROOT_INO, "f", &f), 0);
	{
		uint8_t back[100];

		assert_int_equal(e2_read(&fs, f, 99900, 200, copy_out, back), 100);
		assert_int_equal(back[99], 7);
	}
	assert_int_equal(e2_unmount(&fs), 0);
	assert_true((disk_sb()->s_state & E2_VALID_FS) != 0);
	assert_int_equal(disk_sb()->s_mnt_count, 2);
}

/* Read-ahead: a file read in order comes in requests of several blocks. */
static void
test_read_ahead(void **state)
{
	static uint8_t back[256 * 1024];
	uint32_t f;
	int fill = 3;
	int reads;

	mount_new(4096, "-b 1024");
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	assert_int_equal(e2_write(&fs, f, 0, sizeof(back), copy_in, &fill), (int64_t)sizeof(back));
	assert_int_equal(e2_sync(&fs, true), 0);
	e2_cache_drop(&fs);
	im.reads = 0;
	for (size_t off = 0; off < sizeof(back); off += 4096) {
		assert_int_equal(e2_read(&fs, f, off, 4096, copy_out, back + off), 4096);
	}
	reads = im.reads;
	/* 256 data blocks and an indirect one, 16 blocks per request at
	 * most: a few more than 16 requests (the indirect block breaks a
	 * run), not one or more per read. */
	assert_true(reads <= 32); /* 64 without read-ahead */
	assert_int_equal(back[sizeof(back) - 1], 3);
	/* Eviction under pressure: more dirty data than the cache holds. */
	{
		uint32_t g;

		assert_int_equal(e2_create(&fs, E2_ROOT_INO, "g", XS_IFREG | 0644, 0, 0, 0, &g), 0);
		assert_int_equal(e2_write(&fs, g, 0, (E2_CACHE_BUFS + 100) * 1024ull, copy_in,
		                     &fill),
		    (int64_t)(E2_CACHE_BUFS + 100) * 1024);
	}
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
}

/* A copier that works as the server's does (main.c), but lazier: it
 * keeps where the pieces are and moves them only when it has
 * DEFERRED_MAX (more than the cache holds), at a batch point (len 0)
 * and at the end; fail_at makes the batch point at that byte fail. */
#define DEFERRED_MAX (2 * E2_CACHE_BUFS)
struct deferred {
	uint8_t *mem; /* the client's bytes */
	bool out;     /* to mem (a read) or from it */
	void *at[DEFERRED_MAX];
	size_t len[DEFERRED_MAX];
	uint64_t off; /* in mem, of the first kept piece */
	int n;
	uint64_t fail_at;
};

static int
deferred_move(struct deferred *d)
{
	for (int i = 0; i < d->n; i++) {
		if (d->out) {
			memcpy(d->mem + d->off, d->at[i], d->len[i]);
		} else {
			memcpy(d->at[i], d->mem + d->off, d->len[i]);
		}
		d->off += d->len[i];
	}
	d->n = 0;
	return 0;
}

static int
deferred(void *arg, uint64_t off, void *buf, size_t len)
{
	struct deferred *d = arg;

	if (len == 0) {
		if (d->fail_at != 0 && off >= d->fail_at) {
			d->n = 0;
			return -EFAULT;
		}
		return deferred_move(d);
	}
	if (d->n == 0) {
		d->off = off;
	}
	if (d->n == DEFERRED_MAX) {
		deferred_move(d);
	}
	d->at[d->n] = buf;
	d->len[d->n++] = len;
	return 0;
}

static uint8_t
pattern(uint64_t i)
{
	return (uint8_t)((i * 2654435761u) >> 13);
}

/* Reads and writes larger than the cache through a copier that copies
 * late: e2_read hands the buffers back at its batch points before it
 * reads more, and e2_write's blocks are valid only once their bytes
 * came in. */
static void
test_deferred_copies(void **state)
{
	static uint8_t src[3 * E2_CACHE_BUFS * 1024], back[sizeof(src)];
	struct deferred w = { .mem = src, .out = false }, r = { .mem = back, .out = true };
	uint32_t f;
	int64_t got;

	for (size_t i = 0; i < sizeof(src); i++) {
		src[i] = pattern(i);
	}
	mount_new(8192, "-b 1024");
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	/* In two writes, the second starting inside a block. */
	assert_int_equal(e2_write(&fs, f, 0, 1000, deferred, &w), 1000);
	deferred_move(&w);
	w.mem = src + 1000;
	assert_int_equal(e2_write(&fs, f, 1000, sizeof(src) - 1000, deferred, &w),
	    (int64_t)sizeof(src) - 1000);
	deferred_move(&w);
	assert_int_equal(e2_sync(&fs, true), 0);
	e2_cache_drop(&fs);
	got = e2_read(&fs, f, 0, sizeof(back), deferred, &r);
	deferred_move(&r);
	assert_int_equal(got, (int64_t)sizeof(back));
	assert_memory_equal(back, src, sizeof(src));

	/* A copy that fails at a batch point: the write stops at the batch
	 * before it, the new blocks stay zeros, and an old block never read
	 * keeps what the disk has. */
	{
		struct deferred bad = { .mem = src, .out = false, .fail_at = 40 * 1024 };
		static uint8_t zero[1024], old[1024];
		uint32_t g;

		assert_int_equal(e2_create(&fs, E2_ROOT_INO, "g", XS_IFREG | 0644, 0, 0, 0, &g), 0);
		got = e2_write(&fs, g, 0, 64 * 1024, deferred, &bad);
		assert_true(got > 0 && got < 40 * 1024);
		assert_int_equal(got % 1024, 0);
		assert_int_equal(e2_read(&fs, g, (uint64_t)got, 1024, copy_out, old),
		    0); /* the end */
		/* The old file: overwrite blocks 100.. whole, not cached. */
		assert_int_equal(e2_sync(&fs, true), 0);
		e2_cache_drop(&fs);
		bad = (struct deferred){ .mem = zero, .out = false, .fail_at = 1 };
		assert_true(e2_write(&fs, f, 100 * 1024, 1024, deferred, &bad) < 0);
		assert_int_equal(e2_read(&fs, f, 100 * 1024, 1024, copy_out, old), 1024);
		assert_memory_equal(old, src + 100 * 1024, 1024);
	}
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test_teardown(test_sparse_super, teardown),
		cmocka_unit_test_teardown(test_allocators, teardown),
		cmocka_unit_test_teardown(test_block_mapping, teardown),
		cmocka_unit_test_teardown(test_write_back_and_clean_mark, teardown),
		cmocka_unit_test_teardown(test_read_ahead, teardown),
		cmocka_unit_test_teardown(test_deferred_copies, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
