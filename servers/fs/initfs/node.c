/*
 * Reading the initfs tree: lookups, attributes, directory listings and
 * file data (see initfs.h).  Pure code, tested on the host with tree.c.
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/errno.h>
#include "initfs.h"

int64_t
initfs_lookup(const struct initfs_tree *t, uint64_t dir, const char *name)
{
	const struct initfs_node *d = initfs_node(t, dir);
	size_t len = strnlen(name, XNAME_MAX + 1);
	int32_t c;

	if (d == NULL) {
		return -ENOENT;
	}
	if ((d->in_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	if (len > XNAME_MAX) {
		return -ENAMETOOLONG;
	}
	for (c = d->in_child; c >= 0; c = t->it_nodes[c].in_next) {
		const struct initfs_node *n = &t->it_nodes[c];

		if (n->in_name_len == len && memcmp(n->in_name, name, len) == 0) {
			return (int64_t)c + 1;
		}
	}
	return -ENOENT;
}

int
initfs_attr(const struct initfs_tree *t, uint64_t ino, struct fs_attr *a)
{
	const struct initfs_node *n = initfs_node(t, ino);

	if (n == NULL) {
		return -ENOENT;
	}
	memset(a, 0, sizeof(*a));
	a->fa_ino = ino;
	a->fa_mode = n->in_mode;
	a->fa_nlink = n->in_nlink;
	a->fa_size = n->in_size;
	a->fa_blocks = (n->in_size + 511) / 512;
	return 0;
}

/* Puts one record at out + *used if it fits; 0 or -ENOSPC. */
static int
dents_put(uint8_t *out, size_t len, size_t *used, uint64_t ino, uint32_t mode, const char *name,
    size_t name_len)
{
	size_t rec = xdirent_put(out + *used, len - *used, ino, mode, name, name_len);

	if (rec == 0) {
		return -ENOSPC;
	}
	*used += rec;
	return 0;
}

int
initfs_getdents(const struct initfs_tree *t, uint64_t dir, uint64_t *cookie, void *out, size_t len)
{
	const struct initfs_node *d = initfs_node(t, dir);
	size_t used = 0;
	uint64_t i = 0;
	int32_t c;

	if (d == NULL) {
		return -ENOENT;
	}
	if ((d->in_mode & XS_IFMT) != XS_IFDIR) {
		return -ENOTDIR;
	}
	/* Cookie i is the i-th record: ".", "..", then the children. */
	if (*cookie == 0) {
		if (dents_put(out, len, &used, dir, XS_IFDIR, ".", 1) != 0) {
			return -EINVAL;
		}
		(*cookie)++;
	}
	if (*cookie == 1) {
		if (dents_put(out, len, &used, (uint64_t)d->in_parent + 1, XS_IFDIR, "..", 2) !=
		    0) {
			return used == 0 ? -EINVAL : (int)used;
		}
		(*cookie)++;
	}
	for (c = d->in_child, i = 2; c >= 0; c = t->it_nodes[c].in_next, i++) {
		const struct initfs_node *n = &t->it_nodes[c];

		if (i < *cookie) {
			continue;
		}
		if (dents_put(out, len, &used, (uint64_t)c + 1, n->in_mode, n->in_name,
		        n->in_name_len) != 0) {
			return used == 0 ? -EINVAL : (int)used;
		}
		(*cookie)++;
	}
	return (int)used;
}

int64_t
initfs_read(const struct initfs_tree *t, uint64_t ino, uint64_t off, void *out, size_t len)
{
	const struct initfs_node *n = initfs_node(t, ino);

	if (n == NULL) {
		return -ENOENT;
	}
	if ((n->in_mode & XS_IFMT) == XS_IFDIR) {
		return -EISDIR;
	}
	if (off >= n->in_size) {
		return 0;
	}
	if (len > n->in_size - off) {
		len = n->in_size - off;
	}
	memcpy(out, n->in_data + off, len);
	return (int64_t)len;
}
