/* unit-sources: servers/fs/tmpfs/vol.c servers/fs/tmpfs/dir.c servers/fs/tmpfs/rename.c servers/fs/tmpfs/data.c lib/libsys/xdirent.c */
/*
 * tmpfs's core: mount options, files (sparse growth, truncation, the
 * size limit and ENOSPC, EFBIG), directories (link counts, getdents with
 * "." and "..", cookies that survive removals), symlinks, hard links,
 * special nodes, rename's replace rules, nodes that outlive their names
 * while referenced, attributes and timestamps, statfs, and every
 * allocation failing in turn (nothing may change, nothing may leak:
 * ASan checks the latter).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/fs/tmpfs/tmpfs.h"

static int64_t fake_now = 1000;
static int fail_after = -1; /* allocations left before one fails; -1: never */

int64_t
tmpfs_clock_ns(void)
{
	return fake_now;
}

static bool
mem_fails(void)
{
	if (fail_after < 0) {
		return false;
	}
	if (fail_after == 0) {
		return true;
	}
	fail_after--;
	return false;
}

void *
tmpfs_mem_alloc(size_t n)
{
	return mem_fails() ? NULL : calloc(1, n);
}

void *
tmpfs_mem_realloc(void *p, size_t n)
{
	return mem_fails() ? NULL : realloc(p, n);
}

void
tmpfs_mem_free(void *p)
{
	free(p);
}

static struct tmpfs_vol vol;

static int
setup(void **state)
{
	fail_after = -1;
	fake_now = 1000;
	assert_int_equal(tmpfs_vol_init(&vol, 7, 64 * 1024, 01777), 0);
	return 0;
}

static int
teardown(void **state)
{
	fail_after = -1;
	tmpfs_vol_destroy(&vol);
	return 0;
}

static struct tmpfs_node *
mk(struct tmpfs_node *dir, const char *name, uint32_t mode)
{
	struct tmpfs_node *n = NULL;

	assert_int_equal(tmpfs_create(dir, name, mode, 1, 2, 0, &n), 0);
	assert_non_null(n);
	return n;
}

static struct tmpfs_node *
get(struct tmpfs_node *dir, const char *name)
{
	struct tmpfs_node *n = NULL;

	assert_int_equal(tmpfs_lookup(dir, name, &n), 0);
	return n;
}

static void
test_opts(void **state)
{
	uint64_t size = 0;
	uint32_t mode = 0;

	assert_int_equal(tmpfs_opts_parse("", &size, &mode), 0);
	assert_int_equal(size, 8u << 20);
	assert_int_equal(mode, 01777);
	assert_int_equal(tmpfs_opts_parse("none", &size, &mode), 0);
	assert_int_equal(tmpfs_opts_parse("size=16K", &size, &mode), 0);
	assert_int_equal(size, 16384);
	assert_int_equal(tmpfs_opts_parse("size=3M,mode=755", &size, &mode), 0);
	assert_int_equal(size, 3u << 20);
	assert_int_equal(mode, 0755);
	assert_int_equal(tmpfs_opts_parse("none,size=1g", &size, &mode), 0);
	assert_int_equal(size, 1u << 30);
	assert_int_equal(tmpfs_opts_parse("size=8192", &size, &mode), 0);
	assert_int_equal(size, 8192);
	assert_int_equal(tmpfs_opts_parse("size=", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("size=1X", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("size=1KK", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("size=100", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("size=99999999999999999999", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("size=2048G", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("mode=8", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("mode=", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("mode=177777", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("mode=17777", &size, &mode), -EINVAL);
	assert_int_equal(tmpfs_opts_parse("color=red", &size, &mode), -EINVAL);
	struct tmpfs_vol v;
	assert_int_equal(tmpfs_vol_init(&v, 0, 8192, 0755), -EINVAL);
	assert_int_equal(tmpfs_vol_init(&v, 1, 100, 0755), -EINVAL);
}

static void
test_root(void **state)
{
	struct tmpfs_node *root = vol.v_root;

	assert_int_equal(root->n_attr.fa_mode, XS_IFDIR | 01777);
	assert_int_equal(root->n_attr.fa_nlink, 2);
	assert_int_equal(root->n_attr.fa_ino, (7ull << 32) | 1);
	assert_ptr_equal(tmpfs_node_get(&vol, root->n_attr.fa_ino), root);
	assert_null(tmpfs_node_get(&vol, (8ull << 32) | 1));
	assert_null(tmpfs_node_get(&vol, 7ull << 32));
	assert_null(tmpfs_node_get(&vol, (7ull << 32) | 2));
	assert_null(tmpfs_node_get(&vol, (7ull << 32) | 100000));
	assert_ptr_equal(get(root, "."), root);
	assert_ptr_equal(get(root, ".."), root);
}

static void
test_file_rw(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "f", XS_IFREG | 0644);
	char buf[64];

	assert_int_equal(f->n_attr.fa_nlink, 1);
	assert_int_equal(f->n_attr.fa_uid, 1);
	assert_int_equal(f->n_attr.fa_gid, 2);
	assert_int_equal(tmpfs_write(f, 0, "hello", 5), 5);
	assert_int_equal(f->n_attr.fa_size, 5);
	assert_int_equal(f->n_attr.fa_blocks, 8);
	assert_int_equal(tmpfs_read(f, 0, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(tmpfs_read(f, 2, buf, 2), 2);
	assert_memory_equal(buf, "ll", 2);
	assert_int_equal(tmpfs_read(f, 5, buf, 10), 0);
	assert_int_equal(tmpfs_read(f, 500, buf, 10), 0);
	assert_int_equal(tmpfs_write(f, 3, "", 0), 0);
	/* Across a block boundary. */
	assert_int_equal(tmpfs_write(f, 4094, "abcd", 4), 4);
	assert_int_equal(f->n_attr.fa_size, 4098);
	assert_int_equal(tmpfs_read(f, 4093, buf, 10), 5);
	assert_memory_equal(buf, "\0abcd", 5);
	assert_int_equal(f->n_attr.fa_blocks, 16);
}

static void
test_sparse(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "s", XS_IFREG | 0644);
	char buf[16];
	uint64_t used = vol.v_used;

	assert_int_equal(tmpfs_write(f, 5 * TMPFS_BLOCK + 1, "x", 1), 1);
	assert_int_equal(f->n_attr.fa_size, 5 * TMPFS_BLOCK + 2);
	/* One data block and one page of block array. */
	assert_int_equal(vol.v_used - used, 2 * TMPFS_BLOCK);
	assert_int_equal(f->n_attr.fa_blocks, 8);
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(tmpfs_read(f, 100, buf, sizeof(buf)), sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++) {
		assert_int_equal(buf[i], 0);
	}
	assert_int_equal(tmpfs_read(f, 5 * TMPFS_BLOCK, buf, 4), 2);
	assert_memory_equal(buf, "\0x", 2);
	/* Growth by truncation is a hole too. */
	assert_int_equal(tmpfs_truncate(f, 1 << 20), 0);
	assert_int_equal(f->n_attr.fa_size, 1 << 20);
	assert_int_equal(vol.v_used - used, 2 * TMPFS_BLOCK);
	assert_int_equal(tmpfs_read(f, (1 << 20) - 4, buf, 8), 4);
	assert_memory_equal(buf, "\0\0\0\0", 4);
	/* Too far out for the block array: ENOSPC; past the maximum: EFBIG. */
	assert_int_equal(tmpfs_write(f, 1ull << 30, "x", 1), -ENOSPC);
	assert_int_equal(tmpfs_write(f, TMPFS_FILE_MAX, "x", 1), -EFBIG);
	assert_int_equal(tmpfs_truncate(f, TMPFS_FILE_MAX + 1), -EFBIG);
	assert_int_equal(tmpfs_truncate(f, TMPFS_FILE_MAX), 0);
	assert_int_equal(f->n_attr.fa_size, TMPFS_FILE_MAX);
	assert_int_equal(tmpfs_write(f, TMPFS_FILE_MAX - 1, "xy", 2), -ENOSPC);
}

/* tmpfs_map: the pieces of a range as they lie in memory, for copies
 * straight from and into the blocks. */
static void
test_map(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "m", XS_IFREG | 0644);
	struct tmpfs_piece p[4];
	size_t covered;
	int np;

	/* Writing maps fresh blocks; the size grows only when told. */
	np = tmpfs_map(f, TMPFS_BLOCK - 2, 4, true, p, 4, &covered);
	assert_int_equal(np, 2);
	assert_int_equal(covered, 4);
	assert_int_equal(p[0].tp_len, 2);
	assert_int_equal(p[1].tp_len, 2);
	assert_int_equal(f->n_attr.fa_size, 0);
	memcpy(p[0].tp_addr, "ab", 2);
	memcpy(p[1].tp_addr, "cd", 2);
	tmpfs_wrote(f, TMPFS_BLOCK - 2, 4);
	assert_int_equal(f->n_attr.fa_size, TMPFS_BLOCK + 2);
	/* Reading stops at the end of the file and sees what was written. */
	np = tmpfs_map(f, TMPFS_BLOCK - 2, 100, false, p, 4, &covered);
	assert_int_equal(np, 2);
	assert_int_equal(covered, 4);
	assert_memory_equal(p[0].tp_addr, "ab", 2);
	assert_memory_equal(p[1].tp_addr, "cd", 2);
	assert_int_equal(tmpfs_map(f, TMPFS_BLOCK + 2, 8, false, p, 4, &covered), 0);
	assert_int_equal(covered, 0);
	/* A hole reads as zeros; at most max pieces. */
	assert_int_equal(tmpfs_truncate(f, 8 * TMPFS_BLOCK), 0);
	np = tmpfs_map(f, 3 * TMPFS_BLOCK, 5 * TMPFS_BLOCK, false, p, 4, &covered);
	assert_int_equal(np, 4);
	assert_int_equal(covered, 4 * TMPFS_BLOCK);
	for (size_t i = 0; i < TMPFS_BLOCK; i++) {
		assert_int_equal(((const uint8_t *)p[0].tp_addr)[i], 0);
	}
	/* Past the largest file: EFBIG; a directory: EISDIR. */
	assert_int_equal(tmpfs_map(f, TMPFS_FILE_MAX, 1, true, p, 4, &covered), -EFBIG);
	assert_true(tmpfs_map(vol.v_root, 0, 1, false, p, 4, &covered) < 0);
}

static void
test_truncate(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "t", XS_IFREG | 0644);
	uint64_t used = vol.v_used;
	char data[3 * TMPFS_BLOCK], buf[8];

	memset(data, 'a', sizeof(data));
	assert_int_equal(tmpfs_write(f, 0, data, sizeof(data)), sizeof(data));
	assert_int_equal(vol.v_used - used, 4 * TMPFS_BLOCK);
	fake_now = 2000;
	assert_int_equal(tmpfs_truncate(f, TMPFS_BLOCK + 10), 0);
	assert_int_equal(f->n_attr.fa_mtime_ns, 2000);
	assert_int_equal(f->n_attr.fa_ctime_ns, 2000);
	assert_int_equal(vol.v_used - used, 3 * TMPFS_BLOCK);
	assert_int_equal(f->n_attr.fa_blocks, 16);
	/* Growing again shows zeros past the old end, not the old bytes. */
	assert_int_equal(tmpfs_truncate(f, 3 * TMPFS_BLOCK), 0);
	assert_int_equal(tmpfs_read(f, TMPFS_BLOCK + 8, buf, 4), 4);
	assert_memory_equal(buf, "aa\0\0", 4);
	assert_int_equal(tmpfs_read(f, 2 * TMPFS_BLOCK + 8, buf, 4), 4);
	assert_memory_equal(buf, "\0\0\0\0", 4);
	assert_int_equal(tmpfs_truncate(f, 0), 0);
	assert_int_equal(f->n_attr.fa_size, 0);
	assert_int_equal(f->n_attr.fa_blocks, 0);
	assert_int_equal(vol.v_used, used);
	/* Not files. */
	assert_int_equal(tmpfs_truncate(vol.v_root, 0), -EISDIR);
	assert_int_equal(tmpfs_read(vol.v_root, 0, buf, 1), -EISDIR);
	assert_int_equal(tmpfs_write(vol.v_root, 0, buf, 1), -EISDIR);
	struct tmpfs_node *p = mk(vol.v_root, "p", XS_IFIFO | 0644);
	assert_int_equal(tmpfs_truncate(p, 0), -EINVAL);
	assert_int_equal(tmpfs_read(p, 0, buf, 1), -EINVAL);
	assert_int_equal(tmpfs_write(p, 0, buf, 1), -EINVAL);
}

static void
test_enospc(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "big", XS_IFREG | 0644);
	static char data[128 * 1024];
	struct xstatfs sf;
	int64_t r;

	tmpfs_statfs(&vol, &sf);
	assert_string_equal(sf.sf_type, "tmpfs");
	assert_int_equal(sf.sf_bsize, TMPFS_BLOCK);
	assert_int_equal(sf.sf_blocks, 16);
	assert_int_equal(sf.sf_bfree, 16);
	assert_int_equal(sf.sf_files, 64);
	assert_int_equal(sf.sf_ffree, 62);
	memset(data, 'q', sizeof(data));
	/* 16 pages: one for the array, 15 for data; the write stops there. */
	r = tmpfs_write(f, 0, data, sizeof(data));
	assert_int_equal(r, 15 * TMPFS_BLOCK);
	assert_int_equal(f->n_attr.fa_size, 15 * TMPFS_BLOCK);
	assert_int_equal(tmpfs_write(f, r, data, 1), -ENOSPC);
	assert_int_equal(tmpfs_write(f, 0, "rewrite", 7), 7);
	tmpfs_statfs(&vol, &sf);
	assert_int_equal(sf.sf_bfree, 0);
	/* Another file has no room either; freeing makes room. */
	struct tmpfs_node *g = mk(vol.v_root, "g", XS_IFREG | 0644);
	assert_int_equal(tmpfs_write(g, 0, data, 1), -ENOSPC);
	assert_int_equal(tmpfs_unlink(vol.v_root, "big"), 0);
	assert_int_equal(vol.v_used, 0);
	assert_int_equal(tmpfs_write(g, 0, data, 1), 1);
}

static void
test_too_many_files(void **state)
{
	char name[16];
	struct tmpfs_node *n;
	int i;

	for (i = 0; i < 63; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		mk(vol.v_root, name, XS_IFREG | 0600);
	}
	assert_int_equal(tmpfs_create(vol.v_root, "more", XS_IFREG | 0600, 0, 0, 0, &n), -ENOSPC);
	assert_int_equal(tmpfs_symlink(vol.v_root, "more", "x", 0, 0, &n), -ENOSPC);
	assert_int_equal(tmpfs_unlink(vol.v_root, "f3"), 0);
	mk(vol.v_root, "more", XS_IFREG | 0600);
}

static void
test_create_errors(void **state)
{
	struct tmpfs_node *root = vol.v_root, *n, *f;
	char longname[XNAME_MAX + 2];

	f = mk(root, "f", XS_IFREG | 0644);
	assert_int_equal(tmpfs_create(root, "f", XS_IFREG | 0644, 0, 0, 0, &n), -EEXIST);
	assert_int_equal(tmpfs_create(root, "f", XS_IFDIR | 0755, 0, 0, 0, &n), -EEXIST);
	assert_int_equal(tmpfs_create(f, "x", XS_IFREG | 0644, 0, 0, 0, &n), -ENOTDIR);
	assert_int_equal(tmpfs_create(root, "", XS_IFREG, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, ".", XS_IFREG, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, "..", XS_IFREG, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, "a/b", XS_IFREG, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, "l", XS_IFLNK | 0777, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, "z", 0644, 0, 0, 0, &n), -EINVAL);
	assert_int_equal(tmpfs_create(root, "z", XS_IFREG | 0200000, 0, 0, 0, &n), -EINVAL);
	memset(longname, 'n', sizeof(longname));
	longname[XNAME_MAX + 1] = '\0';
	assert_int_equal(tmpfs_create(root, longname, XS_IFREG, 0, 0, 0, &n), -ENAMETOOLONG);
	assert_int_equal(tmpfs_lookup(root, longname, &n), -ENAMETOOLONG);
	longname[XNAME_MAX] = '\0';
	mk(root, longname, XS_IFREG | 0644);
	assert_ptr_not_equal(get(root, longname), NULL);
	assert_int_equal(tmpfs_lookup(root, "nope", &n), -ENOENT);
	assert_int_equal(tmpfs_lookup(f, "x", &n), -ENOTDIR);
	assert_int_equal(root->n_dir.d_count, 2);
}

static void
test_special_nodes(void **state)
{
	struct tmpfs_node *root = vol.v_root;
	struct tmpfs_node *c, *b, *p, *s;

	assert_int_equal(tmpfs_create(root, "c", XS_IFCHR | 0620, 0, 0, XDEV_MAKE(4, 0), &c), 0);
	assert_int_equal(c->n_attr.fa_rdev, XDEV_MAKE(4, 0));
	assert_int_equal(tmpfs_create(root, "b", XS_IFBLK | 0660, 0, 0, XDEV_MAKE(8, 1), &b), 0);
	assert_int_equal(b->n_attr.fa_rdev, XDEV_MAKE(8, 1));
	assert_int_equal(tmpfs_create(root, "p", XS_IFIFO | 0600, 0, 0, 99, &p), 0);
	assert_int_equal(p->n_attr.fa_rdev, 0);
	assert_int_equal(tmpfs_create(root, "s", XS_IFSOCK | 0600, 0, 0, 0, &s), 0);
	assert_int_equal(s->n_attr.fa_mode, XS_IFSOCK | 0600);
	assert_int_equal(tmpfs_unlink(root, "c"), 0);
	assert_int_equal(tmpfs_unlink(root, "b"), 0);
}

static void
test_dirs(void **state)
{
	struct tmpfs_node *root = vol.v_root, *a, *b, *n;

	a = mk(root, "a", XS_IFDIR | 0755);
	assert_int_equal(a->n_attr.fa_nlink, 2);
	assert_int_equal(root->n_attr.fa_nlink, 3);
	b = mk(a, "b", XS_IFDIR | 0755);
	assert_int_equal(a->n_attr.fa_nlink, 3);
	assert_ptr_equal(get(b, ".."), a);
	assert_ptr_equal(get(a, ".."), root);
	mk(a, "f", XS_IFREG | 0644);
	assert_int_equal(a->n_attr.fa_nlink, 3);
	assert_int_equal(tmpfs_rmdir(root, "a"), -ENOTEMPTY);
	assert_int_equal(tmpfs_unlink(root, "a"), -EISDIR);
	assert_int_equal(tmpfs_rmdir(a, "f"), -ENOTDIR);
	assert_int_equal(tmpfs_rmdir(a, "nope"), -ENOENT);
	assert_int_equal(tmpfs_rmdir(a, "."), -EINVAL);
	assert_int_equal(tmpfs_unlink(a, ".."), -EINVAL);
	assert_int_equal(tmpfs_unlink(get(a, "f"), "x"), -ENOTDIR);
	assert_int_equal(tmpfs_rmdir(get(a, "f"), "x"), -ENOTDIR);
	assert_int_equal(tmpfs_unlink(a, "f"), 0);
	assert_int_equal(tmpfs_unlink(a, "f"), -ENOENT);
	/* A removed directory still referenced takes no new names. */
	assert_int_equal(tmpfs_ref(b), 0);
	assert_int_equal(tmpfs_rmdir(a, "b"), 0);
	assert_int_equal(a->n_attr.fa_nlink, 2);
	assert_int_equal(b->n_attr.fa_nlink, 0);
	assert_int_equal(tmpfs_create(b, "x", XS_IFREG | 0644, 0, 0, 0, &n), -ENOENT);
	assert_int_equal(tmpfs_symlink(b, "x", "y", 0, 0, &n), -ENOENT);
	assert_int_equal(tmpfs_putnode(b), 0);
	assert_int_equal(tmpfs_rmdir(root, "a"), 0);
	assert_int_equal(root->n_attr.fa_nlink, 2);
	assert_int_equal(root->n_dir.d_count, 0);
	assert_int_equal(vol.v_files, 1);
}

/* The names getdents gives from cookie on, in one call of len bytes,
 * joined by spaces. */
static int64_t
list(struct tmpfs_node *dir, uint64_t *cookie, size_t len, char *out)
{
	static uint8_t buf[4096];
	int64_t r = tmpfs_getdents(dir, cookie, buf, len);

	out[0] = '\0';
	for (int64_t at = 0; at < r;) {
		struct xdirent d;

		memcpy(&d, buf + at, offsetof(struct xdirent, xd_name));
		assert_int_equal(d.xd_reclen % 8, 0);
		assert_true(d.xd_reclen >= offsetof(struct xdirent, xd_name) + 2);
		strcat(out, (char *)buf + at + offsetof(struct xdirent, xd_name));
		strcat(out, d.xd_type == (XS_IFDIR >> 12) ? "/ " : " ");
		at += d.xd_reclen;
	}
	return r;
}

static void
test_getdents(void **state)
{
	struct tmpfs_node *root = vol.v_root, *d;
	uint64_t cookie = 0;
	char names[512];

	d = mk(root, "d", XS_IFDIR | 0755);
	mk(d, "one", XS_IFREG | 0644);
	mk(d, "two", XS_IFDIR | 0755);
	mk(d, "three", XS_IFREG | 0644);
	assert_true(list(d, &cookie, 4096, names) > 0);
	assert_string_equal(names, "./ ../ one two/ three ");
	assert_int_equal(list(d, &cookie, 4096, names), 0);
	/* One record at a time; removing what was listed skips nothing. */
	cookie = 0;
	assert_int_equal(list(d, &cookie, 16, names), 16);
	assert_string_equal(names, "./ ");
	assert_int_equal(list(d, &cookie, 16, names), 16);
	assert_string_equal(names, "../ ");
	assert_int_equal(list(d, &cookie, 20, names), 16);
	assert_string_equal(names, "one ");
	assert_int_equal(tmpfs_unlink(d, "one"), 0);
	assert_int_equal(list(d, &cookie, 24, names), 16);
	assert_string_equal(names, "two/ ");
	assert_int_equal(list(d, &cookie, 24, names), 24);
	assert_string_equal(names, "three ");
	assert_int_equal(list(d, &cookie, 24, names), 0);
	/* A buffer too small for the next record. */
	cookie = 2;
	assert_int_equal(list(d, &cookie, 8, names), -EINVAL);
	cookie = 0;
	assert_int_equal(list(d, &cookie, 8, names), -EINVAL);
	assert_int_equal(tmpfs_getdents(get(d, "three"), &cookie, names, 64), -ENOTDIR);
	/* ".." of the root is the root. */
	cookie = 0;
	assert_true(list(root, &cookie, 4096, names) > 0);
	assert_string_equal(names, "./ ../ d/ ");
}

static void
test_symlink(void **state)
{
	struct tmpfs_node *root = vol.v_root, *l, *n;
	char buf[16], longt[XPATH_MAX + 1];

	assert_int_equal(tmpfs_symlink(root, "l", "some/where", 3, 4, &l), 0);
	assert_int_equal(l->n_attr.fa_mode, XS_IFLNK | 0777);
	assert_int_equal(l->n_attr.fa_size, 10);
	assert_int_equal(l->n_attr.fa_nlink, 1);
	assert_int_equal(tmpfs_readlink(l, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, "some/where", 10);
	assert_int_equal(tmpfs_readlink(l, buf, 4), 4);
	assert_int_equal(tmpfs_readlink(root, buf, 4), -EINVAL);
	assert_int_equal(tmpfs_symlink(root, "l", "x", 0, 0, &n), -EEXIST);
	assert_int_equal(tmpfs_symlink(root, "e", "", 0, 0, &n), -ENOENT);
	memset(longt, 'p', sizeof(longt));
	longt[XPATH_MAX] = '\0';
	assert_int_equal(tmpfs_symlink(root, "e", longt, 0, 0, &n), -ENAMETOOLONG);
	assert_int_equal(tmpfs_symlink(l, "e", "x", 0, 0, &n), -ENOTDIR);
	assert_int_equal(tmpfs_read(l, 0, buf, 4), -EINVAL);
	assert_int_equal(tmpfs_unlink(root, "l"), 0);
}

static void
test_hard_links(void **state)
{
	struct tmpfs_node *root = vol.v_root, *d, *f;
	char buf[8];

	d = mk(root, "d", XS_IFDIR | 0755);
	f = mk(root, "f", XS_IFREG | 0644);
	assert_int_equal(tmpfs_write(f, 0, "data", 4), 4);
	fake_now = 5000;
	assert_int_equal(tmpfs_link(d, "g", f), 0);
	assert_int_equal(f->n_attr.fa_nlink, 2);
	assert_int_equal(f->n_attr.fa_ctime_ns, 5000);
	assert_int_equal(d->n_attr.fa_mtime_ns, 5000);
	assert_ptr_equal(get(d, "g"), f);
	assert_int_equal(tmpfs_link(d, "g", f), -EEXIST);
	assert_int_equal(tmpfs_link(root, "dd", d), -EPERM);
	assert_int_equal(tmpfs_link(f, "x", f), -ENOTDIR);
	assert_int_equal(tmpfs_link(root, "", f), -EINVAL);
	assert_int_equal(tmpfs_unlink(root, "f"), 0);
	assert_int_equal(f->n_attr.fa_nlink, 1);
	assert_int_equal(tmpfs_read(get(d, "g"), 0, buf, 8), 4);
	/* An open file unlinked lives on, but cannot be linked again. */
	assert_int_equal(tmpfs_ref(f), 0);
	assert_int_equal(tmpfs_unlink(d, "g"), 0);
	assert_int_equal(f->n_attr.fa_nlink, 0);
	assert_int_equal(tmpfs_link(root, "back", f), -ENOENT);
	assert_int_equal(tmpfs_write(f, 4, "more", 4), 4);
	assert_int_equal(tmpfs_read(f, 0, buf, 8), 8);
	assert_memory_equal(buf, "datamore", 8);
	assert_true(tmpfs_vol_busy(&vol));
	assert_int_equal(vol.v_files, 3);
	assert_int_equal(tmpfs_putnode(f), 0);
	assert_false(tmpfs_vol_busy(&vol));
	assert_int_equal(vol.v_files, 2);
	assert_int_equal(vol.v_used, 0);
	assert_int_equal(tmpfs_putnode(vol.v_root), -EINVAL);
	/* EMLINK. */
	f = mk(root, "m", XS_IFREG | 0644);
	f->n_attr.fa_nlink = TMPFS_LINK_MAX;
	assert_int_equal(tmpfs_link(root, "m2", f), -EMLINK);
	d->n_attr.fa_nlink = TMPFS_LINK_MAX;
	struct tmpfs_node *n;
	assert_int_equal(tmpfs_create(d, "sub", XS_IFDIR | 0755, 0, 0, 0, &n), -EMLINK);
	f->n_attr.fa_nlink = 1;
	d->n_attr.fa_nlink = 2;
}

static void
test_refs_and_busy(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "f", XS_IFREG | 0644);

	assert_int_equal(tmpfs_ref(f), 0);
	assert_int_equal(tmpfs_ref(f), 0);
	assert_int_equal(tmpfs_putnode(f), 0);
	assert_true(tmpfs_vol_busy(&vol));
	assert_int_equal(tmpfs_putnode(f), 0);
	assert_false(tmpfs_vol_busy(&vol));
	assert_int_equal(tmpfs_putnode(f), -EINVAL);
	f->n_refs = UINT32_MAX;
	assert_int_equal(tmpfs_ref(f), -EOVERFLOW);
	f->n_refs = 0;
}

static void
test_setattr(void **state)
{
	struct tmpfs_node *f = mk(vol.v_root, "f", XS_IFREG | 0644);
	struct fs_attr a = { 0 };

	a.fa_mode = XS_IFDIR | 04755;
	a.fa_uid = 10;
	a.fa_gid = 20;
	a.fa_size = 3;
	a.fa_atime_ns = 111;
	a.fa_mtime_ns = 222;
	fake_now = 3000;
	assert_int_equal(tmpfs_setattr(f, FS_SET_MODE | FS_SET_UID | FS_SET_GID, &a), 0);
	assert_int_equal(f->n_attr.fa_mode, XS_IFREG | 04755);
	assert_int_equal(f->n_attr.fa_uid, 10);
	assert_int_equal(f->n_attr.fa_gid, 20);
	assert_int_equal(f->n_attr.fa_ctime_ns, 3000);
	assert_int_equal(f->n_attr.fa_mtime_ns, 1000);
	assert_int_equal(tmpfs_setattr(f, FS_SET_SIZE | FS_SET_ATIME | FS_SET_MTIME, &a), 0);
	assert_int_equal(f->n_attr.fa_size, 3);
	assert_int_equal(f->n_attr.fa_atime_ns, 111);
	assert_int_equal(f->n_attr.fa_mtime_ns, 222);
	assert_int_equal(tmpfs_setattr(f, 64, &a), -EINVAL);
	/* A failed size changes nothing else. */
	a.fa_uid = 99;
	assert_int_equal(tmpfs_setattr(vol.v_root, FS_SET_SIZE | FS_SET_UID, &a), -EISDIR);
	assert_int_equal(vol.v_root->n_attr.fa_uid, 0);
	assert_int_equal(tmpfs_setattr(vol.v_root, FS_SET_UID, &a), 0);
	assert_int_equal(vol.v_root->n_attr.fa_uid, 99);
}

static void
test_rename_files(void **state)
{
	struct tmpfs_node *root = vol.v_root, *d, *a, *b, *n;

	d = mk(root, "d", XS_IFDIR | 0755);
	a = mk(root, "a", XS_IFREG | 0644);
	b = mk(d, "b", XS_IFREG | 0644);
	assert_int_equal(tmpfs_rename(root, "a", d, "c"), 0);
	assert_ptr_equal(get(d, "c"), a);
	assert_int_equal(tmpfs_lookup(root, "a", &n), -ENOENT);
	/* Over an existing file: the old one goes. */
	assert_int_equal(tmpfs_ref(b), 0);
	assert_int_equal(tmpfs_rename(d, "c", d, "b"), 0);
	assert_ptr_equal(get(d, "b"), a);
	assert_int_equal(tmpfs_lookup(d, "c", &n), -ENOENT);
	assert_int_equal(b->n_attr.fa_nlink, 0);
	assert_int_equal(tmpfs_putnode(b), 0);
	assert_int_equal(d->n_dir.d_count, 1);
	/* Two names of one node: nothing happens. */
	assert_int_equal(tmpfs_link(root, "h", a), 0);
	assert_int_equal(tmpfs_rename(root, "h", d, "b"), 0);
	assert_ptr_equal(get(root, "h"), a);
	assert_int_equal(a->n_attr.fa_nlink, 2);
	assert_int_equal(tmpfs_rename(root, "h", root, "h"), 0);
	/* Errors. */
	assert_int_equal(tmpfs_rename(root, "nope", root, "x"), -ENOENT);
	assert_int_equal(tmpfs_rename(root, "h", root, "d"), -EISDIR);
	assert_int_equal(tmpfs_rename(root, "h", a, "x"), -ENOTDIR);
	assert_int_equal(tmpfs_rename(a, "h", root, "x"), -ENOTDIR);
	assert_int_equal(tmpfs_rename(root, "h", root, ""), -EINVAL);
	assert_int_equal(tmpfs_rename(root, "..", root, "x"), -EINVAL);
	assert_ptr_equal(get(root, "h"), a);
}

static void
test_rename_dirs(void **state)
{
	struct tmpfs_node *root = vol.v_root, *a, *b, *c, *e, *f, *n;

	a = mk(root, "a", XS_IFDIR | 0755);
	b = mk(a, "b", XS_IFDIR | 0755);
	c = mk(root, "c", XS_IFDIR | 0755);
	f = mk(root, "f", XS_IFREG | 0644);
	assert_int_equal(root->n_attr.fa_nlink, 4);
	/* Into itself or below. */
	assert_int_equal(tmpfs_rename(root, "a", a, "x"), -EINVAL);
	assert_int_equal(tmpfs_rename(root, "a", b, "x"), -EINVAL);
	/* Directory onto file, onto a non-empty directory. */
	assert_int_equal(tmpfs_rename(root, "c", root, "f"), -ENOTDIR);
	assert_int_equal(tmpfs_rename(root, "c", root, "a"), -ENOTEMPTY);
	/* Moving b from a to c: the parents' counts and b's "..". */
	assert_int_equal(tmpfs_rename(a, "b", c, "b"), 0);
	assert_int_equal(a->n_attr.fa_nlink, 2);
	assert_int_equal(c->n_attr.fa_nlink, 3);
	assert_ptr_equal(get(b, ".."), c);
	/* Over an empty directory in another parent. */
	e = mk(a, "e", XS_IFDIR | 0755);
	assert_int_equal(a->n_attr.fa_nlink, 3);
	assert_int_equal(tmpfs_rename(c, "b", a, "e"), 0);
	assert_int_equal(a->n_attr.fa_nlink, 3);
	assert_int_equal(c->n_attr.fa_nlink, 2);
	assert_ptr_equal(get(a, "e"), b);
	assert_ptr_equal(get(b, ".."), a);
	assert_int_equal(vol.v_files, 5);
	(void)e;
	(void)f;
	/* Over an empty directory in the same parent. */
	assert_int_equal(tmpfs_rename(root, "c", root, "c2"), 0);
	mk(root, "c3", XS_IFDIR | 0755);
	assert_int_equal(root->n_attr.fa_nlink, 5);
	assert_int_equal(tmpfs_rename(root, "c2", root, "c3"), 0);
	assert_int_equal(root->n_attr.fa_nlink, 4);
	assert_int_equal(tmpfs_lookup(root, "c2", &n), -ENOENT);
	assert_ptr_equal(get(root, "c3"), c);
	/* EMLINK in a new parent that is full. */
	c->n_attr.fa_nlink = TMPFS_LINK_MAX;
	assert_int_equal(tmpfs_rename(a, "e", c, "e"), -EMLINK);
	c->n_attr.fa_nlink = 2;
	/* Into a removed directory. */
	assert_int_equal(tmpfs_ref(c), 0);
	assert_int_equal(tmpfs_rmdir(root, "c3"), 0);
	assert_int_equal(tmpfs_rename(root, "f", c, "f"), -ENOENT);
	assert_int_equal(tmpfs_putnode(c), 0);
}

static void
test_timestamps(void **state)
{
	struct tmpfs_node *root = vol.v_root, *f;
	char buf[4];

	fake_now = 10;
	f = mk(root, "f", XS_IFREG | 0644);
	assert_int_equal(f->n_attr.fa_atime_ns, 10);
	assert_int_equal(root->n_attr.fa_mtime_ns, 10);
	fake_now = 20;
	assert_int_equal(tmpfs_write(f, 0, "ab", 2), 2);
	assert_int_equal(f->n_attr.fa_mtime_ns, 20);
	assert_int_equal(f->n_attr.fa_ctime_ns, 20);
	assert_int_equal(f->n_attr.fa_atime_ns, 10);
	fake_now = 30;
	assert_int_equal(tmpfs_read(f, 0, buf, 2), 2);
	assert_int_equal(f->n_attr.fa_atime_ns, 30);
	assert_int_equal(f->n_attr.fa_mtime_ns, 20);
	fake_now = 40;
	assert_int_equal(tmpfs_rename(root, "f", root, "g"), 0);
	assert_int_equal(f->n_attr.fa_ctime_ns, 40);
	assert_int_equal(root->n_attr.fa_mtime_ns, 40);
}

/* Each allocation of op fails in turn: the op fails cleanly and the
 * volume looks the same, until one run succeeds. */
static void
test_alloc_failures(void **state)
{
	struct tmpfs_node *root = vol.v_root, *d, *f, *n;
	static char data[3 * TMPFS_BLOCK];
	int i, r;

	d = mk(root, "d", XS_IFDIR | 0755);
	f = mk(root, "f", XS_IFREG | 0644);
	for (i = 0;; i++) {
		fail_after = i;
		r = tmpfs_create(d, "n", XS_IFREG | 0644, 0, 0, 0, &n);
		fail_after = -1;
		if (r == 0) {
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_int_equal(d->n_dir.d_count, 0);
		assert_int_equal(vol.v_files, 3);
	}
	assert_true(i > 0);
	for (i = 0;; i++) {
		fail_after = i;
		r = tmpfs_symlink(d, "l", "target", 0, 0, &n);
		fail_after = -1;
		if (r == 0) {
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_int_equal(d->n_dir.d_count, 1);
	}
	fail_after = 0;
	assert_int_equal(tmpfs_link(d, "h", f), -ENOMEM);
	fail_after = 0;
	assert_int_equal(tmpfs_rename(root, "f", d, "g"), -ENOMEM);
	fail_after = -1;
	assert_int_equal(f->n_attr.fa_nlink, 1);
	assert_ptr_equal(get(root, "f"), f);
	/* Writes: the first allocation fails: nothing; a later one: a short write. */
	memset(data, 'w', sizeof(data));
	fail_after = 0;
	assert_int_equal(tmpfs_write(f, 0, data, sizeof(data)), -ENOMEM);
	assert_int_equal(vol.v_used, 0);
	assert_int_equal(f->n_attr.fa_size, 0);
	fail_after = 1;
	assert_int_equal(tmpfs_write(f, 0, data, sizeof(data)), -ENOMEM);
	assert_int_equal(vol.v_used, TMPFS_BLOCK);
	fail_after = 1; /* the array is there now: one block, not two */
	assert_int_equal(tmpfs_write(f, 0, data, sizeof(data)), TMPFS_BLOCK);
	fail_after = -1;
	assert_int_equal(f->n_attr.fa_size, TMPFS_BLOCK);
	assert_int_equal(vol.v_used, 2 * TMPFS_BLOCK);
	/* A shrink whose realloc fails keeps the larger array. */
	assert_int_equal(tmpfs_write(f, 0, data, sizeof(data)), sizeof(data));
	assert_int_equal(tmpfs_truncate(f, 2 * TMPFS_BLOCK + 10), 0);
	assert_int_equal(tmpfs_write(f, 8 * 4096, data, 1), 1);
	fail_after = 0;
	assert_int_equal(tmpfs_truncate(f, 1), 0);
	fail_after = -1;
	assert_int_equal(f->n_attr.fa_size, 1);
	assert_int_equal(tmpfs_read(f, 0, data, 2), 1);
	/* The node table cannot grow. */
	char name[8];
	for (i = 0; vol.v_files < vol.v_cap; i++) {
		snprintf(name, sizeof(name), "x%d", i);
		mk(root, name, XS_IFREG | 0644);
	}
	fail_after = 0;
	assert_int_equal(tmpfs_create(root, "y", XS_IFREG | 0644, 0, 0, 0, &n), -ENOMEM);
	fail_after = -1;
	struct tmpfs_vol v2;
	fail_after = 0;
	assert_int_equal(tmpfs_vol_init(&v2, 2, 8192, 0700), -ENOMEM);
	fail_after = 1;
	assert_int_equal(tmpfs_vol_init(&v2, 2, 8192, 0700), -ENOMEM);
	fail_after = -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts),
		cmocka_unit_test_setup_teardown(test_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_rw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_special_nodes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getdents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs_and_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setattr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timestamps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
