/* unit-sources: servers/vfs/resolve.c servers/vfs/perm.c servers/vfs/mount.c */
/*
 * vfs's path resolution over a fake file system of two mounts: absolute
 * and relative paths, "." and "..", ".." out of a mount's root, symlinks
 * (relative, absolute, through a mount, loops, dangling with creation),
 * trailing slashes, permissions, ENAMETOOLONG; and the permission check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/vfs/vfs.h"

struct fnode {
	int mnt;
	uint64_t ino, parent;
	const char *name;
	uint32_t mode, uid;
	const char *target;
};

static const struct fnode fs[] = {
	{ 0, 1, 0, "", XS_IFDIR | 0755, 0, NULL },
	{ 0, 2, 1, "etc", XS_IFDIR | 0755, 0, NULL },
	{ 0, 3, 2, "fstab", XS_IFREG | 0644, 0, NULL },
	{ 0, 4, 1, "tmp", XS_IFDIR | 0755, 0, NULL },
	{ 0, 5, 1, "secret", XS_IFDIR | 0700, 0, NULL },
	{ 0, 6, 1, "lnk", XS_IFLNK | 0777, 0, "etc" },
	{ 0, 7, 1, "loop", XS_IFLNK | 0777, 0, "loop" },
	{ 0, 8, 1, "abs", XS_IFLNK | 0777, 0, "/etc/fstab" },
	{ 0, 9, 1, "dangling", XS_IFLNK | 0777, 0, "nothere" },
	{ 1, 1, 0, "", XS_IFDIR | 01777, 0, NULL },
	{ 1, 2, 1, "a", XS_IFDIR | 0755, 1000, NULL },
	{ 1, 3, 2, "up", XS_IFLNK | 0777, 1000, "../../etc" },
};
#define NFS (sizeof(fs) / sizeof(fs[0]))
static int lookups;

static void
fill(const struct fnode *f, struct vfs_node *out)
{
	memset(out, 0, sizeof(*out));
	out->vn_mnt = f->mnt;
	out->vn_ino = f->ino;
	out->vn_attr.fa_ino = f->ino;
	out->vn_attr.fa_mode = f->mode;
	out->vn_attr.fa_uid = f->uid;
	out->vn_attr.fa_size = f->target != NULL ? strlen(f->target) : 0;
}

static int
f_lookup(const struct vfs_node *dir, const char *name, struct vfs_node *out)
{
	lookups++;
	assert_true(strcmp(name, ".") != 0 && strcmp(name, "..") != 0);
	for (size_t i = 0; i < NFS; i++) {
		if (fs[i].mnt == dir->vn_mnt && fs[i].parent == dir->vn_ino &&
		    strcmp(fs[i].name, name) == 0 && fs[i].ino != 1) {
			fill(&fs[i], out);
			return 0;
		}
	}
	return -ENOENT;
}

static int
f_readlink(const struct vfs_node *n, char *buf, size_t len)
{
	for (size_t i = 0; i < NFS; i++) {
		if (fs[i].mnt == n->vn_mnt && fs[i].ino == n->vn_ino && fs[i].target != NULL) {
			size_t l = strlen(fs[i].target);

			memcpy(buf, fs[i].target, l < len ? l : len);
			return (int)(l < len ? l : len);
		}
	}
	return -EINVAL;
}

static int
f_covered(const struct vfs_node *n, struct vfs_node *out)
{
	int m = vfs_mount_on(n->vn_mnt, n->vn_ino);

	if (m < 0) {
		return -ENOENT;
	}
	for (size_t i = 0; i < NFS; i++) {
		if (fs[i].mnt == m && fs[i].ino == vfs_mounts[m].m_root) {
			fill(&fs[i], out);
			return 0;
		}
	}
	return -EIO;
}

static int
f_root(struct vfs_node *out)
{
	fill(&fs[0], out);
	return 0;
}

static const struct vfs_resolve_ops ops = { f_lookup, f_readlink, f_covered, f_root };
static struct vfs_res res;

static int
setup(void **state)
{
	memset(vfs_mounts, 0, sizeof(vfs_mounts));
	vfs_mounts[0] = (struct vmount){ .m_used = true, .m_parent = -1, .m_root = 1 };
	vfs_mounts[1] =
	    (struct vmount){ .m_used = true, .m_parent = 0, .m_covered = 4, .m_root = 1 };
	return 0;
}

static int
rsv(const char *cwd, const char *path, int flags)
{
	return vfs_resolve(&ops, 0, 0, cwd, path, flags, &res);
}

static void
test_absolute(void **state)
{
	assert_int_equal(rsv("/", "/", 0), 0);
	assert_true(res.r_found);
	assert_int_equal(res.r_node.vn_ino, 1);
	assert_string_equal(res.r_path, "/");
	assert_string_equal(res.r_name, "");
	assert_int_equal(rsv("/", "/etc/fstab", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_int_equal(res.r_dir.vn_ino, 2);
	assert_string_equal(res.r_name, "fstab");
	assert_string_equal(res.r_path, "/etc/fstab");
	assert_int_equal(rsv("/", "//etc///./fstab", 0), 0);
	assert_string_equal(res.r_path, "/etc/fstab");
	assert_int_equal(rsv("/", "/etc/../etc/fstab", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_int_equal(rsv("/", "/..", 0), 0);
	assert_string_equal(res.r_path, "/");
	assert_int_equal(rsv("/", "", 0), -ENOENT);
}

static void
test_relative(void **state)
{
	assert_int_equal(rsv("/etc", "fstab", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_int_equal(rsv("/etc", "..", 0), 0);
	assert_string_equal(res.r_path, "/");
	assert_int_equal(rsv("/tmp/a", "..", 0), 0);
	assert_int_equal(res.r_node.vn_mnt, 1);
	assert_int_equal(res.r_node.vn_ino, 1);
	assert_string_equal(res.r_path, "/tmp");
	assert_int_equal(rsv("/tmp/a", ".", 0), 0);
	assert_string_equal(res.r_path, "/tmp/a");
}

static void
test_mounts(void **state)
{
	assert_int_equal(rsv("/", "/tmp", 0), 0);
	assert_int_equal(res.r_node.vn_mnt, 1);
	assert_int_equal(res.r_node.vn_attr.fa_mode, XS_IFDIR | 01777);
	assert_int_equal(rsv("/", "/tmp/..", 0), 0);
	assert_int_equal(res.r_node.vn_mnt, 0);
	assert_int_equal(res.r_node.vn_ino, 1);
	assert_int_equal(rsv("/", "/tmp/a/../../etc", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 2);
	assert_string_equal(res.r_path, "/etc");
}

static void
test_symlinks(void **state)
{
	assert_int_equal(rsv("/", "/lnk/fstab", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_string_equal(res.r_path, "/etc/fstab");
	assert_int_equal(rsv("/", "/abs", 0), 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_int_equal(rsv("/", "/abs", VFS_R_NOFOLLOW), 0);
	assert_int_equal(res.r_node.vn_ino, 8);
	assert_int_equal(rsv("/", "/lnk/", VFS_R_NOFOLLOW), 0);
	assert_int_equal(res.r_node.vn_ino, 2);
	assert_int_equal(rsv("/", "/tmp/a/up/fstab", 0), 0);
	assert_int_equal(res.r_node.vn_mnt, 0);
	assert_int_equal(res.r_node.vn_ino, 3);
	assert_int_equal(rsv("/", "/loop", 0), -ELOOP);
	assert_int_equal(rsv("/", "/loop", VFS_R_NOFOLLOW), 0);
	assert_int_equal(rsv("/", "/loop/x", VFS_R_NOFOLLOW), -ELOOP);
	assert_int_equal(rsv("/", "/dangling", 0), -ENOENT);
	/* Creating through a dangling link makes its target. */
	assert_int_equal(rsv("/", "/dangling", VFS_R_PARENT), 0);
	assert_false(res.r_found);
	assert_string_equal(res.r_name, "nothere");
	assert_int_equal(res.r_dir.vn_ino, 1);
}

static void
test_errors(void **state)
{
	static char path[XPATH_MAX + 10];

	assert_int_equal(rsv("/", "/nope", 0), -ENOENT);
	assert_int_equal(rsv("/", "/nope/x", VFS_R_PARENT), -ENOENT);
	assert_int_equal(rsv("/", "/nope", VFS_R_PARENT), 0);
	assert_false(res.r_found);
	assert_string_equal(res.r_name, "nope");
	assert_string_equal(res.r_path, "/nope");
	assert_int_equal(rsv("/", "/etc/fstab/", 0), -ENOTDIR);
	assert_int_equal(rsv("/", "/etc/fstab/x", 0), -ENOTDIR);
	assert_int_equal(rsv("/", "/etc/fstab/.", 0), -ENOTDIR);
	assert_int_equal(vfs_resolve(&ops, 1000, 1000, "/", "/secret/x", 0, &res), -EACCES);
	assert_int_equal(vfs_resolve(&ops, 0, 0, "/", "/secret/x", 0, &res), -ENOENT);
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	assert_int_equal(rsv("/", path, 0), -ENAMETOOLONG);
	memset(path, 'b', 300);
	path[0] = '/';
	path[300] = '\0';
	assert_int_equal(rsv("/", path, 0), -ENAMETOOLONG);
	path[256] = '\0';
	assert_int_equal(rsv("/", path, 0), -ENOENT);
}

static void
test_perm(void **state)
{
	assert_true(vfs_perm(XS_IFREG | 0640, 5, 7, 5, 9, XR_OK | XW_OK));
	assert_false(vfs_perm(XS_IFREG | 0640, 5, 7, 5, 9, XX_OK));
	assert_true(vfs_perm(XS_IFREG | 0640, 5, 7, 6, 7, XR_OK));
	assert_false(vfs_perm(XS_IFREG | 0640, 5, 7, 6, 7, XW_OK));
	assert_false(vfs_perm(XS_IFREG | 0640, 5, 7, 6, 8, XR_OK));
	/* The owner's bits decide for the owner, even when others may. */
	assert_false(vfs_perm(XS_IFREG | 0077, 5, 7, 5, 7, XR_OK));
	assert_true(vfs_perm(XS_IFREG | 0000, 5, 7, 0, 0, XR_OK | XW_OK));
	assert_false(vfs_perm(XS_IFREG | 0644, 5, 7, 0, 0, XX_OK));
	assert_true(vfs_perm(XS_IFREG | 0100, 5, 7, 0, 0, XX_OK));
	assert_true(vfs_perm(XS_IFDIR | 0000, 5, 7, 0, 0, XX_OK));
	assert_true(vfs_perm(XS_IFREG | 0000, 5, 7, 9, 9, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_absolute, setup),
		cmocka_unit_test_setup(test_relative, setup),
		cmocka_unit_test_setup(test_mounts, setup),
		cmocka_unit_test_setup(test_symlinks, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test(test_perm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
