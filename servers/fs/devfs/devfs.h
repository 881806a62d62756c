/*
 * devfs's private header.  devfs is two servers in one process:
 *
 * - a file system (proto/fs.h) whose root directory holds the device
 *   nodes of one table (nodes.c): null, zero, random, console, and disks
 *   added with devfs_node_add() when their drivers exist.  Every mount
 *   shows the same nodes; nodes are neither created nor removed through
 *   the protocol (-EPERM), but their mode and owner may change.
 * - the block special files of the disks (blk.c): one node for each
 *   name the disk drivers publish in ds under BLK_DS_PREFIX.
 * - the character driver of major 1 (proto/chr.h, chr.c on
 *   libchardriver): null, zero and random, the last read from virtio-rng.
 *
 * nodes.c and blkname.c are pure C (tests/unit/test_devfs.c links them); fs.c (under
 * libfsdriver) and chr.c (messages) are the glue.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libfsdriver/fsdriver.h>
#include <xinim/fs.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>

#define DEVFS_NODES 128 /* the root and the devices (disks with their partitions) */
#define DEVFS_NAME_MAX 15

/* Node 0 is the root; a node's inode is the mount id << 32 | index + 1. */
struct devfs_node {
	bool dn_used;
	char dn_name[DEVFS_NAME_MAX + 1];
	struct fs_attr dn_attr; /* fa_ino holds index + 1 only */
	uint32_t dn_refs;
};

/* Seam: the time in ns (fs.c: clock_now_ns()). */
int64_t devfs_clock_ns(void);

/* nodes.c */

/* Empties the table and makes the root and the standard devices. */
void devfs_nodes_init(void);
/* Adds a device node (mode: XS_IFCHR or XS_IFBLK and permissions):
 * 0, -EEXIST, -EINVAL (a bad name or type), -ENOSPC (table full). */
int devfs_node_add(const char *name, uint32_t mode, uint32_t rdev);
/* The node of index idx (0: the root), or NULL. */
struct devfs_node *devfs_node(uint32_t idx);
/* The index of name in the root: >= 1, or -ENOENT, -ENAMETOOLONG. */
int devfs_lookup(const char *name);
/* struct xdirent records from *cookie on; inodes use the mount's id. */
int64_t devfs_getdents(uint32_t mount_id, uint64_t *cookie, void *buf, size_t len);
/* FS_SETATTR on a node: mode bits, owner, times (a size is ignored on a
 * device, refused on the root). */
int devfs_setattr(struct devfs_node *n, uint32_t mask, const struct fs_attr *a);
/* True while any node is referenced. */
bool devfs_busy(void);

/* blkname.c */

/* The device number of the block device called name ("vda", "sdb3",
 * proto/blk.h "Names"): 0 and *rdev, or -EINVAL for a name that is not
 * one (an unknown prefix, a device letter or partition out of range). */
int devfs_blk_rdev(const char *name, uint32_t *rdev);

/* blk.c */

/* Subscribes to the disk drivers' names in ds and makes the nodes of
 * those already published. */
void devfs_blk_start(void);
/* Drains ds's changes (after a notification): a node for each new name. */
void devfs_blk_changes(void);

/* fs.c: the file-system callbacks (main.c adds init and the character
 * requests). */
extern const struct fsdriver_ops devfs_fs_ops;
/* chr.c: a character-device request: fills *reply and returns 0, or
 * returns an error. */
int devfs_chr_request(const struct message *m, struct message *reply);
