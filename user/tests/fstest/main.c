/*
 * fstest: tmpfs and devfs through proto/fs.h and proto/chr.h directly,
 * as vfs uses them (boot with `run=fstest [TEST]`).  Each tmpfs test
 * mounts a volume of its own and unmounts it at the end.
 *   mount     options, the root, statfs, bad areas and options, unmount
 *   files     create, write, read, sparse growth, truncate, EEXIST, ENOENT
 *   dirs      mkdir, link counts, getdents with . and .., ENOTEMPTY, EISDIR
 *   rename    over a file, the replace rules, into itself
 *   links     hard links, symlinks, readlink
 *   unlinked  an unlinked file stays readable while referenced; EBUSY
 *   enospc    a full volume: a short write, then ENOSPC; room comes back
 *   mounts    two volumes are independent; EXDEV between them; rdonly
 *   devfs     the nodes of /dev, their types, modes and numbers
 *   chr       major 1: null, zero, random; bad minors
 *   norandom  random fails with EIO while virtio-rng is stopped
 *   restart   a crashed tmpfs comes back, empty, and serves new mounts
 * `test NAME: OK|FAILED: why` per test, then `N passed, N failed`.
 */
#include <libsys/grant.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "fstest.h"

#define EXPECT(expr, want)                                                                  \
	do {                                                                                \
		int64_t r_ = (expr), w_ = (want);                                           \
		if (r_ != w_) {                                                             \
			return testrun_why("line %d: got %ld, not %ld", __LINE__, (long)r_, \
			    (long)w_);                                                      \
		}                                                                           \
	} while (0)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			return testrun_why("line %d: %s", __LINE__, #cond); \
		}                                                           \
	} while (0)

#define WAIT_MS 5000

static struct fsconn tmp;

/* Connects to tmpfs once, then mounts a volume with these options. */
static const char *
tmp_mount(const char *opts, uint64_t *root)
{
	int64_t r;

	if (tmp.fc_name == NULL && fs_connect(&tmp, "tmpfs") != 0) {
		return "tmpfs is not in ds";
	}
	r = fs_mount(&tmp, opts, 0, root);
	return r == 0 ? NULL : testrun_why("FS_MOUNT '%s': %ld", opts, (long)r);
}

static const char *
t_mount(void)
{
	struct xstatfs sf;
	struct fs_attr a;
	uint64_t root, r2;
	const char *why = tmp_mount("none,size=64K", &root);

	if (why != NULL) {
		return why;
	}
	a = fs_win->fw_attr;
	EXPECT(a.fa_ino, root);
	EXPECT(a.fa_mode, XS_IFDIR | 01777);
	EXPECT(a.fa_nlink, 2);
	EXPECT(fs_req(&tmp, FS_STATFS, root, 0, 0, 0, NULL), 0);
	memcpy(&sf, fs_win->fw_data, sizeof(sf));
	CHECK(strcmp(sf.sf_type, "tmpfs") == 0);
	EXPECT(sf.sf_blocks, 16);
	EXPECT(sf.sf_bfree, 16);
	EXPECT(fs_mount(&tmp, "size=lots", 0, &r2), -EINVAL);
	EXPECT(fs_mount(&tmp, "colour=blue", 0, &r2), -EINVAL);
	EXPECT(fs_attach_raw(&tmp, 4096, -1), -EINVAL);
	EXPECT(fs_attach_raw(&tmp, FS_SHARED_SIZE, 9999), -ENOENT);
	EXPECT(fs_mount(&tmp, "none", 8, &r2), -EINVAL);
	EXPECT(fs_unmounted_req(&tmp, FS_GETATTR, root), -EINVAL);
	EXPECT(fs_mount(&tmp, "mode=700", 0, &r2), 0);
	EXPECT(fs_win->fw_attr.fa_mode, XS_IFDIR | 0700);
	CHECK(r2 != root);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, r2, 0, 0, 0, NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, r2, 0, 0, 0, NULL), -ENOENT);
	EXPECT(fs_req(&tmp, FS_GETATTR, root + 1, 0, 0, 0, NULL), -ENOENT);
	EXPECT(fs_req(&tmp, 0x06fe, root, 0, 0, 0, NULL), -ENOSYS);
	EXPECT(fs_req(&tmp, FS_SYNC, 0, 0, 0, 0, NULL), 0);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_files(void)
{
	uint64_t root, f, g;
	char buf[64];
	struct fs_attr a;
	const char *why = tmp_mount("size=1M", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "f", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 1);
	EXPECT(fs_create(&tmp, root, "f", XS_IFREG | 0644, &g), -EEXIST);
	EXPECT(fs_write(&tmp, f, 0, "hello, world", 12), 12);
	EXPECT(fs_win->fw_attr.fa_size, 12);
	EXPECT(fs_read(&tmp, f, 7, buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "world", 5) == 0);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "f", NULL, &g), 0);
	EXPECT(g, f);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "nope", NULL, &g), -ENOENT);
	EXPECT(fs_named(&tmp, FS_LOOKUP, f, 0, "x", NULL, &g), -ENOTDIR);
	/* Sparse growth: zeros between the old end and the new bytes. */
	EXPECT(fs_write(&tmp, f, 100000, "end", 3), 3);
	EXPECT(fs_getattr(&tmp, f, &a), 0);
	EXPECT(a.fa_size, 100003);
	EXPECT(a.fa_blocks, 16);
	memset(buf, 'x', sizeof(buf));
	EXPECT(fs_read(&tmp, f, 50000, buf, 8), 8);
	CHECK(memcmp(buf, "\0\0\0\0\0\0\0\0", 8) == 0);
	/* Truncate, then extend: the cut bytes read as zeros. */
	fs_win->fw_attr.fa_size = 5;
	EXPECT(fs_req(&tmp, FS_SETATTR, f, FS_SET_SIZE, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_size, 5);
	fs_win->fw_attr.fa_size = 10;
	fs_win->fw_attr.fa_mode = 0600;
	EXPECT(fs_req(&tmp, FS_SETATTR, f, FS_SET_SIZE | FS_SET_MODE, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_mode, XS_IFREG | 0600);
	EXPECT(fs_read(&tmp, f, 0, buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "hello\0\0\0\0\0", 10) == 0);
	EXPECT(fs_req(&tmp, FS_READ, f, 0, 0, 0, NULL), 0);
	EXPECT(fs_req(&tmp, FS_READ, root, 0, 8, 0, NULL), -EISDIR);
	/* A device node and a FIFO are just nodes. */
	strlcpy(fs_win->fw_name, "c", sizeof(fs_win->fw_name));
	EXPECT(fs_req(&tmp, FS_CREATE, root, XS_IFCHR | 0600, 5 | 6ull << 32, XDEV_MAKE(1, 3),
	           NULL),
	    0);
	EXPECT(fs_win->fw_attr.fa_rdev, XDEV_MAKE(1, 3));
	EXPECT(fs_win->fw_attr.fa_uid, 5);
	EXPECT(fs_win->fw_attr.fa_gid, 6);
	EXPECT(fs_create(&tmp, root, "p", XS_IFIFO | 0600, &g), 0);
	EXPECT(fs_create(&tmp, root, "bad", 0600, &g), -EINVAL);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_dirs(void)
{
	uint64_t root, d, s, f;
	char names[256];
	const char *why = tmp_mount("", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "d", XS_IFDIR | 0755, &d), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 2);
	EXPECT(fs_create(&tmp, d, "s", XS_IFDIR | 0755, &s), 0);
	EXPECT(fs_create(&tmp, d, "f", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_create(&tmp, d, "g", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, d, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 3);
	EXPECT(fs_req(&tmp, FS_GETATTR, root, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 3);
	EXPECT(fs_list(&tmp, d, FST_DATA_MAX, names, sizeof(names)), 0);
	CHECK(strcmp(names, ". .. s f g") == 0);
	/* Small buffers: one record per call, the same list. */
	EXPECT(fs_list(&tmp, d, 24, names, sizeof(names)), 0);
	CHECK(strcmp(names, ". .. s f g") == 0);
	EXPECT(fs_req(&tmp, FS_GETDENTS, d, 0, 4, 0, NULL), -EINVAL);
	EXPECT(fs_req(&tmp, FS_GETDENTS, f, 0, 64, 0, NULL), -ENOTDIR);
	EXPECT(fs_named(&tmp, FS_RMDIR, root, 0, "d", NULL, NULL), -ENOTEMPTY);
	EXPECT(fs_named(&tmp, FS_UNLINK, d, 0, "s", NULL, NULL), -EISDIR);
	EXPECT(fs_named(&tmp, FS_RMDIR, d, 0, "f", NULL, NULL), -ENOTDIR);
	EXPECT(fs_named(&tmp, FS_UNLINK, d, 0, "f", NULL, NULL), 0);
	EXPECT(fs_named(&tmp, FS_UNLINK, d, 0, "g", NULL, NULL), 0);
	EXPECT(fs_named(&tmp, FS_RMDIR, d, 0, "s", NULL, NULL), 0);
	EXPECT(fs_named(&tmp, FS_RMDIR, d, 0, "s", NULL, NULL), -ENOENT);
	EXPECT(fs_named(&tmp, FS_RMDIR, root, 0, "d", NULL, NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, root, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 2);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "d", NULL, &d), -ENOENT);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_rename(void)
{
	uint64_t root, a, b, d, e, x;
	char buf[8];
	const char *why = tmp_mount("", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "a", XS_IFREG | 0644, &a), 0);
	EXPECT(fs_write(&tmp, a, 0, "AAAA", 4), 4);
	EXPECT(fs_create(&tmp, root, "b", XS_IFREG | 0644, &b), 0);
	EXPECT(fs_create(&tmp, root, "d", XS_IFDIR | 0755, &d), 0);
	EXPECT(fs_create(&tmp, d, "e", XS_IFDIR | 0755, &e), 0);
	EXPECT(fs_create(&tmp, e, "x", XS_IFREG | 0644, &x), 0);
	/* Over an existing file: b now is a's node. */
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "a", "b", NULL), 0);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "b", NULL, &x), 0);
	EXPECT(x, a);
	EXPECT(fs_read(&tmp, x, 0, buf, 8), 4);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "a", NULL, &x), -ENOENT);
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "a", "c", NULL), -ENOENT);
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "b", "d", NULL), -EISDIR);
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "d", "b", NULL), -ENOTDIR);
	EXPECT(fs_create(&tmp, root, "full", XS_IFDIR | 0755, &x), 0);
	EXPECT(fs_create(&tmp, x, "y", XS_IFREG | 0644, NULL), 0);
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "d", "full", NULL), -ENOTEMPTY);
	EXPECT(fs_named(&tmp, FS_RENAME, root, e, "d", "in", NULL), -EINVAL);
	EXPECT(fs_named(&tmp, FS_RENAME, root, d, "d", "in", NULL), -EINVAL);
	/* A directory moved up: the counts follow. */
	EXPECT(fs_named(&tmp, FS_RENAME, d, root, "e", "e2", NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, d, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 2);
	EXPECT(fs_req(&tmp, FS_GETATTR, root, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 5);
	/* An empty directory replaced by a directory. */
	EXPECT(fs_named(&tmp, FS_RENAME, root, root, "e2", "d", NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, d, 0, 0, 0, NULL), -ENOENT);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "d", NULL, &x), 0);
	EXPECT(x, e);
	EXPECT(fs_named(&tmp, FS_RENAME, root, 12345, "d", "z", NULL), -ENOENT);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_links(void)
{
	uint64_t root, f, d, l;
	char target[16];
	const char *why = tmp_mount("", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "f", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_create(&tmp, root, "d", XS_IFDIR | 0755, &d), 0);
	EXPECT(fs_named(&tmp, FS_LINK, d, f, "g", NULL, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 2);
	EXPECT(fs_win->fw_attr.fa_ino, f);
	EXPECT(fs_named(&tmp, FS_LINK, d, f, "g", NULL, NULL), -EEXIST);
	EXPECT(fs_named(&tmp, FS_LINK, root, d, "dd", NULL, NULL), -EPERM);
	EXPECT(fs_named(&tmp, FS_UNLINK, root, 0, "f", NULL, NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, f, 0, 0, 0, NULL), 0);
	EXPECT(fs_win->fw_attr.fa_nlink, 1);
	EXPECT(fs_named(&tmp, FS_SYMLINK, root, 0, "l", "d/g", &l), 0);
	EXPECT(fs_win->fw_attr.fa_mode, XS_IFLNK | 0777);
	EXPECT(fs_win->fw_attr.fa_size, 3);
	EXPECT(fs_req(&tmp, FS_READLINK, l, 0, 0, 0, NULL), 3);
	memcpy(target, fs_win->fw_data, 3);
	CHECK(memcmp(target, "d/g", 3) == 0);
	EXPECT(fs_req(&tmp, FS_READLINK, f, 0, 0, 0, NULL), -EINVAL);
	EXPECT(fs_named(&tmp, FS_SYMLINK, root, 0, "l", "x", NULL), -EEXIST);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_unlinked(void)
{
	uint64_t root, f;
	char buf[8];
	const char *why = tmp_mount("", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "f", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_write(&tmp, f, 0, "kept", 4), 4);
	EXPECT(fs_req(&tmp, FS_REF, f, 0, 0, 0, NULL), 0);
	EXPECT(fs_named(&tmp, FS_UNLINK, root, 0, "f", NULL, NULL), 0);
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "f", NULL, NULL), -ENOENT);
	EXPECT(fs_read(&tmp, f, 0, buf, 8), 4);
	CHECK(memcmp(buf, "kept", 4) == 0);
	EXPECT(fs_write(&tmp, f, 4, "!", 1), 1);
	EXPECT(fs_win->fw_attr.fa_nlink, 0);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), -EBUSY);
	EXPECT(fs_req(&tmp, FS_PUTNODE, f, 0, 0, 0, NULL), 0);
	EXPECT(fs_req(&tmp, FS_GETATTR, f, 0, 0, 0, NULL), -ENOENT);
	EXPECT(fs_req(&tmp, FS_PUTNODE, root, 0, 0, 0, NULL), -EINVAL);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_enospc(void)
{
	static uint8_t data[FST_DATA_MAX];
	uint64_t root, f, g;
	struct xstatfs sf;
	int64_t r;
	const char *why = tmp_mount("size=64K", &root);

	if (why != NULL) {
		return why;
	}
	memset(data, 'z', sizeof(data));
	EXPECT(fs_create(&tmp, root, "f", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_write(&tmp, f, 0, data, sizeof(data)), sizeof(data));
	/* 16 pages: the block array takes one, 15 hold data. */
	EXPECT(fs_write(&tmp, f, sizeof(data), data, sizeof(data)), 7 * 4096);
	EXPECT(fs_write(&tmp, f, 15 * 4096, data, 1), -ENOSPC);
	EXPECT(fs_req(&tmp, FS_STATFS, root, 0, 0, 0, NULL), 0);
	memcpy(&sf, fs_win->fw_data, sizeof(sf));
	EXPECT(sf.sf_bfree, 0);
	EXPECT(fs_create(&tmp, root, "g", XS_IFREG | 0644, &g), 0);
	EXPECT(fs_write(&tmp, g, 0, data, 1), -ENOSPC);
	fs_win->fw_attr.fa_size = 4096;
	EXPECT(fs_req(&tmp, FS_SETATTR, f, FS_SET_SIZE, 0, 0, NULL), 0);
	r = fs_write(&tmp, g, 0, data, 1);
	EXPECT(r, 1);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const char *
t_mounts(void)
{
	uint64_t r1, r2, f, x;
	const char *why = tmp_mount("size=32K", &r1);

	if (why == NULL) {
		why = tmp_mount("size=32K", &r2);
	}
	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, r1, "only1", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_named(&tmp, FS_LOOKUP, r2, 0, "only1", NULL, &x), -ENOENT);
	EXPECT(fs_named(&tmp, FS_LINK, r2, f, "l", NULL, NULL), -EXDEV);
	EXPECT(fs_named(&tmp, FS_RENAME, r1, r2, "only1", "moved", NULL), -EXDEV);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, r2, 0, 0, 0, NULL), 0);
	EXPECT(fs_named(&tmp, FS_LOOKUP, r1, 0, "only1", NULL, &x), 0);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, r1, 0, 0, 0, NULL), 0);
	/* A read-only mount answers changes with EROFS. */
	EXPECT(fs_mount(&tmp, "size=16K", XMNT_RDONLY, &r1), 0);
	EXPECT(fs_create(&tmp, r1, "x", XS_IFREG | 0644, &x), -EROFS);
	EXPECT(fs_req(&tmp, FS_STATFS, r1, 0, 0, 0, NULL), 0);
	EXPECT(((struct xstatfs *)fs_win->fw_data)->sf_flags, XMNT_RDONLY);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, r1, 0, 0, 0, NULL), 0);
	return NULL;
}

/* A crashed tmpfs comes back empty: the old instance's endpoint is dead,
 * a new mount works, the old files are gone. */
static const char *
t_restart(void)
{
	struct rs_svc_status a, b;
	uint64_t root, f;
	const char *why = tmp_mount("", &root);

	if (why != NULL) {
		return why;
	}
	EXPECT(fs_create(&tmp, root, "lost", XS_IFREG | 0644, &f), 0);
	if (rs_status("tmpfs", &a) != 0 || rs_fault("tmpfs", RS_FAULT_CRASH) != 0 ||
	    rs_wait_state("tmpfs", RS_RUNNING, a.ep, WAIT_MS, &b) != 0) {
		return "tmpfs did not come back";
	}
	EXPECT(fs_req(&tmp, FS_GETATTR, f, 0, 0, 0, NULL), -EDEADSRCDST);
	fs_disconnect(&tmp);
	why = tmp_mount("", &root);
	if (why != NULL) {
		return why;
	}
	EXPECT(fs_named(&tmp, FS_LOOKUP, root, 0, "lost", NULL, &f), -ENOENT);
	EXPECT(fs_create(&tmp, root, "new", XS_IFREG | 0644, &f), 0);
	EXPECT(fs_req(&tmp, FS_UNMOUNT, root, 0, 0, 0, NULL), 0);
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "mount", t_mount },
	{ "files", t_files },
	{ "dirs", t_dirs },
	{ "rename", t_rename },
	{ "links", t_links },
	{ "unlinked", t_unlinked },
	{ "enospc", t_enospc },
	{ "mounts", t_mounts },
	{ "devfs", fst_devfs },
	{ "chr", fst_chr },
	{ "norandom", fst_norandom },
	{ "restart", t_restart },
};

int
main(int argc, char **argv)
{
	return testrun_table("fstest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
