/*
 * devfs: /dev's file system and the character driver of major 1 (see
 * devfs.h).  libdriver runs the loop; requests go to fs.c or chr.c by
 * their protocol.  Replies carry the type of that protocol.  Nothing is
 * kept across a restart: the node table is built again at start, and
 * vfs mounts devfs afresh.
 */
#include <libdriver/driver.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "devfs.h"

static int
devfs_request(const struct message *m, struct message *reply)
{
	int r = -ENOSYS;

	if ((m->m_type & 0xff00) == 0x0600) {
		reply->m_type = FS_REPLY;
		r = devfs_fs_request(m, reply);
	} else if ((m->m_type & 0xff00) == 0x0700) {
		reply->m_type = CHR_REPLY;
		r = devfs_chr_request(m, reply);
	}
	if (r < 0) {
		/* libdriver's error reply would carry FS_REPLY: build it here. */
		*reply = (struct message){ .m_type = reply->m_type };
		reply->m_arg[0] = (uint64_t)(int64_t)r;
		r = 0;
	}
	return r;
}

static int
devfs_init(int argc, char **argv, bool restored)
{
	devfs_nodes_init();
	return 0;
}

static const struct driver_ops devfs_ops = {
	.init = devfs_init,
	.request = devfs_request,
	.reply_type = FS_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&devfs_ops, argc, argv);
}
