/*
 * The initfs tree: the cpio archive's entries as nodes of a directory
 * tree (see initfs.h).  Entries are taken in archive order; a path's
 * missing directories are made on the way (mode 0755), and a later
 * entry for such a directory only gives it its mode.  An archive without
 * permission bits gets 0755 for directories and everything under bin/,
 * 0644 for the rest.  Owner and group are always 0.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/cpio.h>
#include <xinim/errno.h>
#include "initfs.h"

/* Appends a node under parent; its index or -ENOMEM. */
static int32_t
tree_add(struct initfs_tree *t, int32_t parent, const char *name, size_t name_len, uint32_t mode)
{
	struct initfs_node *n;
	int32_t idx, *link;

	if (t->it_count == t->it_cap) {
		uint32_t cap = t->it_cap == 0 ? 64 : t->it_cap * 2;
		struct initfs_node *nodes = realloc(t->it_nodes, cap * sizeof(*nodes));

		if (nodes == NULL) {
			return -ENOMEM;
		}
		t->it_nodes = nodes;
		t->it_cap = cap;
	}
	idx = (int32_t)t->it_count++;
	n = &t->it_nodes[idx];
	memset(n, 0, sizeof(*n));
	n->in_name = name;
	n->in_name_len = name_len;
	n->in_mode = mode;
	n->in_parent = parent < 0 ? 0 : (uint32_t)parent;
	n->in_child = -1;
	n->in_next = -1;
	n->in_nlink = (mode & XS_IFMT) == XS_IFDIR ? 2 : 1;
	if (parent < 0) {
		return idx;
	}
	/* Keep the archive's order: append at the end of the sibling list. */
	link = &t->it_nodes[parent].in_child;
	while (*link >= 0) {
		link = &t->it_nodes[*link].in_next;
	}
	*link = idx;
	if ((mode & XS_IFMT) == XS_IFDIR) {
		t->it_nodes[parent].in_nlink++;
	}
	return idx;
}

/* The child of dir named name[0..len), or -1. */
static int32_t
tree_find(const struct initfs_tree *t, int32_t dir, const char *name, size_t len)
{
	int32_t c;

	for (c = t->it_nodes[dir].in_child; c >= 0; c = t->it_nodes[c].in_next) {
		const struct initfs_node *n = &t->it_nodes[c];

		if (n->in_name_len == len && memcmp(n->in_name, name, len) == 0) {
			return c;
		}
	}
	return -1;
}

/* The mode an entry gets: its own, or a default when it has no
 * permission bits at all. */
static uint32_t
tree_mode(const struct cpio_entry *e, const char *path)
{
	uint32_t type = e->mode & XS_IFMT, perm = e->mode & 07777;

	if (type == 0) {
		type = XS_IFREG;
	}
	if (perm == 0) {
		bool exec = type == XS_IFDIR || strncmp(path, "bin/", 4) == 0;

		perm = exec ? 0755 : 0644;
	}
	return type | perm;
}

/* Whether every component of p[0..end) is a plain name. */
static bool
tree_path_ok(const char *p, const char *end)
{
	while (p < end) {
		const char *c = p;

		while (c < end && *c != '/') {
			c++;
		}
		if (c == p || c - p > XNAME_MAX || (c - p == 1 && p[0] == '.') ||
		    (c - p == 2 && p[0] == '.' && p[1] == '.')) {
			return false;
		}
		p = c + 1;
	}
	return true;
}

/* Adds one archive entry, making the directories of its path. */
static int
tree_entry(struct initfs_tree *t, const struct cpio_entry *e)
{
	const char *p = e->name, *end = e->name + e->name_len;
	int32_t dir = 0, n;

	while (p < end && (*p == '/' || (*p == '.' && (p + 1 == end || p[1] == '/')))) {
		p++;
	}
	while (end > p && end[-1] == '/') {
		end--;
	}
	if (p == end) {
		return 0; /* "." or "/": the root itself */
	}
	if (!tree_path_ok(p, end)) {
		return 0; /* an odd path: skipped */
	}
	for (;;) {
		const char *slash = p, *stop;
		size_t len;

		while (slash < end && *slash != '/') {
			slash++;
		}
		stop = slash;
		if (slash == end) {
			slash = NULL;
		}
		len = (size_t)(stop - p);
		n = tree_find(t, dir, p, len);
		if (slash == NULL) {
			uint32_t mode = tree_mode(e, e->name);

			if (n >= 0) {
				/* A directory made earlier on the way gets its mode; a
				 * second entry for a file replaces the first's data. */
				if ((t->it_nodes[n].in_mode & XS_IFMT) != (mode & XS_IFMT)) {
					return 0;
				}
				t->it_nodes[n].in_mode = mode;
			} else {
				n = tree_add(t, dir, p, len, mode);
				if (n < 0) {
					return n;
				}
			}
			if ((mode & XS_IFMT) != XS_IFDIR) {
				t->it_nodes[n].in_data = e->data;
				t->it_nodes[n].in_size = e->size;
			}
			return 0;
		}
		if (n < 0) {
			n = tree_add(t, dir, p, len, XS_IFDIR | 0755);
			if (n < 0) {
				return n;
			}
		} else if ((t->it_nodes[n].in_mode & XS_IFMT) != XS_IFDIR) {
			return 0; /* a path through a file: skipped */
		}
		dir = n;
		p = slash + 1;
	}
}

int
initfs_tree_build(struct initfs_tree *t, const uint8_t *buf, size_t len)
{
	struct cpio_entry e;
	size_t off = 0;
	int r;

	memset(t, 0, sizeof(*t));
	r = tree_add(t, -1, "", 0, XS_IFDIR | 0755);
	if (r < 0) {
		return r;
	}
	while ((r = cpio_next(buf, len, &off, &e)) == 0) {
		r = tree_entry(t, &e);
		if (r < 0) {
			return r;
		}
	}
	return r < 0 ? -EBADMSG : 0;
}

void
initfs_tree_free(struct initfs_tree *t)
{
	free(t->it_nodes);
	memset(t, 0, sizeof(*t));
}

const struct initfs_node *
initfs_node(const struct initfs_tree *t, uint64_t ino)
{
	if (ino < INITFS_ROOT_INO || ino > t->it_count) {
		return NULL;
	}
	return &t->it_nodes[ino - 1];
}
