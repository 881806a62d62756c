/* unit-sources: servers/fs/initfs/tree.c servers/fs/initfs/node.c kernel/lib/cpio.c lib/libsys/xdirent.c */
/*
 * initfs's tree from cpio archives: implicit directories, modes (the
 * archive's, or the defaults when it has none), lookups, listings across
 * cookies, reads, and damaged archives.
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
#include "../../servers/fs/initfs/initfs.h"

static uint8_t arc[8192];
static size_t arc_len;

/* Appends one newc entry. */
static void
put(const char *name, uint32_t mode, const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = strlen(data);
	char hdr[160];

	snprintf(hdr, sizeof(hdr), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1,
	    mode, 0, 0, 1, 0, (unsigned)dlen, 0, 0, 0, 0, (unsigned)nlen, 0);
	memcpy(arc + arc_len, hdr, 110);
	arc_len += 110;
	memcpy(arc + arc_len, name, nlen);
	arc_len += nlen;
	while (arc_len % 4) {
		arc[arc_len++] = 0;
	}
	memcpy(arc + arc_len, data, dlen);
	arc_len += dlen;
	while (arc_len % 4) {
		arc[arc_len++] = 0;
	}
}

static void
build(struct initfs_tree *t, int with_modes)
{
	arc_len = 0;
	if (with_modes) {
		put("bin", XS_IFDIR | 0711, "");
	}
	put("bin/ls", XS_IFREG | (with_modes ? 0700 : 0), "ELF");
	put("etc/fstab", XS_IFREG | (with_modes ? 0640 : 0), "none /tmp tmpfs size=8M\n");
	put("etc/rc", XS_IFREG | (with_modes ? 0600 : 0), "echo hi\n");
	put("etc/link", XS_IFLNK | 0777, "fstab");
	put("a/b/c/deep", XS_IFREG | (with_modes ? 0444 : 0), "x");
	put("TRAILER!!!", 0, "");
	assert_int_equal(initfs_tree_build(t, arc, arc_len), 0);
}

static void
test_implicit_dirs(void **state)
{
	struct initfs_tree t;
	struct fs_attr a;
	int64_t etc, fstab, a1, b, c, deep;

	build(&t, 1);
	etc = initfs_lookup(&t, INITFS_ROOT_INO, "etc");
	assert_true(etc > 1);
	assert_int_equal(initfs_attr(&t, (uint64_t)etc, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFDIR | 0755);
	assert_int_equal(a.fa_uid, 0);
	fstab = initfs_lookup(&t, (uint64_t)etc, "fstab");
	assert_true(fstab > 1);
	assert_int_equal(initfs_attr(&t, (uint64_t)fstab, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFREG | 0640);
	assert_int_equal(a.fa_size, 24);
	assert_int_equal(a.fa_nlink, 1);
	a1 = initfs_lookup(&t, INITFS_ROOT_INO, "a");
	b = initfs_lookup(&t, (uint64_t)a1, "b");
	c = initfs_lookup(&t, (uint64_t)b, "c");
	deep = initfs_lookup(&t, (uint64_t)c, "deep");
	assert_true(a1 > 0 && b > 0 && c > 0 && deep > 0);
	assert_int_equal(initfs_lookup(&t, (uint64_t)deep, "x"), -ENOTDIR);
	assert_int_equal(initfs_lookup(&t, (uint64_t)etc, "nope"), -ENOENT);
	assert_int_equal(initfs_lookup(&t, 9999, "x"), -ENOENT);
	/* The root counts its subdirectories: bin, etc, a. */
	assert_int_equal(initfs_attr(&t, INITFS_ROOT_INO, &a), 0);
	assert_int_equal(a.fa_nlink, 5);
	initfs_tree_free(&t);
}

static void
test_modes(void **state)
{
	struct initfs_tree t;
	struct fs_attr a;
	int64_t bin, ls, lnk;

	build(&t, 1);
	bin = initfs_lookup(&t, INITFS_ROOT_INO, "bin");
	assert_int_equal(initfs_attr(&t, (uint64_t)bin, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFDIR | 0711);
	ls = initfs_lookup(&t, (uint64_t)bin, "ls");
	assert_int_equal(initfs_attr(&t, (uint64_t)ls, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFREG | 0700);
	lnk = initfs_lookup(&t, (uint64_t)initfs_lookup(&t, INITFS_ROOT_INO, "etc"), "link");
	assert_int_equal(initfs_attr(&t, (uint64_t)lnk, &a), 0);
	assert_int_equal(a.fa_mode & XS_IFMT, XS_IFLNK);
	initfs_tree_free(&t);

	build(&t, 0);
	bin = initfs_lookup(&t, INITFS_ROOT_INO, "bin");
	ls = initfs_lookup(&t, (uint64_t)bin, "ls");
	assert_int_equal(initfs_attr(&t, (uint64_t)ls, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFREG | 0755);
	ls = initfs_lookup(&t, (uint64_t)initfs_lookup(&t, INITFS_ROOT_INO, "etc"), "rc");
	assert_int_equal(initfs_attr(&t, (uint64_t)ls, &a), 0);
	assert_int_equal(a.fa_mode, XS_IFREG | 0644);
	initfs_tree_free(&t);
}

static void
test_read(void **state)
{
	struct initfs_tree t;
	char buf[64];
	int64_t etc, f;

	build(&t, 1);
	etc = initfs_lookup(&t, INITFS_ROOT_INO, "etc");
	f = initfs_lookup(&t, (uint64_t)etc, "fstab");
	assert_int_equal(initfs_read(&t, (uint64_t)f, 0, buf, 4), 4);
	assert_memory_equal(buf, "none", 4);
	assert_int_equal(initfs_read(&t, (uint64_t)f, 20, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "=8M\n", 4);
	assert_int_equal(initfs_read(&t, (uint64_t)f, 24, buf, sizeof(buf)), 0);
	assert_int_equal(initfs_read(&t, (uint64_t)f, 1000, buf, sizeof(buf)), 0);
	assert_int_equal(initfs_read(&t, (uint64_t)etc, 0, buf, sizeof(buf)), -EISDIR);
	initfs_tree_free(&t);
}

/* Lists etc in records of at most len bytes; returns the names seen. */
static void
list(struct initfs_tree *t, uint64_t dir, size_t len, char *names)
{
	uint8_t buf[512];
	uint64_t cookie = 0;
	int n;

	names[0] = '\0';
	while ((n = initfs_getdents(t, dir, &cookie, buf, len)) > 0) {
		for (int off = 0; off < n;) {
			struct xdirent *d = (struct xdirent *)(buf + off);

			assert_int_equal(d->xd_reclen % 8, 0);
			strcat(names, d->xd_name);
			strcat(names, " ");
			off += d->xd_reclen;
		}
	}
	assert_int_equal(n, 0);
}

static void
test_getdents(void **state)
{
	struct initfs_tree t;
	char names[256];
	uint64_t etc, cookie = 0;
	uint8_t buf[8];

	build(&t, 1);
	etc = (uint64_t)initfs_lookup(&t, INITFS_ROOT_INO, "etc");
	list(&t, etc, 512, names);
	assert_string_equal(names, ". .. fstab rc link ");
	/* One record at a time across cookies gives the same list. */
	list(&t, etc, 24, names);
	assert_string_equal(names, ". .. fstab rc link ");
	assert_int_equal(initfs_getdents(&t, etc, &cookie, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(initfs_getdents(&t, etc + 1, &cookie, buf, sizeof(buf)), -ENOTDIR);
	initfs_tree_free(&t);
}

static void
test_damaged(void **state)
{
	struct initfs_tree t;

	arc_len = 0;
	put("etc/fstab", XS_IFREG | 0644, "abc");
	put("etc/rc", XS_IFREG | 0644, "abcdefgh");
	assert_int_equal(initfs_tree_build(&t, arc, arc_len - 6), -EBADMSG);
	assert_true(
	    initfs_lookup(&t, (uint64_t)initfs_lookup(&t, INITFS_ROOT_INO, "etc"), "fstab") > 0);
	initfs_tree_free(&t);
	/* "." and odd paths are skipped, a path through a file too. */
	arc_len = 0;
	put(".", XS_IFDIR | 0755, "");
	put("f", XS_IFREG | 0644, "x");
	put("f/g", XS_IFREG | 0644, "y");
	put("a/../b", XS_IFREG | 0644, "y");
	put("TRAILER!!!", 0, "");
	assert_int_equal(initfs_tree_build(&t, arc, arc_len), 0);
	assert_int_equal(t.it_count, 2);
	initfs_tree_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_implicit_dirs),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
