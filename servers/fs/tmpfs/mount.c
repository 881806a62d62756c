/*
 * tmpfs's mounts: FS_MOUNT parses the options ("size=8M", "mode=1777";
 * other words, such as the source "none", are ignored) and makes a
 * volume; FS_UNMOUNT frees it unless a node is still referenced (a
 * forced unmount, when libfsdriver drops a dead client's ring, frees it
 * regardless).
 */
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

static struct tmpfs_mount mounts[TMPFS_MOUNTS];
static uint32_t next_id = 1; /* the next volume id (inode numbers' high half) */

struct tmpfs_mount *
tmpfs_mount_other(endpoint_t client, uint64_t ino, const struct tmpfs_mount *except)
{
	for (int i = 0; i < TMPFS_MOUNTS; i++) {
		struct tmpfs_mount *mt = &mounts[i];

		if (mt != except && mt->m_used && mt->m_client == client &&
		    mt->m_vol.v_id == ino >> 32) {
			return mt;
		}
	}
	return NULL;
}

int64_t
tmpfs_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	struct tmpfs_mount *mt = NULL;
	uint64_t limit;
	uint32_t mode;
	int r;

	for (int i = 0; i < TMPFS_MOUNTS && mt == NULL; i++) {
		if (!mounts[i].m_used) {
			mt = &mounts[i];
		}
	}
	if (mt == NULL) {
		return -ENOSPC;
	}
	r = tmpfs_opts_parse(source, &limit, &mode);
	if (r == 0) {
		r = tmpfs_vol_init(&mt->m_vol, next_id, limit, mode);
	}
	if (r != 0) {
		memset(mt, 0, sizeof(*mt));
		return r;
	}
	next_id = next_id == UINT32_MAX ? 1 : next_id + 1;
	mt->m_used = true;
	mt->m_client = rq->fr_client;
	mt->m_flags = flags;
	rq->fr_attr = mt->m_vol.v_root->n_attr;
	rq->fr_rp.node.fn_ino = mt->m_vol.v_root->n_attr.fa_ino;
	*mount = mt;
	return 0;
}

int64_t
tmpfs_unmount(struct fsdriver_req *rq)
{
	struct tmpfs_mount *mt = rq->fr_mount;

	if (!rq->fr_forced) {
		if (mt->m_vol.v_root->n_attr.fa_ino != rq->fr_rq.node.fn_ino) {
			return -EINVAL;
		}
		if (tmpfs_vol_busy(&mt->m_vol)) {
			return -EBUSY;
		}
	}
	tmpfs_vol_destroy(&mt->m_vol);
	memset(mt, 0, sizeof(*mt));
	return 0;
}
