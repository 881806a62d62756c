/* unit-sources: servers/fs/ext2/cache.c servers/fs/ext2/super.c servers/fs/ext2/alloc.c servers/fs/ext2/inode.c servers/fs/ext2/bmap.c servers/fs/ext2/dir.c servers/fs/ext2/file.c servers/fs/ext2/ops.c lib/libsys/xdirent.c */
/*
 * ext2 against bad input: superblocks that fail each check (magic,
 * block size, revision, inode size, first data block, group sizes, block
 * count beyond the device, inode count zero or inconsistent), refused
 * incompatible features named in the message (known and unknown bits),
 * read-only-compatible ones that make the mount read-only, group
 * descriptors pointing outside their group, directory blocks with every
 * kind of bad entry, an inode pointing outside the disk, a directory
 * loop through "..", a block bitmap that disagrees with its count, a
 * double free, and a disk that refuses writes.  Each is refused or
 * answered -EIO with a report, nothing crashes (ASan, UBSan), and the
 * file system stays usable where it can.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

static struct e2_super *
sb(void)
{
	return (struct e2_super *)(im.data + E2_SUPER_OFFSET);
}

static int
try_mount(bool ro)
{
	struct e2_dev d = img_dev(&im);

	img_reports = 0;
	img_last[0] = '\0';
	return e2_mount(&fs, &d, 1, ro);
}

static void
fresh(void)
{
	assert_int_equal(img_make(&im, 4096, "-b 1024"), 0);
}

/* Mounting is refused with a report containing what. */
static void
refused(const char *what)
{
	assert_int_equal(try_mount(false), -EINVAL);
	assert_true(img_reports >= 1);
	if (strstr(img_last, what) == NULL) {
		fail_msg("report '%s' does not say '%s'", img_last, what);
	}
	assert_null(fs.f_gd);
}

static void
test_superblock_checks(void **state)
{
	struct {
		size_t off, len;
		uint32_t value;
		const char *what;
	} cases[] = {
		{ 56, 2, 0x1234, "magic" },
		{ 24, 4, 7, "block size" },
		{ 76, 4, 5, "revision" },
		{ 88, 2, 100, "inode size" },
		{ 88, 2, 8192, "inode size" },
		{ 20, 4, 0, "first data block" },
		{ 32, 4, 0, "group sizes" },
		{ 40, 4, 0, "group sizes" },
		{ 4, 4, 1u << 30, "does not fit" },
		{ 0, 4, 0, "inode count 0" },
		{ 0, 4, 12345, "disagrees" },
		{ 84, 4, 3, "first inode" },
		{ 8, 4, 0xffffff, "reserved block count" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fresh();
		memcpy((uint8_t *)sb() + cases[i].off, &cases[i].value, cases[i].len);
		refused(cases[i].what);
		img_free(&im);
	}
	/* A device too small for the block count. */
	fresh();
	im.size = 2 << 20;
	refused("does not fit");
	/* A device too small for a superblock at all. */
	im.size = 1024;
	assert_int_equal(try_mount(false), -EIO);
}

static void
test_features(void **state)
{
	fresh();
	sb()->s_feature_incompat |= E2_INCOMPAT_EXTENTS | E2_INCOMPAT_64BIT;
	refused("extent 64bit");
	sb()->s_feature_incompat = E2_INCOMPAT_FILETYPE | 0x80000000u;
	refused("unknown 0x80000000");
	sb()->s_feature_incompat = E2_INCOMPAT_FILETYPE | E2_INCOMPAT_RECOVER;
	refused("needs_recovery");
	/* Read-only-compatible: mounted, read-only, and said so. */
	sb()->s_feature_incompat = E2_INCOMPAT_FILETYPE;
	sb()->s_feature_ro_compat |= E2_RO_COMPAT_METADATA_CSUM;
	assert_int_equal(try_mount(false), 0);
	assert_true(fs.f_ro);
	assert_non_null(strstr(img_last, "read-only"));
	assert_non_null(strstr(img_last, "metadata_csum"));
	/* Read-only: nothing is written, not even the mount count. */
	assert_int_equal(im.writes, 0);
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(im.writes, 0);
}

static void
test_group_descriptors(void **state)
{
	struct e2_gd *gd;

	fresh();
	gd = (struct e2_gd *)(im.data + 2 * 1024);
	gd->bg_inode_table = 4000; /* the table runs past the group's end */
	refused("group 0");
	img_free(&im);
	fresh();
	gd = (struct e2_gd *)(im.data + 2 * 1024);
	gd->bg_block_bitmap = 1; /* on the superblock */
	refused("group 0");
	img_free(&im);
	fresh();
	gd = (struct e2_gd *)(im.data + 2 * 1024);
	gd->bg_free_inodes_count = 60000;
	refused("counts out of range");
}

/* A block of entries from (rec_len, name_len, inode) triples. */
static void
entries(uint8_t *blk, const uint16_t (*e)[3], int n)
{
	uint32_t off = 0;

	memset(blk, 0, 1024);
	for (int i = 0; i < n; i++) {
		struct e2_dirent d = { .d_inode = e[i][2],
			.d_rec_len = e[i][0],
			.d_name_len = (uint8_t)e[i][1] };

		/* Entries may be misaligned here: bytes, not a struct. */
		memcpy(blk + off, &d, sizeof(d));
		memset(blk + off + 8, 'n', e[i][1] < 1016 - off ? e[i][1] : 0);
		off += e[i][0];
		if (off >= 1024 || e[i][0] == 0) {
			break;
		}
	}
}

static void
test_dirent_parsing(void **state)
{
	static const uint16_t good[][3] = { { 12, 1, 2 }, { 12, 2, 2 }, { 1000, 4, 11 } };
	static const uint16_t zero_len[][3] = { { 12, 1, 2 }, { 0, 2, 2 } };
	static const uint16_t odd_len[][3] = { { 14, 1, 2 }, { 1010, 2, 2 } };
	static const uint16_t past_end[][3] = { { 12, 1, 2 }, { 1020, 2, 2 } };
	static const uint16_t long_name[][3] = { { 12, 5, 2 }, { 1012, 2, 2 } };
	static const uint16_t big_inode[][3] = { { 12, 1, 60000 }, { 1012, 2, 2 } };
	static const uint16_t empty_name[][3] = { { 12, 0, 5 }, { 1012, 2, 2 } };
	static const uint16_t tail[][3] = { { 12, 1, 2 }, { 1008, 1, 2 } }; /* 4 bytes left over */
	uint8_t blk[1024];

	fresh();
	assert_int_equal(try_mount(true), 0);
	entries(blk, good, 3);
	assert_int_equal(e2_dirblock_check(&fs, 2, 0, blk), 0);
	struct {
		const uint16_t (*e)[3];
		int n;
		const char *what;
	} bad[] = {
		{ zero_len, 2, "bad record length" },
		{ odd_len, 2, "bad record length" },
		{ past_end, 2, "bad record length" },
		{ long_name, 2, "name longer" },
		{ big_inode, 2, "beyond the count" },
		{ empty_name, 2, "empty name" },
		{ tail, 2, "runs past the block" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		img_reports = 0;
		entries(blk, bad[i].e, bad[i].n);
		assert_int_equal(e2_dirblock_check(&fs, 2, 0, blk), -EIO);
		assert_int_equal(img_reports, 1);
		if (strstr(img_last, bad[i].what) == NULL) {
			fail_msg("case %zu: report '%s' does not say '%s'", i, img_last,
			    bad[i].what);
		}
	}
}

/* The root directory's first block, broken on the disk: lookups, adds
 * and listings all answer -EIO; nothing else changes. */
static void
test_bad_directory_on_disk(void **state)
{
	struct e2_inode root;
	uint8_t buf[512];
	uint64_t cookie = 0;
	uint32_t ino;

	fresh();
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(e2_iget(&fs, E2_ROOT_INO, &root), 0);
	e2_cache_drop(&fs);
	*(uint16_t *)(im.data + (size_t)root.i_block[0] * 1024 + 4) = 3;
	assert_int_equal(e2_lookup(&fs, E2_ROOT_INO, "lost+found", &ino), -EIO);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "x", XS_IFREG | 0644, 0, 0, 0, &ino), -EIO);
	assert_int_equal(e2_getdents(&fs, E2_ROOT_INO, &cookie, buf, sizeof(buf)), -EIO);
	assert_true(img_reports >= 3);
	/* The error mark goes to the disk with the next sync. */
	assert_int_equal(e2_sync(&fs, true), 0);
	assert_true((sb()->s_state & E2_ERROR_FS) != 0);
}

static void
test_inode_outside_disk(void **state)
{
	uint32_t f;
	struct e2_inode in;
	uint8_t buf[100];
	struct fs_attr a = { 0 };

	fresh();
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	assert_int_equal(e2_iget(&fs, f, &in), 0);
	in.i_block[0] = 50000000;
	in.i_block[E2_IND_BLOCK] = 4000000;
	in.i_size = 100000;
	assert_int_equal(e2_iput(&fs, f, &in), 0);
	img_reports = 0;
	assert_int_equal(e2_read(&fs, f, 0, 100, NULL, NULL), -EIO);
	assert_non_null(strstr(img_last, "outside the disk"));
	assert_int_equal(e2_read(&fs, f, 13 * 1024, 100, NULL, NULL), -EIO);
	a.fa_size = 0;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_SIZE, &a), -EIO);
	/* Inode numbers beyond the count. */
	assert_int_equal(e2_iget(&fs, 0, &in), -EIO);
	assert_int_equal(e2_iget(&fs, fs.f_sb.s_inodes_count + 1, &in), -EIO);
	(void)buf;
}

/* A ".." loop: a rename that would walk up it ends with -EIO. */
static void
test_directory_loop(void **state)
{
	uint32_t a, b, c;

	fresh();
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "a", XS_IFDIR | 0755, 0, 0, 0, &a), 0);
	assert_int_equal(e2_create(&fs, a, "b", XS_IFDIR | 0755, 0, 0, 0, &b), 0);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "c", XS_IFDIR | 0755, 0, 0, 0, &c), 0);
	assert_int_equal(e2_dir_set(&fs, a, "..", b, XS_IFDIR), 0);
	img_reports = 0;
	assert_int_equal(e2_rename(&fs, E2_ROOT_INO, "c", b, "c"), -EIO);
	assert_non_null(strstr(img_last, "directory loop"));
	/* A directory linked into itself: moving it under itself is refused. */
	assert_int_equal(e2_rename(&fs, E2_ROOT_INO, "a", a, "x"), -EINVAL);
}

static void
test_bitmap_disagrees(void **state)
{
	uint32_t f, blk;
	struct e2_gd *gd;
	uint8_t data[1024] = { 1 };
	struct e2_inode in;

	fresh();
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	gd = &fs.f_gd[0];
	e2_cache_flush(&fs);
	e2_cache_drop(&fs);
	memset(im.data + (size_t)gd->bg_block_bitmap * 1024, 0xff, 1024);
	img_reports = 0;
	in.i_mode = 0;
	assert_int_equal(e2_balloc(&fs, 0, &blk), -EIO);
	assert_non_null(strstr(img_last, "block bitmap has no free bit"));
	assert_int_equal(e2_iget(&fs, f, &in), 0);
	assert_int_equal(in.i_blocks, 0);
	(void)data;
	/* Freeing a free block: -EIO, the counts unchanged. */
	memset(im.data + (size_t)gd->bg_block_bitmap * 1024, 0, 1024);
	e2_cache_drop(&fs);
	{
		uint32_t before = fs.f_sb.s_free_blocks_count;

		assert_int_equal(e2_bfree(&fs, 3000), -EIO);
		assert_int_equal(fs.f_sb.s_free_blocks_count, before);
		assert_int_equal(e2_bfree(&fs, 0), -EIO);
		assert_int_equal(e2_bfree(&fs, 99999999), -EIO);
		assert_int_equal(e2_ifree(&fs, 1, false), -EIO);
	}
}

/* A disk that refuses writes: sync fails with -EIO, once reported, and
 * the file system stops writing. */
static void
test_write_errors(void **state)
{
	uint32_t f;

	fresh();
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "f", XS_IFREG | 0644, 0, 0, 0, &f), 0);
	im.fail_writes = true;
	img_reports = 0;
	assert_int_equal(e2_sync(&fs, true), -EIO);
	assert_true(fs.f_broken);
	assert_int_equal(img_reports, 1);
	assert_int_equal(e2_sync(&fs, true), -EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_superblock_checks, teardown),
		cmocka_unit_test_teardown(test_features, teardown),
		cmocka_unit_test_teardown(test_group_descriptors, teardown),
		cmocka_unit_test_teardown(test_dirent_parsing, teardown),
		cmocka_unit_test_teardown(test_bad_directory_on_disk, teardown),
		cmocka_unit_test_teardown(test_inode_outside_disk, teardown),
		cmocka_unit_test_teardown(test_directory_loop, teardown),
		cmocka_unit_test_teardown(test_bitmap_disagrees, teardown),
		cmocka_unit_test_teardown(test_write_errors, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
