/* unit-sources: servers/fs/ext2/cache.c servers/fs/ext2/super.c servers/fs/ext2/alloc.c servers/fs/ext2/inode.c servers/fs/ext2/bmap.c servers/fs/ext2/dir.c servers/fs/ext2/file.c servers/fs/ext2/ops.c lib/libsys/xdirent.c */
/*
 * ext2's core against images the host's mke2fs makes, in memory: files
 * made by mke2fs -d read back; create, write, read, mkdir, rmdir,
 * unlink, rename (over files, across directories, directories with ".."
 * fixed), hard links, fast and slow symlinks, truncate and extend,
 * sparse files, triple-indirect blocks and a file past 4 GiB, setattr,
 * getdents, open-but-unlinked files; for 1, 2 and 4 KiB blocks and
 * revision 0.  After each sequence the host's e2fsck -fn must find
 * nothing, and debugfs must read what was written.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <libsys/xdirent.h>
#include "ext2_img.h"

static struct img im;
static struct e2fs fs;

struct mbuf {
	uint8_t *p;
	size_t len;
};

static int
copy_out(void *arg, uint64_t off, void *buf, size_t len)
{
	if (len == 0) {
		return 0; /* a batch point: nothing kept */
	}
	struct mbuf *m = arg;

	if (off + len > m->len) {
		return -EINVAL;
	}
	memcpy(m->p + off, buf, len);
	return 0;
}

static int
copy_in(void *arg, uint64_t off, void *buf, size_t len)
{
	if (len == 0) {
		return 0; /* a batch point: nothing kept */
	}
	struct mbuf *m = arg;

	if (off + len > m->len) {
		return -EINVAL;
	}
	memcpy(buf, m->p + off, len);
	return 0;
}

static int64_t
wr(uint32_t ino, uint64_t off, const void *p, size_t len)
{
	struct mbuf m = { (uint8_t *)p, len };

	return e2_write(&fs, ino, off, len, copy_in, &m);
}

static int64_t
rd(uint32_t ino, uint64_t off, void *p, size_t len)
{
	struct mbuf m = { p, len };

	return e2_read(&fs, ino, off, len, copy_out, &m);
}

static uint32_t
mkfile(uint32_t dir, const char *name, uint32_t mode)
{
	uint32_t ino = 0;

	assert_int_equal(e2_create(&fs, dir, name, mode, 1000, 1000, 0, &ino), 0);
	assert_true(ino >= fs.f_first_ino);
	return ino;
}

static struct e2_inode
inode(uint32_t ino)
{
	struct e2_inode in;

	assert_int_equal(e2_iget(&fs, ino, &in), 0);
	return in;
}

/* Unmounts and checks the image with e2fsck. */
static void
finish(void)
{
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
}

static void
mount_new(unsigned kib, const char *opts)
{
	struct e2_dev d;

	assert_int_equal(img_make(&im, kib, opts), 0);
	d = img_dev(&im);
	assert_int_equal(e2_mount(&fs, &d, 7, false), 0);
	assert_false(fs.f_ro);
}

static int
teardown(void **state)
{
	img_forget(&fs, &im);
	return 0;
}

/* A file of len pseudo-random bytes from seed. */
static uint8_t *
pattern(size_t len, unsigned seed)
{
	uint8_t *p = malloc(len);

	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
	return p;
}

static void
basic(unsigned kib, const char *opts)
{
	size_t len = 300000;
	uint8_t *data = pattern(len, 1), *back = malloc(len);
	uint32_t f, d, sub, x;

	mount_new(kib, opts);
	d = mkfile(E2_ROOT_INO, "dir", XS_IFDIR | 0755);
	f = mkfile(d, "file", XS_IFREG | 0644);
	assert_int_equal(wr(f, 0, data, len), (int64_t)len);
	memset(back, 0, len);
	assert_int_equal(rd(f, 0, back, len), (int64_t)len);
	assert_memory_equal(back, data, len);
	assert_int_equal(e2_create(&fs, d, "file", XS_IFREG | 0644, 0, 0, 0, &x), -EEXIST);
	assert_int_equal(e2_lookup(&fs, d, "file", &x), 0);
	assert_int_equal(x, f);
	assert_int_equal(inode(d).i_links_count, 2);
	sub = mkfile(d, "sub", XS_IFDIR | 0700);
	assert_int_equal(inode(d).i_links_count, 3);
	assert_int_equal(e2_unlink(&fs, E2_ROOT_INO, "dir", true), -ENOTEMPTY);
	assert_int_equal(e2_unlink(&fs, d, "sub", false), -EISDIR);
	assert_int_equal(e2_unlink(&fs, d, "file", true), -ENOTDIR);
	assert_int_equal(e2_unlink(&fs, d, "sub", true), 0);
	assert_int_equal(inode(d).i_links_count, 2);
	assert_int_equal(e2_lookup(&fs, d, "sub", &x), -ENOENT);
	(void)sub;
	for (int i = 0; i < 200; i++) {
		char name[64];

		snprintf(name, sizeof(name), "many-files-with-long-names-%d", i);
		mkfile(d, name, XS_IFREG | 0600);
	}
	for (int i = 0; i < 200; i += 2) {
		char name[64];

		snprintf(name, sizeof(name), "many-files-with-long-names-%d", i);
		assert_int_equal(e2_unlink(&fs, d, name, false), 0);
	}
	assert_int_equal(e2_sync(&fs, true), 0);
	assert_int_equal(img_fsck(&im), 0);
	finish();
	assert_int_equal(img_sh("debugfs -R 'dump /dir/file /tmp/ext2test.%d.out' %s >/dev/null "
	                        "2>&1",
	                     (int)getpid(), im.path),
	    0);
	{
		char path[64];
		FILE *fp;

		snprintf(path, sizeof(path), "/tmp/ext2test.%d.out", (int)getpid());
		fp = fopen(path, "rb");
		assert_non_null(fp);
		memset(back, 0, len);
		assert_int_equal(fread(back, 1, len + 1, fp), len);
		fclose(fp);
		unlink(path);
		assert_memory_equal(back, data, len);
	}
	free(data);
	free(back);
}

static void
test_basic_1k(void **state)
{
	basic(8192, "-b 1024");
}

static void
test_basic_2k(void **state)
{
	basic(16384, "-b 2048");
}

static void
test_basic_4k(void **state)
{
	basic(32768, "-b 4096");
}

static void
test_basic_rev0(void **state)
{
	basic(8192, "-b 1024 -r 0");
}

static void
test_basic_128_inodes(void **state)
{
	basic(8192, "-b 1024 -I 128 -O ^dir_index,^resize_inode,^ext_attr");
}

/* Files mke2fs -d put there read back as they are. */
static void
test_read_mkfs_tree(void **state)
{
	char dir[64], cmd[256];
	size_t len = 70000;
	uint8_t *data = pattern(len, 9), *back = malloc(len + 10);
	uint32_t d, f, l;
	char target[200];
	struct e2_dev dv;
	FILE *fp;

	snprintf(dir, sizeof(dir), "/tmp/ext2tree.%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf %s && mkdir -p %s/a/b", dir, dir);
	assert_int_equal(img_sh("%s", cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/a/b/data", dir);
	fp = fopen(cmd, "wb");
	fwrite(data, 1, len, fp);
	fclose(fp);
	assert_int_equal(img_sh("ln -s b/data %s/a/short && ln -s %0150d %s/a/long", dir, 0, dir),
	    0);
	snprintf(cmd, sizeof(cmd), "-b 1024 -d %s", dir);
	assert_int_equal(img_make(&im, 4096, cmd), 0);
	img_sh("rm -rf %s", dir);
	dv = img_dev(&im);
	assert_int_equal(e2_mount(&fs, &dv, 1, true), 0);
	assert_true(fs.f_ro);
	assert_int_equal(e2_lookup(&fs, E2_ROOT_INO, "a", &d), 0);
	assert_int_equal(e2_lookup(&fs, d, "b", &f), 0);
	assert_int_equal(e2_lookup(&fs, f, "data", &f), 0);
	assert_int_equal(rd(f, 0, back, len + 10), (int64_t)len);
	assert_memory_equal(back, data, len);
	assert_int_equal(rd(f, 1000, back, 10), 10);
	assert_memory_equal(back, data + 1000, 10);
	assert_int_equal(e2_lookup(&fs, d, "short", &l), 0);
	assert_int_equal(e2_readlink(&fs, l, target, sizeof(target)), 6);
	assert_memory_equal(target, "b/data", 6);
	assert_int_equal(e2_lookup(&fs, d, "long", &l), 0);
	assert_int_equal(e2_readlink(&fs, l, target, sizeof(target)), 150);
	assert_int_equal(target[0], '0');
	assert_int_equal(e2_unmount(&fs), 0);
	assert_int_equal(img_fsck(&im), 0);
	free(data);
	free(back);
}

static void
test_rename(void **state)
{
	uint32_t a, b, f, g, sub, x;
	char buf[8];

	mount_new(8192, "-b 1024");
	a = mkfile(E2_ROOT_INO, "a", XS_IFDIR | 0755);
	b = mkfile(E2_ROOT_INO, "b", XS_IFDIR | 0755);
	f = mkfile(a, "f", XS_IFREG | 0644);
	g = mkfile(b, "g", XS_IFREG | 0644);
	assert_int_equal(wr(f, 0, "FFFF", 4), 4);
	assert_int_equal(wr(g, 0, "GGGG", 4), 4);
	/* Over an existing file, across directories: g is gone. */
	assert_int_equal(e2_rename(&fs, a, "f", b, "g"), 0);
	assert_int_equal(e2_lookup(&fs, a, "f", &x), -ENOENT);
	assert_int_equal(e2_lookup(&fs, b, "g", &x), 0);
	assert_int_equal(x, f);
	assert_int_equal(rd(x, 0, buf, 4), 4);
	assert_memory_equal(buf, "FFFF", 4);
	assert_int_equal(inode(g).i_links_count, 0);
	/* A directory across directories: ".." follows, link counts too. */
	sub = mkfile(a, "sub", XS_IFDIR | 0755);
	mkfile(sub, "inner", XS_IFREG | 0644);
	assert_int_equal(inode(a).i_links_count, 3);
	assert_int_equal(e2_rename(&fs, a, "sub", b, "moved"), 0);
	assert_int_equal(inode(a).i_links_count, 2);
	assert_int_equal(inode(b).i_links_count, 3);
	assert_int_equal(e2_lookup(&fs, sub, "..", &x), 0);
	assert_int_equal(x, b);
	/* Into itself: refused. */
	assert_int_equal(e2_rename(&fs, E2_ROOT_INO, "b", sub, "loop"), -EINVAL);
	/* A directory over a non-empty one, a file over a directory. */
	mkfile(a, "full", XS_IFDIR | 0755);
	assert_int_equal(e2_rename(&fs, a, "full", b, "moved"), -ENOTEMPTY);
	assert_int_equal(e2_rename(&fs, b, "g", b, "moved"), -EISDIR);
	/* A directory over an empty one. */
	mkfile(a, "empty", XS_IFDIR | 0755);
	assert_int_equal(e2_rename(&fs, a, "full", a, "empty"), 0);
	assert_int_equal(inode(a).i_links_count, 3);
	/* Within one directory, and onto itself. */
	assert_int_equal(e2_rename(&fs, b, "g", b, "h"), 0);
	assert_int_equal(e2_rename(&fs, b, "h", b, "h"), 0);
	finish();
	assert_int_equal(img_sh("debugfs -R 'cat /b/h' %s 2>/dev/null | grep -q FFFF", im.path), 0);
	assert_int_equal(img_sh("debugfs -R 'ls /b/moved' %s 2>/dev/null | grep -q inner", im.path),
	    0);
}

static void
test_links_symlinks(void **state)
{
	uint32_t f, l, s, x;
	char longt[300], buf[400];

	mount_new(8192, "-b 1024");
	f = mkfile(E2_ROOT_INO, "f", XS_IFREG | 0644);
	assert_int_equal(e2_link(&fs, E2_ROOT_INO, "f2", f), 0);
	assert_int_equal(e2_link(&fs, E2_ROOT_INO, "f2", f), -EEXIST);
	assert_int_equal(e2_link(&fs, E2_ROOT_INO, "d", E2_ROOT_INO), -EPERM);
	assert_int_equal(inode(f).i_links_count, 2);
	assert_int_equal(e2_unlink(&fs, E2_ROOT_INO, "f", false), 0);
	assert_int_equal(inode(f).i_links_count, 1);
	assert_int_equal(e2_symlink(&fs, E2_ROOT_INO, "fast", "f2", 0, 0, &l), 0);
	assert_true(e2_fast_symlink(&(struct e2_inode){ 0 }) == false);
	assert_int_equal(inode(l).i_blocks, 0);
	assert_int_equal(e2_readlink(&fs, l, buf, sizeof(buf)), 2);
	memset(longt, 'x', sizeof(longt));
	longt[sizeof(longt) - 1] = '\0';
	assert_int_equal(e2_symlink(&fs, E2_ROOT_INO, "slow", longt, 0, 0, &s), 0);
	assert_int_not_equal(inode(s).i_blocks, 0);
	assert_int_equal(e2_readlink(&fs, s, buf, sizeof(buf)), 299);
	assert_memory_equal(buf, longt, 299);
	/* 59 bytes is fast, 60 is slow. */
	longt[59] = '\0';
	assert_int_equal(e2_symlink(&fs, E2_ROOT_INO, "s59", longt, 0, 0, &x), 0);
	assert_int_equal(inode(x).i_blocks, 0);
	longt[59] = 'x';
	longt[60] = '\0';
	assert_int_equal(e2_symlink(&fs, E2_ROOT_INO, "s60", longt, 0, 0, &x), 0);
	assert_int_not_equal(inode(x).i_blocks, 0);
	assert_int_equal(e2_readlink(&fs, f, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(e2_unlink(&fs, E2_ROOT_INO, "slow", false), 0);
	finish();
	assert_int_equal(img_sh("debugfs -R 'stat /fast' %s 2>/dev/null | grep -q 'Fast link dest: "
	                        "\"f2\"'",
	                     im.path),
	    0);
}

static void
test_truncate_sparse(void **state)
{
	uint8_t *data = pattern(50000, 3), buf[5000];
	uint32_t f;
	struct e2_inode in;
	struct fs_attr a = { 0 };

	mount_new(8192, "-b 1024");
	f = mkfile(E2_ROOT_INO, "f", XS_IFREG | 0644);
	assert_int_equal(wr(f, 0, data, 50000), 50000);
	a.fa_size = 10001;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_SIZE, &a), 0);
	in = inode(f);
	assert_int_equal(e2_size(&in), 10001);
	assert_int_equal(in.i_blocks, 10 * 2); /* ceil(10001 / 1024) */
	/* Extend: the old tail reads as zeros, not as the old bytes. */
	a.fa_size = 30000;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_SIZE, &a), 0);
	assert_int_equal(rd(f, 10000, buf, 2000), 2000);
	assert_int_equal(buf[0], data[10000]);
	for (int i = 1; i < 2000; i++) {
		assert_int_equal(buf[i], 0);
	}
	/* A hole in the middle. */
	assert_int_equal(wr(f, 200000, "end", 3), 3);
	assert_int_equal(rd(f, 100000, buf, 5000), 5000);
	for (int i = 0; i < 5000; i++) {
		assert_int_equal(buf[i], 0);
	}
	assert_int_equal(rd(f, 200000, buf, 100), 3);
	a.fa_size = 0;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_SIZE, &a), 0);
	assert_int_equal(inode(f).i_blocks, 0);
	a.fa_mode = 0600;
	a.fa_uid = 70000;
	a.fa_mtime_ns = 1234567890000000000ll;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_MODE | FS_SET_UID | FS_SET_MTIME, &a), 0);
	in = inode(f);
	assert_int_equal(in.i_mode, XS_IFREG | 0600);
	assert_int_equal(in.i_uid | in.i_uid_high << 16, 70000);
	assert_int_equal(in.i_mtime, 1234567890);
	free(data);
	finish();
}

/* A write at 5 GiB on 1 KiB blocks: triple indirect, i_size_high. */
static void
test_triple_and_large(void **state)
{
	uint64_t off = 5ull << 30;
	uint32_t f;
	char buf[16];
	struct fs_attr a = { 0 };

	mount_new(8192, "-b 1024 -O ^large_file");
	f = mkfile(E2_ROOT_INO, "big", XS_IFREG | 0644);
	assert_int_equal(wr(f, off, "hello, far away", 15), 15);
	assert_int_equal(wr(f, 70000 * 1024ull, "double", 6), 6);
	assert_int_equal(inode(f).i_size_high, 1);
	assert_true((fs.f_sb.s_feature_ro_compat & E2_RO_COMPAT_LARGE_FILE) != 0);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(rd(f, off, buf, 100), 15);
	assert_string_equal(buf, "hello, far away");
	assert_int_equal(rd(f, off - 8, buf, 8), 8);
	assert_int_equal(buf[0], 0);
	assert_int_equal(wr(f, 20ull << 30, "x", 1), -EFBIG);
	assert_int_equal(e2_sync(&fs, true), 0);
	assert_int_equal(img_fsck(&im), 0);
	a.fa_size = 13 * 1024;
	assert_int_equal(e2_setattr(&fs, f, FS_SET_SIZE, &a), 0);
	assert_int_equal(inode(f).i_blocks, 0);
	assert_int_equal(wr(f, off, "again", 5), 5);
	finish();
	assert_int_equal(img_sh("debugfs -R 'stat /big' %s 2>/dev/null | grep -q 'Size: "
	                        "5368709125'",
	                     im.path),
	    0);
}

static void
test_getdents(void **state)
{
	uint8_t buf[4096];
	uint64_t cookie = 0;
	int seen = 0, dirs = 0;
	int64_t n;
	uint32_t d;

	mount_new(8192, "-b 1024");
	d = mkfile(E2_ROOT_INO, "d", XS_IFDIR | 0755);
	for (int i = 0; i < 100; i++) {
		char name[32];

		snprintf(name, sizeof(name), "entry%03d", i);
		mkfile(d, name, i % 10 == 0 ? XS_IFDIR | 0755 : XS_IFREG | 0644);
	}
	while ((n = e2_getdents(&fs, d, &cookie, buf, 300)) > 0) {
		for (int64_t o = 0; o < n;) {
			struct xdirent *x = (struct xdirent *)(buf + o);

			seen++;
			dirs += x->xd_type == (XS_IFDIR >> 12);
			assert_int_equal(x->xd_ino >> 32, 7);
			o += x->xd_reclen;
		}
	}
	assert_int_equal(n, 0);
	assert_int_equal(seen, 102);
	assert_int_equal(dirs, 12);
	cookie = 0;
	assert_int_equal(e2_getdents(&fs, d, &cookie, buf, 8), -EINVAL);
	finish();
}

/* An unlinked file that is open lives until its last putnode. */
static void
test_open_unlinked(void **state)
{
	uint32_t f;
	uint32_t free_before;
	char buf[4];

	mount_new(8192, "-b 1024");
	free_before = fs.f_sb.s_free_inodes_count;
	f = mkfile(E2_ROOT_INO, "f", XS_IFREG | 0644);
	assert_int_equal(wr(f, 0, "data", 4), 4);
	assert_int_equal(e2_ref(&fs, f), 0);
	assert_true(e2_putnode_counts(&fs, f)); /* still named: only a count */
	assert_int_equal(e2_ref(&fs, f), 0);
	assert_int_equal(e2_unlink(&fs, E2_ROOT_INO, "f", false), 0);
	assert_true(e2_putnode_counts(&fs, f)); /* two references */
	assert_int_equal(e2_putnode(&fs, f), 0);
	assert_false(e2_putnode_counts(&fs, f)); /* the last one deletes */
	assert_int_equal(rd(f, 0, buf, 4), 4);
	assert_memory_equal(buf, "data", 4);
	assert_int_equal(fs.f_sb.s_free_inodes_count, free_before - 1);
	assert_int_equal(e2_putnode(&fs, f), 0);
	assert_int_equal(fs.f_sb.s_free_inodes_count, free_before);
	finish();
}

/* Devices, FIFOs; a full disk gives ENOSPC and stays consistent. */
static void
test_special_and_full(void **state)
{
	uint8_t *data = pattern(1 << 20, 5);
	struct fs_attr a;
	struct e2_inode in;
	uint32_t c, f;
	int64_t r;

	mount_new(2048, "-b 1024");
	c = mkfile(E2_ROOT_INO, "tty", XS_IFCHR | 0600);
	assert_int_equal(e2_create(&fs, E2_ROOT_INO, "blk", XS_IFBLK | 0600, 0, 0, XDEV_MAKE(3, 1),
	                     &f),
	    0);
	in = inode(f);
	e2_attr(&fs, f, &in, &a);
	assert_int_equal(a.fa_rdev, XDEV_MAKE(3, 1));
	mkfile(E2_ROOT_INO, "fifo", XS_IFIFO | 0600);
	(void)c;
	f = mkfile(E2_ROOT_INO, "fill", XS_IFREG | 0644);
	for (uint64_t off = 0;; off += 1 << 20) {
		r = wr(f, off, data, 1 << 20);
		if (r != 1 << 20) {
			break;
		}
	}
	assert_true(r == -ENOSPC || (r > 0 && r < (1 << 20)));
	assert_int_equal(e2_unlink(&fs, E2_ROOT_INO, "fill", false), 0);
	free(data);
	finish();
}

/* Random sequences of every operation, names drawn from a small pool so
 * that collisions, replacements and refusals happen; file contents
 * follow a model and are read back; e2fsck -fn after each round. */
#define RMAX 32768
#define RFILES 4096

static uint8_t *model[RFILES]; /* contents by inode number, RMAX bytes */
static uint64_t model_size[RFILES];

static uint32_t rseed;

static uint32_t
rnd(uint32_t n)
{
	rseed = rseed * 1103515245u + 12345u;
	return (rseed >> 8) % n;
}

/* A name of dir picked at random (not "." or ".."), or false. */
static bool
pick_name(uint32_t dir, char *name, uint32_t *ino, uint32_t *type)
{
	static uint8_t buf[8192];
	uint64_t cookie = 0;
	int64_t n = e2_getdents(&fs, dir, &cookie, buf, sizeof(buf));
	int count = 0, want;

	assert_true(n >= 0);
	for (int64_t o = 0; o < n; o += ((struct xdirent *)(buf + o))->xd_reclen) {
		count++;
	}
	if (count <= 2) {
		return false;
	}
	want = (int)rnd((uint32_t)count);
	for (int64_t o = 0; o < n; o += ((struct xdirent *)(buf + o))->xd_reclen) {
		struct xdirent *x = (struct xdirent *)(buf + o);

		if (want-- == 0) {
			if (strcmp(x->xd_name, ".") == 0 || strcmp(x->xd_name, "..") == 0) {
				return false;
			}
			strcpy(name, x->xd_name);
			*ino = (uint32_t)x->xd_ino;
			*type = (uint32_t)x->xd_type << 12;
			return true;
		}
	}
	return false;
}

static void
model_check(uint32_t ino)
{
	static uint8_t back[RMAX];
	struct e2_inode in = inode(ino);
	uint64_t size = e2_size(&in);

	if (ino >= RFILES || model[ino] == NULL) {
		return;
	}
	assert_int_equal(size, model_size[ino]);
	assert_int_equal(rd(ino, 0, back, RMAX), (int64_t)size);
	assert_memory_equal(back, model[ino], size);
}

static void
random_round(unsigned kib, const char *opts, uint32_t seed, int steps)
{
	uint32_t dirs[64] = { E2_ROOT_INO };
	int ndirs = 1, done[10] = { 0 };

	rseed = seed;
	mount_new(kib, opts);
	for (int step = 0; step < steps; step++) {
		int pick = (int)rnd((uint32_t)ndirs), r;
		uint32_t dir = dirs[pick], ino, type, to;
		char name[32], other[300];
		struct e2_inode din = inode(dir);

		/* A directory replaced by a rename is gone (its number may be
		 * a file's now): forget it. */
		if ((din.i_mode & XS_IFMT) != XS_IFDIR || din.i_links_count == 0) {
			dirs[pick] = dirs[--ndirs];
			continue;
		}

		int op = (int)rnd(10);

		snprintf(name, sizeof(name), "n%u", rnd(12));
		r = -1;
		switch (op) {
		case 0: /* create */
			r = e2_create(&fs, dir, name, XS_IFREG | 0644, 0, 0, 0, &ino);
			assert_true(r == 0 || r == -EEXIST);
			if (r == 0 && ino < RFILES) {
				free(model[ino]);
				model[ino] = calloc(1, RMAX);
				model_size[ino] = 0;
			}
			break;
		case 1: /* mkdir */
			r = e2_create(&fs, dir, name, XS_IFDIR | 0755, 0, 0, 0, &ino);
			assert_true(r == 0 || r == -EEXIST);
			if (r == 0 && ndirs < 64) {
				dirs[ndirs++] = ino;
			}
			break;
		case 2:
		case 3: /* write a range */
			if (pick_name(dir, name, &ino, &type) && type == XS_IFREG && ino < RFILES &&
			    model[ino] != NULL) {
				uint64_t off = rnd(RMAX - 1), len = 1 + rnd((uint32_t)(RMAX - off));
				uint8_t *data = pattern(len, rseed);

				assert_int_equal(wr(ino, off, data, len), (int64_t)len);
				r = 0;
				memcpy(model[ino] + off, data, len);
				if (off + len > model_size[ino]) {
					model_size[ino] = off + len;
				}
				free(data);
				model_check(ino);
			}
			break;
		case 4: /* truncate or extend */
			if (pick_name(dir, name, &ino, &type) && type == XS_IFREG && ino < RFILES &&
			    model[ino] != NULL) {
				struct fs_attr a = { .fa_size = rnd(RMAX) };

				assert_int_equal((r = e2_setattr(&fs, ino, FS_SET_SIZE, &a)), 0);
				if (a.fa_size < model_size[ino]) {
					memset(model[ino] + a.fa_size, 0,
					    model_size[ino] - a.fa_size);
				}
				model_size[ino] = a.fa_size;
				model_check(ino);
			}
			break;
		case 5: /* unlink or rmdir */
			if (pick_name(dir, name, &ino, &type)) {
				r = e2_unlink(&fs, dir, name, type == XS_IFDIR);
				assert_true(r == 0 || (type == XS_IFDIR && r == -ENOTEMPTY));
				for (int i = 0; r == 0 && type == XS_IFDIR && i < ndirs; i++) {
					if (dirs[i] == ino) {
						dirs[i] = dirs[--ndirs];
					}
				}
			}
			break;
		case 6:
		case 7: /* rename, maybe across directories, maybe over something */
			if (pick_name(dir, other, &ino, &type)) {
				to = dirs[rnd((uint32_t)ndirs)];
				r = e2_rename(&fs, dir, other, to, name);
				if (r == -ENOTDIR || r == -ENOENT) {
					continue; /* to is gone: the next step forgets it */
				}
				assert_true(r == 0 || r == -EINVAL || r == -ENOTEMPTY ||
				    r == -EISDIR || r == -ENOTDIR);
			}
			break;
		case 8: /* hard link */
			if (pick_name(dir, other, &ino, &type) && type != XS_IFDIR) {
				to = dirs[rnd((uint32_t)ndirs)];
				r = e2_link(&fs, to, name, ino);
				assert_true(
				    r == 0 || r == -EEXIST || r == -ENOTDIR || r == -ENOENT);
			}
			break;
		default: /* symlink, fast or slow */
			memset(other, 'a' + (char)rnd(26), sizeof(other));
			other[rnd(2) ? 10 : 200] = '\0';
			r = e2_symlink(&fs, dir, name, other, 0, 0, &ino);
			assert_true(r == 0 || r == -EEXIST);
			break;
		}
		done[op] += r == 0;
		if (step % 100 == 99) {
			assert_int_equal(e2_sync(&fs, true), 0);
			if (img_fsck(&im) != 0) {
				fail_msg("e2fsck found problems after step %d of seed %u", step,
				    seed);
			}
		}
	}
	/* Every kind of operation succeeded some of the time. */
	for (int i = 0; i < 10; i++) {
		if (done[i] < 3) {
			fail_msg("seed %u: operation %d succeeded only %d times", seed, i, done[i]);
		}
	}
	finish();
	for (int i = 0; i < RFILES; i++) {
		free(model[i]);
		model[i] = NULL;
	}
}

static void
test_random_1k(void **state)
{
	for (uint32_t seed = 1; seed <= 4; seed++) {
		random_round(8192, "-b 1024", seed, 1500);
		img_free(&im);
	}
}

static void
test_random_4k(void **state)
{
	for (uint32_t seed = 11; seed <= 13; seed++) {
		random_round(16384, "-b 4096", seed, 1500);
		img_free(&im);
	}
}

static void
test_random_rev0(void **state)
{
	random_round(8192, "-b 1024 -r 0", 21, 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_basic_1k, teardown),
		cmocka_unit_test_teardown(test_basic_2k, teardown),
		cmocka_unit_test_teardown(test_basic_4k, teardown),
		cmocka_unit_test_teardown(test_basic_rev0, teardown),
		cmocka_unit_test_teardown(test_basic_128_inodes, teardown),
		cmocka_unit_test_teardown(test_read_mkfs_tree, teardown),
		cmocka_unit_test_teardown(test_rename, teardown),
		cmocka_unit_test_teardown(test_links_symlinks, teardown),
		cmocka_unit_test_teardown(test_truncate_sparse, teardown),
		cmocka_unit_test_teardown(test_triple_and_large, teardown),
		cmocka_unit_test_teardown(test_getdents, teardown),
		cmocka_unit_test_teardown(test_open_unlinked, teardown),
		cmocka_unit_test_teardown(test_special_and_full, teardown),
		cmocka_unit_test_teardown(test_random_1k, teardown),
		cmocka_unit_test_teardown(test_random_4k, teardown),
		cmocka_unit_test_teardown(test_random_rev0, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
