/*
 * devfs: /dev's file system and the character driver of major 1 (see
 * devfs.h).  libfsdriver runs the loop: the rings carry the file-system
 * requests (fs.c), and every other message, a CHR_* request, comes to
 * devfs_request() here for chr.c; ds's notifications go to blk.c.
 * Nothing is kept across a restart: the node table is built again at
 * start (the disks' nodes from ds), and vfs mounts devfs afresh.
 */
#include <libfsdriver/fsdriver.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "devfs.h"

static int
devfs_request(const struct message *m, struct message *reply)
{
	int r = -ENOSYS;

	reply->m_type = CHR_REPLY;
	if ((m->m_type & 0xff00) == 0x0700) {
		r = devfs_chr_request(m, reply);
	}
	if (r < 0) {
		/* libdriver's error reply would carry FS_REPLY: build it here. */
		*reply = (struct message){ .m_type = CHR_REPLY };
		reply->m_arg[0] = (uint64_t)(int64_t)r;
		r = 0;
	}
	return r;
}

static int
devfs_init(int argc, char **argv, bool restored)
{
	devfs_nodes_init();
	devfs_blk_start();
	return 0;
}

/* The only notifications from outside the rings are ds's: a disk name
 * changed. */
static void
devfs_notify(endpoint_t from)
{
	devfs_blk_changes();
}

static struct fsdriver_ops devfs_ops;

int
main(int argc, char **argv)
{
	devfs_ops = devfs_fs_ops;
	devfs_ops.init = devfs_init;
	devfs_ops.request = devfs_request;
	devfs_ops.notify = devfs_notify;
	fsdriver_main(&devfs_ops, argc, argv);
}
