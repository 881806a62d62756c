/*
 * devfs's block device nodes: the disk drivers publish every minor they
 * serve in ds as BLK_DS_PREFIX + name ("blk/vda1"); devfs subscribes to
 * that prefix and makes /dev/NAME for each name published (a block
 * special file, XS_IFBLK | 0660, root's, rdev from devfs_blk_rdev()).
 *
 * Nodes are never removed: when a driver dies ds unpublishes its names
 * and its new instance publishes them again, and a program holding
 * /dev/vda open (or an fstab line naming it) must find the same node
 * throughout.  A name published again finds its node (-EEXIST: nothing
 * to do).  ds replays nothing on subscribing, so devfs_blk_start() also
 * looks up the names already published: each whole device of each major
 * (BLK_MAX_DEVS lookups per major), and the partitions of the devices
 * found.  That covers a devfs restarted after the drivers, and a driver
 * that published before devfs subscribed; a restarted ds (which forgot
 * the subscription: DS_CHECK answers -ENOENT) gets both again.
 */
#include <libsys/ds.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/blk.h>
#include "devfs.h"

#define BLK_NODE_MODE (XS_IFBLK | 0660)

static bool restarting; /* devfs_blk_start() called from devfs_blk_changes() */

/* Makes the node for name (without the prefix) if it is missing. */
static void
node_for(const char *name)
{
	uint32_t rdev;
	int r;

	if (devfs_blk_rdev(name, &rdev) != 0) {
		printf("devfs: %s%s is no block device name: no node\n", BLK_DS_PREFIX, name);
		return;
	}
	r = devfs_node_add(name, BLK_NODE_MODE, rdev);
	if (r != 0 && r != -EEXIST) {
		printf("devfs: cannot add /dev/%s (%d)\n", name, r);
	}
}

/* True when BLK_DS_PREFIX + name is published. */
static bool
published(const char *name)
{
	char full[DS_NAME_LEN + 1];

	snprintf(full, sizeof(full), "%s%s", BLK_DS_PREFIX, name);
	return ds_lookup(full) >= 0;
}

/* The names published before we subscribed. */
static void
scan(void)
{
	char name[DEVFS_NAME_MAX + 1];

	for (unsigned i = 0; i < BLK_NMAJORS; i++) {
		for (unsigned d = 0; d < BLK_MAX_DEVS; d++) {
			snprintf(name, sizeof(name), "%s%c", blk_majors[i].bm_prefix, 'a' + d);
			if (!published(name)) {
				continue;
			}
			node_for(name);
			for (unsigned p = 1; p < BLK_PARTS; p++) {
				snprintf(name, sizeof(name), "%s%c%u", blk_majors[i].bm_prefix,
				    'a' + d, p);
				if (published(name)) {
					node_for(name);
				}
			}
		}
	}
}

void
devfs_blk_start(void)
{
	int r = ds_subscribe(BLK_DS_PREFIX);

	if (r != 0) {
		printf("devfs: cannot subscribe to %s in ds (%d): no disk nodes\n", BLK_DS_PREFIX,
		    r);
		return;
	}
	scan();
	devfs_blk_changes();
}

void
devfs_blk_changes(void)
{
	char name[DS_NAME_LEN + 1];
	size_t pl = strlen(BLK_DS_PREFIX);
	endpoint_t ep;
	int r;

	while ((r = ds_check(name, &ep)) == 0) {
		if (ep == ENDPOINT_NONE || strncmp(name, BLK_DS_PREFIX, pl) != 0) {
			continue; /* unpublished (a driver restarting): the node stays */
		}
		node_for(name + pl);
	}
	if (r == -ENOENT && !restarting) {
		/* A new ds, which knows no subscription of ours. */
		restarting = true;
		devfs_blk_start();
		restarting = false;
	}
}
