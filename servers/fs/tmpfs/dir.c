/*
 * tmpfs directories: names and what they link.  Entries sit on a list in
 * the order they were added, each with a cookie that never changes, so
 * that getdents resumes where it stopped even when entries before it
 * were removed meanwhile (rm -r unlinks while it reads).  Cookies 0 and
 * 1 are "." and "..".
 *
 * Link counts: a file has one per name; a directory has 2 (its name and
 * its ".") plus one per subdirectory (their ".."), and 0 once removed.
 * A removed directory (nlink 0) that vfs still references stays empty:
 * nothing can be created in it.
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/errno.h>
#include "tmpfs.h"

int
tmpfs_name_check(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strchr(name, '/') != NULL) {
		return -EINVAL;
	}
	if (len > XNAME_MAX) {
		return -ENAMETOOLONG;
	}
	return 0;
}

/* dir must be a directory that still exists, to hold new names. */
static int
dir_check(const struct tmpfs_node *dir)
{
	if (!tmpfs_is(dir, XS_IFDIR)) {
		return -ENOTDIR;
	}
	if (dir->n_attr.fa_nlink == 0) {
		return -ENOENT;
	}
	return 0;
}

/* A directory's size: a nominal 32 bytes per entry, . and .. included. */
static void
dir_resize(struct tmpfs_node *dir)
{
	dir->n_attr.fa_size = ((uint64_t)dir->n_dir.d_count + 2) * 32;
}

struct tmpfs_dirent *
tmpfs_dir_find(struct tmpfs_node *dir, const char *name, struct tmpfs_dirent **prev)
{
	struct tmpfs_dirent *p = NULL;

	for (struct tmpfs_dirent *de = dir->n_dir.d_first; de != NULL; de = de->de_next) {
		if (strcmp(de->de_name, name) == 0) {
			if (prev != NULL) {
				*prev = p;
			}
			return de;
		}
		p = de;
	}
	return NULL;
}

int
tmpfs_dir_add(struct tmpfs_node *dir, const char *name, struct tmpfs_node *n)
{
	size_t len = strlen(name);
	struct tmpfs_dirent *de = tmpfs_mem_alloc(sizeof(*de) + len + 1);

	if (de == NULL) {
		return -ENOMEM;
	}
	memcpy(de->de_name, name, len + 1);
	de->de_node = n;
	de->de_cookie = dir->n_dir.d_next_cookie++;
	if (dir->n_dir.d_last != NULL) {
		dir->n_dir.d_last->de_next = de;
	} else {
		dir->n_dir.d_first = de;
	}
	dir->n_dir.d_last = de;
	dir->n_dir.d_count++;
	dir_resize(dir);
	tmpfs_touch(dir, true);
	return 0;
}

void
tmpfs_dir_remove(struct tmpfs_node *dir, struct tmpfs_dirent *de, struct tmpfs_dirent *prev)
{
	if (prev != NULL) {
		prev->de_next = de->de_next;
	} else {
		dir->n_dir.d_first = de->de_next;
	}
	if (dir->n_dir.d_last == de) {
		dir->n_dir.d_last = prev;
	}
	dir->n_dir.d_count--;
	dir_resize(dir);
	tmpfs_touch(dir, true);
	tmpfs_mem_free(de);
}

int
tmpfs_lookup(struct tmpfs_node *dir, const char *name, struct tmpfs_node **out)
{
	struct tmpfs_dirent *de;

	if (!tmpfs_is(dir, XS_IFDIR)) {
		return -ENOTDIR;
	}
	if (strcmp(name, ".") == 0) {
		*out = dir;
		return 0;
	}
	if (strcmp(name, "..") == 0) {
		*out = dir->n_dir.d_parent;
		return 0;
	}
	if (strlen(name) > XNAME_MAX) {
		return -ENAMETOOLONG;
	}
	de = tmpfs_dir_find(dir, name, NULL);
	if (de == NULL) {
		return -ENOENT;
	}
	*out = de->de_node;
	return 0;
}

/* The checks every new name passes: dir, name, not taken. */
static int
new_name_check(struct tmpfs_node *dir, const char *name)
{
	int r = dir_check(dir);

	if (r == 0) {
		r = tmpfs_name_check(name);
	}
	if (r == 0 && tmpfs_dir_find(dir, name, NULL) != NULL) {
		r = -EEXIST;
	}
	return r;
}

int
tmpfs_create(struct tmpfs_node *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
    uint32_t rdev, struct tmpfs_node **out)
{
	uint32_t type = mode & XS_IFMT;
	bool is_dir = type == XS_IFDIR;
	struct tmpfs_node *n;
	int r;

	if (type != XS_IFREG && type != XS_IFDIR && type != XS_IFIFO && type != XS_IFCHR &&
	    type != XS_IFBLK && type != XS_IFSOCK) {
		return -EINVAL;
	}
	if ((mode & ~(XS_IFMT | 07777)) != 0) {
		return -EINVAL;
	}
	r = new_name_check(dir, name);
	if (r != 0) {
		return r;
	}
	if (is_dir && dir->n_attr.fa_nlink >= TMPFS_LINK_MAX) {
		return -EMLINK;
	}
	r = tmpfs_node_new(dir->n_vol, mode, uid, gid, &n);
	if (r != 0) {
		return r;
	}
	r = tmpfs_dir_add(dir, name, n);
	if (r != 0) {
		tmpfs_node_release(n);
		return r;
	}
	if (type == XS_IFCHR || type == XS_IFBLK) {
		n->n_attr.fa_rdev = rdev;
	}
	if (is_dir) {
		n->n_dir.d_parent = dir;
		n->n_attr.fa_nlink = 2;
		dir_resize(n);
		dir->n_attr.fa_nlink++;
	} else {
		n->n_attr.fa_nlink = 1;
	}
	*out = n;
	return 0;
}

int
tmpfs_symlink(struct tmpfs_node *dir, const char *name, const char *target, uint32_t uid,
    uint32_t gid, struct tmpfs_node **out)
{
	size_t len = strlen(target);
	struct tmpfs_node *n;
	char *copy;
	int r;

	if (len == 0) {
		return -ENOENT;
	}
	if (len >= XPATH_MAX) {
		return -ENAMETOOLONG;
	}
	r = new_name_check(dir, name);
	if (r != 0) {
		return r;
	}
	copy = tmpfs_mem_alloc(len + 1);
	if (copy == NULL) {
		return -ENOMEM;
	}
	memcpy(copy, target, len + 1);
	r = tmpfs_node_new(dir->n_vol, XS_IFLNK | 0777, uid, gid, &n);
	if (r != 0) {
		goto fail_copy;
	}
	n->n_target = copy;
	n->n_attr.fa_size = len;
	r = tmpfs_dir_add(dir, name, n);
	if (r != 0) {
		tmpfs_node_release(n);
		return r;
	}
	n->n_attr.fa_nlink = 1;
	*out = n;
	return 0;
fail_copy:
	tmpfs_mem_free(copy);
	return r;
}

int
tmpfs_readlink(const struct tmpfs_node *n, char *buf, size_t cap)
{
	size_t len;

	if (!tmpfs_is(n, XS_IFLNK)) {
		return -EINVAL;
	}
	len = n->n_attr.fa_size;
	if (len > cap) {
		len = cap;
	}
	memcpy(buf, n->n_target, len);
	return (int)len;
}

int
tmpfs_link(struct tmpfs_node *dir, const char *name, struct tmpfs_node *n)
{
	int r;

	if (tmpfs_is(n, XS_IFDIR)) {
		return -EPERM;
	}
	r = new_name_check(dir, name);
	if (r != 0) {
		return r;
	}
	if (n->n_attr.fa_nlink == 0) {
		return -ENOENT;
	}
	if (n->n_attr.fa_nlink >= TMPFS_LINK_MAX) {
		return -EMLINK;
	}
	r = tmpfs_dir_add(dir, name, n);
	if (r != 0) {
		return r;
	}
	n->n_attr.fa_nlink++;
	tmpfs_touch(n, false);
	return 0;
}

/* Finds name in dir for unlink and rmdir. */
static int
find_victim(struct tmpfs_node *dir, const char *name, struct tmpfs_dirent **de,
    struct tmpfs_dirent **prev)
{
	int r;

	if (!tmpfs_is(dir, XS_IFDIR)) {
		return -ENOTDIR;
	}
	r = tmpfs_name_check(name);
	if (r != 0) {
		return r;
	}
	*de = tmpfs_dir_find(dir, name, prev);
	return *de == NULL ? -ENOENT : 0;
}

int
tmpfs_unlink(struct tmpfs_node *dir, const char *name)
{
	struct tmpfs_dirent *de, *prev = NULL;
	struct tmpfs_node *n;
	int r = find_victim(dir, name, &de, &prev);

	if (r != 0) {
		return r;
	}
	n = de->de_node;
	if (tmpfs_is(n, XS_IFDIR)) {
		return -EISDIR;
	}
	tmpfs_dir_remove(dir, de, prev);
	n->n_attr.fa_nlink--;
	tmpfs_touch(n, false);
	tmpfs_node_release(n);
	return 0;
}

int
tmpfs_rmdir(struct tmpfs_node *dir, const char *name)
{
	struct tmpfs_dirent *de, *prev = NULL;
	struct tmpfs_node *n;
	int r = find_victim(dir, name, &de, &prev);

	if (r != 0) {
		return r;
	}
	n = de->de_node;
	if (!tmpfs_is(n, XS_IFDIR)) {
		return -ENOTDIR;
	}
	if (n->n_dir.d_count != 0) {
		return -ENOTEMPTY;
	}
	tmpfs_dir_remove(dir, de, prev);
	dir->n_attr.fa_nlink--;
	n->n_attr.fa_nlink = 0;
	tmpfs_touch(n, false);
	tmpfs_node_release(n);
	return 0;
}

int64_t
tmpfs_getdents(struct tmpfs_node *dir, uint64_t *cookie, void *buf, size_t len)
{
	struct tmpfs_dirent *de = dir->n_dir.d_first;
	uint8_t *out = buf;
	size_t done = 0, put;
	uint64_t c = *cookie;

	if (!tmpfs_is(dir, XS_IFDIR)) {
		return -ENOTDIR;
	}
	for (; c < 2; c++) {
		struct tmpfs_node *n = c == 0 ? dir : dir->n_dir.d_parent;

		put = xdirent_put(out + done, len - done, n->n_attr.fa_ino, n->n_attr.fa_mode,
		    c == 0 ? "." : "..", c == 0 ? 1 : 2);
		if (put == 0) {
			goto out;
		}
		done += put;
	}
	while (de != NULL && de->de_cookie < c) {
		de = de->de_next;
	}
	for (; de != NULL; de = de->de_next) {
		put = xdirent_put(out + done, len - done, de->de_node->n_attr.fa_ino,
		    de->de_node->n_attr.fa_mode, de->de_name, strlen(de->de_name));
		if (put == 0) {
			goto out;
		}
		done += put;
		c = de->de_cookie + 1;
	}
	c = dir->n_dir.d_next_cookie;
out:
	if (done == 0 && (c < 2 || de != NULL)) {
		return -EINVAL; /* not even one record fits */
	}
	*cookie = c;
	dir->n_attr.fa_atime_ns = tmpfs_clock_ns();
	return (int64_t)done;
}
