/* unit-sources: servers/fs/devfs/nodes.c lib/libsys/xdirent.c */
/*
 * devfs's node table: the standard nodes with their types, modes and
 * device numbers, adding disk nodes (and every refusal), getdents with
 * "." and ".." in small and large buffers, attribute changes and the
 * busy check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/fs/devfs/devfs.h"

int64_t
devfs_clock_ns(void)
{
	return 42;
}

static int
setup(void **state)
{
	devfs_nodes_init();
	return 0;
}

static void
test_standard_nodes(void **state)
{
	struct devfs_node *n;
	int i;

	n = devfs_node(0);
	assert_non_null(n);
	assert_int_equal(n->dn_attr.fa_mode, XS_IFDIR | 0755);
	assert_int_equal(n->dn_attr.fa_nlink, 2);
	i = devfs_lookup("null");
	assert_true(i > 0);
	n = devfs_node((uint32_t)i);
	assert_int_equal(n->dn_attr.fa_mode, XS_IFCHR | 0666);
	assert_int_equal(n->dn_attr.fa_rdev, XDEV_MAKE(1, 3));
	assert_int_equal(n->dn_attr.fa_ino, (uint64_t)i + 1);
	assert_int_equal(n->dn_attr.fa_mtime_ns, 42);
	n = devfs_node((uint32_t)devfs_lookup("zero"));
	assert_int_equal(n->dn_attr.fa_rdev, XDEV_MAKE(1, 5));
	n = devfs_node((uint32_t)devfs_lookup("random"));
	assert_int_equal(n->dn_attr.fa_rdev, XDEV_MAKE(1, 8));
	n = devfs_node((uint32_t)devfs_lookup("console"));
	assert_int_equal(n->dn_attr.fa_mode, XS_IFCHR | 0620);
	assert_int_equal(n->dn_attr.fa_rdev, XDEV_MAKE(4, 0));
	assert_int_equal(devfs_lookup("nope"), -ENOENT);
	assert_int_equal(devfs_lookup(""), -ENOENT);
	char longname[XNAME_MAX + 2];
	memset(longname, 'a', sizeof(longname));
	longname[XNAME_MAX + 1] = '\0';
	assert_int_equal(devfs_lookup(longname), -ENAMETOOLONG);
	assert_null(devfs_node(DEVFS_NODES));
	assert_null(devfs_node(DEVFS_NODES - 1));
}

static void
test_add(void **state)
{
	uint64_t size = devfs_node(0)->dn_attr.fa_size;
	int i;

	assert_int_equal(devfs_node_add("vda", XS_IFBLK | 0660, XDEV_MAKE(8, 0)), 0);
	i = devfs_lookup("vda");
	assert_true(i > 0);
	assert_int_equal(devfs_node((uint32_t)i)->dn_attr.fa_mode, XS_IFBLK | 0660);
	assert_int_equal(devfs_node(0)->dn_attr.fa_size, size + 32);
	assert_int_equal(devfs_node_add("vda", XS_IFBLK | 0660, 0), -EEXIST);
	assert_int_equal(devfs_node_add("f", XS_IFREG | 0660, 0), -EINVAL);
	assert_int_equal(devfs_node_add("f", XS_IFCHR | 0200000, 0), -EINVAL);
	assert_int_equal(devfs_node_add("", XS_IFCHR, 0), -EINVAL);
	assert_int_equal(devfs_node_add(".", XS_IFCHR, 0), -EINVAL);
	assert_int_equal(devfs_node_add("..", XS_IFCHR, 0), -EINVAL);
	assert_int_equal(devfs_node_add("a/b", XS_IFCHR, 0), -EINVAL);
	assert_int_equal(devfs_node_add("sixteen-letters!", XS_IFCHR, 0), -EINVAL);
	assert_int_equal(devfs_node_add("fifteen-letters", XS_IFCHR, 0), 0);
	/* The table fills up. */
	char name[8];
	for (i = 0;; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		if (devfs_node_add(name, XS_IFCHR | 0600, 0) != 0) {
			break;
		}
	}
	assert_int_equal(i, DEVFS_NODES - 7);
	assert_int_equal(devfs_node_add("more", XS_IFCHR | 0600, 0), -ENOSPC);
}

/* All names from cookie 0 in calls of len bytes, joined by spaces. */
static void
list(size_t len, char *out)
{
	static uint8_t buf[4096];
	uint64_t cookie = 0;
	int64_t r;

	out[0] = '\0';
	while ((r = devfs_getdents(3, &cookie, buf, len)) > 0) {
		for (int64_t at = 0; at < r;) {
			struct xdirent d;

			memcpy(&d, buf + at, offsetof(struct xdirent, xd_name));
			assert_int_equal(d.xd_ino >> 32, 3);
			assert_int_equal(d.xd_reclen % 8, 0);
			strcat(out, (char *)buf + at + offsetof(struct xdirent, xd_name));
			strcat(out, " ");
			at += d.xd_reclen;
		}
	}
	assert_int_equal(r, 0);
}

static void
test_getdents(void **state)
{
	char names[512];
	uint64_t cookie = 0;
	uint8_t buf[8];

	list(4096, names);
	assert_string_equal(names, ". .. null zero random console ");
	list(24, names);
	assert_string_equal(names, ". .. null zero random console ");
	assert_int_equal(devfs_getdents(1, &cookie, buf, sizeof(buf)), -EINVAL);
	/* A node added later shows up after the others. */
	assert_int_equal(devfs_node_add("sda", XS_IFBLK | 0660, XDEV_MAKE(8, 16)), 0);
	list(4096, names);
	assert_string_equal(names, ". .. null zero random console sda ");
}

static void
test_setattr_busy(void **state)
{
	struct devfs_node *n = devfs_node((uint32_t)devfs_lookup("null"));
	struct fs_attr a = { .fa_mode = XS_IFDIR | 0600,
		.fa_uid = 5,
		.fa_gid = 6,
		.fa_atime_ns = 1,
		.fa_mtime_ns = 2 };

	assert_int_equal(devfs_setattr(n,
	                     FS_SET_MODE | FS_SET_UID | FS_SET_GID | FS_SET_SIZE | FS_SET_ATIME |
	                         FS_SET_MTIME,
	                     &a),
	    0);
	assert_int_equal(n->dn_attr.fa_mode, XS_IFCHR | 0600);
	assert_int_equal(n->dn_attr.fa_uid, 5);
	assert_int_equal(n->dn_attr.fa_gid, 6);
	assert_int_equal(n->dn_attr.fa_atime_ns, 1);
	assert_int_equal(n->dn_attr.fa_mtime_ns, 2);
	assert_int_equal(devfs_setattr(n, 64, &a), -EINVAL);
	assert_int_equal(devfs_setattr(devfs_node(0), FS_SET_SIZE, &a), -EISDIR);
	assert_false(devfs_busy());
	n->dn_refs = 1;
	assert_true(devfs_busy());
	n->dn_refs = 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_standard_nodes, setup),
		cmocka_unit_test_setup(test_add, setup),
		cmocka_unit_test_setup(test_getdents, setup),
		cmocka_unit_test_setup(test_setattr_busy, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
