/* unit-sources: servers/fs/devfs/nodes.c servers/fs/devfs/blkname.c lib/libsys/xdirent.c */
/*
 * devfs's node table: the standard nodes with their types, modes and
 * device numbers, adding disk nodes (and every refusal), getdents with
 * "." and ".." in small and large buffers, attribute changes and the
 * busy check; block device names (proto/blk.h) to device numbers, and
 * the names refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/blk.h>
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

/* The device number of name, which must parse. */
static uint32_t
rdev_of(const char *name)
{
	uint32_t rdev = 0xdeadbeef;

	assert_int_equal(devfs_blk_rdev(name, &rdev), 0);
	return rdev;
}

static void
test_blk_names(void **state)
{
	static const char *const bad[] = { "", "vd", "sd", "hda", "vd0", "vdA", "vdq", "sdz",
		"vda0", "vda01", "vda16", "vda99", "vda123", "vda1x", "vda-1", "vda 1", "vdaa",
		"xvda", "vda1234567890123456" };
	uint32_t rdev = 7;

	assert_int_equal(rdev_of("vda"), XDEV_MAKE(BLK_MAJOR_VIRTIO, 0));
	assert_int_equal(rdev_of("vda1"), XDEV_MAKE(BLK_MAJOR_VIRTIO, 1));
	assert_int_equal(rdev_of("vda15"), XDEV_MAKE(BLK_MAJOR_VIRTIO, 15));
	assert_int_equal(rdev_of("vdb"), XDEV_MAKE(BLK_MAJOR_VIRTIO, BLK_MINOR(1, 0)));
	assert_int_equal(rdev_of("vdb2"), XDEV_MAKE(BLK_MAJOR_VIRTIO, BLK_MINOR(1, 2)));
	assert_int_equal(rdev_of("vdp15"), XDEV_MAKE(BLK_MAJOR_VIRTIO, 255));
	assert_int_equal(rdev_of("sda"), XDEV_MAKE(BLK_MAJOR_AHCI, 0));
	assert_int_equal(rdev_of("sdc10"), XDEV_MAKE(BLK_MAJOR_AHCI, BLK_MINOR(2, 10)));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (devfs_blk_rdev(bad[i], &rdev) != -EINVAL) {
			fail_msg("\"%s\" parsed", bad[i]);
		}
	}
	assert_int_equal(rdev, 7);
	assert_int_equal(devfs_blk_rdev(NULL, &rdev), -EINVAL);
}

/* Room for four disks with their partitions besides the standard nodes. */
static void
test_blk_room(void **state)
{
	char name[8];

	for (int d = 0; d < 4; d++) {
		for (int p = 0; p < 16; p++) {
			uint32_t rdev;

			snprintf(name, sizeof(name), p == 0 ? "vd%c" : "vd%c%d", 'a' + d, p);
			assert_int_equal(devfs_blk_rdev(name, &rdev), 0);
			assert_int_equal(devfs_node_add(name, XS_IFBLK | 0660, rdev), 0);
		}
	}
	assert_int_equal(devfs_node_add("vda", XS_IFBLK | 0660, 0), -EEXIST);
	assert_int_equal(devfs_node(devfs_lookup("vdd15"))->dn_attr.fa_rdev,
	    XDEV_MAKE(BLK_MAJOR_VIRTIO, BLK_MINOR(3, 15)));
	assert_int_equal(devfs_node(devfs_lookup("vdb"))->dn_attr.fa_mode, XS_IFBLK | 0660);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_standard_nodes, setup),
		cmocka_unit_test_setup(test_add, setup),
		cmocka_unit_test_setup(test_getdents, setup),
		cmocka_unit_test_setup(test_setattr_busy, setup),
		cmocka_unit_test_setup(test_blk_names, setup),
		cmocka_unit_test_setup(test_blk_room, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
