/*
 * initfs: the boot image (a cpio "newc" archive) as a read-only file
 * system.  tree.c turns the archive's paths ("bin/ls", "etc/fstab") into
 * a tree of nodes, with the directories a path implies but the archive
 * lacks; it is pure code over a byte buffer, tested on the host.  main.c
 * serves include/xinim/proto/fs.h over that tree.
 *
 * Inode numbers are node indices plus one: the root is inode 1.  The
 * tree keeps pointers into the archive, which must stay mapped.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/fs.h>
#include <xinim/proto/fs.h>

#define INITFS_ROOT_INO 1

struct initfs_node {
	const char *in_name; /* not NUL-terminated: in_name_len bytes */
	size_t in_name_len;
	uint32_t in_mode;   /* XS_IF* type | permission bits */
	uint32_t in_parent; /* index of the parent directory */
	int32_t in_child;   /* first child (directories), -1: none */
	int32_t in_next;    /* next sibling, -1: none */
	uint32_t in_nlink;
	const uint8_t *in_data;
	size_t in_size;
};

struct initfs_tree {
	struct initfs_node *it_nodes;
	uint32_t it_count;
	uint32_t it_cap;
};

/* Builds the tree of the archive buf[0..len).  0, -ENOMEM, or -EBADMSG
 * for a corrupt archive (whatever came before the damage is kept). */
int initfs_tree_build(struct initfs_tree *t, const uint8_t *buf, size_t len);

/* Frees the tree's nodes (not the archive). */
void initfs_tree_free(struct initfs_tree *t);

/* The node of inode ino, or NULL. */
const struct initfs_node *initfs_node(const struct initfs_tree *t, uint64_t ino);

/* Looks name (one component, NUL-terminated) up in directory dir:
 * its inode, -ENOENT, -ENOTDIR (dir is not a directory) or -ENAMETOOLONG. */
int64_t initfs_lookup(const struct initfs_tree *t, uint64_t dir, const char *name);

/* Fills *a with inode ino's attributes; 0 or -ENOENT. */
int initfs_attr(const struct initfs_tree *t, uint64_t ino, struct fs_attr *a);

/* Packs struct xdirent records of directory dir into out[0..len),
 * starting at *cookie ("." is 0, ".." 1, then the children in order),
 * and advances *cookie.  Returns the bytes packed (0: no more), -ENOTDIR,
 * -ENOENT, or -EINVAL when not even one record fits. */
int initfs_getdents(const struct initfs_tree *t, uint64_t dir, uint64_t *cookie, void *out,
    size_t len);

/* Bytes of inode ino's data at offset off, at most len, copied to out:
 * the count (0 at the end), -ENOENT or -EISDIR. */
int64_t initfs_read(const struct initfs_tree *t, uint64_t ino, uint64_t off, void *out, size_t len);
