/*
 * devfs's file-system side (proto/fs.h, under libfsdriver): the requests
 * on the node table (nodes.c).  Every mount, one per ring, shows the
 * same nodes; its inodes carry the mount's id in their high half, so an
 * inode of another mount is not found here (-ENOENT).  devfs's directory
 * is fixed: creating, linking, renaming and removing answer -EPERM
 * (-EROFS on a read-only mount, which libfsdriver answers itself); data
 * goes through the character protocol, not FS_READ.
 */
#include <libsys/clock.h>
#include <string.h>
#include <xinim/errno.h>
#include "devfs.h"

struct devfs_mount {
	bool mt_used;
	uint32_t mt_id; /* inode numbers' high half */
};

static struct devfs_mount mounts[FSDRIVER_RINGS];
static uint32_t next_id = 1;

int64_t
devfs_clock_ns(void)
{
	return (int64_t)clock_now_ns();
}

static uint32_t
mount_id(const struct fsdriver_req *rq)
{
	return ((const struct devfs_mount *)rq->fr_mount)->mt_id;
}

/* The node of inode ino in the request's mount (*idx its index). */
static struct devfs_node *
node(const struct fsdriver_req *rq, uint64_t ino, uint32_t *idx)
{
	if (ino >> 32 != mount_id(rq) || (uint32_t)ino == 0) {
		return NULL;
	}
	*idx = (uint32_t)ino - 1;
	return devfs_node(*idx);
}

/* Answers with node idx: its inode and attributes. */
static int64_t
answer(struct fsdriver_req *rq, uint32_t idx)
{
	rq->fr_attr = devfs_node(idx)->dn_attr;
	rq->fr_attr.fa_ino |= (uint64_t)mount_id(rq) << 32;
	rq->fr_rp.node.fn_ino = rq->fr_attr.fa_ino;
	return 0;
}

static int64_t
d_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	struct devfs_mount *mt = NULL;

	for (int i = 0; i < FSDRIVER_RINGS && mt == NULL; i++) {
		if (!mounts[i].mt_used) {
			mt = &mounts[i];
		}
	}
	if (mt == NULL) {
		return -ENOSPC;
	}
	mt->mt_used = true;
	mt->mt_id = next_id;
	next_id = next_id == UINT32_MAX ? 1 : next_id + 1;
	*mount = mt;
	rq->fr_mount = mt;
	return answer(rq, 0);
}

static int64_t
d_unmount(struct fsdriver_req *rq)
{
	if (!rq->fr_forced) {
		if (rq->fr_rq.node.fn_ino != ((uint64_t)mount_id(rq) << 32 | 1)) {
			return -EINVAL;
		}
		if (devfs_busy()) {
			return -EBUSY;
		}
	}
	memset(rq->fr_mount, 0, sizeof(struct devfs_mount));
	return 0;
}

static int64_t
d_lookup(struct fsdriver_req *rq)
{
	uint32_t dir;
	int idx;

	if (node(rq, rq->fr_rq.node.fn_ino, &dir) == NULL) {
		return -ENOENT;
	}
	if (dir != 0) {
		return -ENOTDIR;
	}
	/* vfs resolves "." and ".." itself; they name the root here anyway. */
	idx = strcmp(rq->fr_name, ".") == 0 || strcmp(rq->fr_name, "..") == 0 ?
	    0 :
	    devfs_lookup(rq->fr_name);
	if (idx < 0) {
		return idx;
	}
	return answer(rq, (uint32_t)idx);
}

static int64_t
d_getattr(struct fsdriver_req *rq)
{
	uint32_t idx;

	return node(rq, rq->fr_rq.node.fn_ino, &idx) == NULL ? -ENOENT : answer(rq, idx);
}

static int64_t
d_setattr(struct fsdriver_req *rq)
{
	uint32_t idx;
	struct devfs_node *n = node(rq, rq->fr_rq.setattr.fsa_ino, &idx);
	int r;

	if (n == NULL) {
		return -ENOENT;
	}
	r = devfs_setattr(n, rq->fr_rq.setattr.fsa_mask, &rq->fr_attr_in);
	return r != 0 ? r : answer(rq, idx);
}

/* FS_READ, FS_WRITE: not through the file system. */
static int64_t
d_data(struct fsdriver_req *rq)
{
	uint32_t idx;

	if (node(rq, rq->fr_rq.io.fio_ino, &idx) == NULL) {
		return -ENOENT;
	}
	return idx == 0 ? -EISDIR : -EINVAL;
}

static int64_t
d_readlink(struct fsdriver_req *rq)
{
	uint32_t idx;

	return node(rq, rq->fr_rq.node.fn_ino, &idx) == NULL ? -ENOENT : -EINVAL;
}

/* The directory cannot change: -EPERM for every entry change. */
static int64_t
d_fixed(struct fsdriver_req *rq)
{
	uint64_t dir = rq->fr_op == FS_CREATE || rq->fr_op == FS_SYMLINK ? rq->fr_rq.create.fc_dir :
	    rq->fr_op == FS_LINK                                         ? rq->fr_rq.link.fl_dir :
	    rq->fr_op == FS_RENAME ? rq->fr_rq.rename.fr_olddir :
	                             rq->fr_rq.node.fn_ino;
	uint32_t idx;

	if (node(rq, dir, &idx) == NULL) {
		return -ENOENT;
	}
	return idx != 0 ? -ENOTDIR : -EPERM;
}

static uint8_t dents[4096];

static int64_t
d_getdents(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t cookie = io->fio_off;
	uint32_t idx;
	int64_t r;

	if (node(rq, io->fio_ino, &idx) == NULL) {
		return -ENOENT;
	}
	if (idx != 0) {
		return -ENOTDIR;
	}
	r = devfs_getdents(mount_id(rq), &cookie, dents,
	    io->fio_len > sizeof(dents) ? sizeof(dents) : (size_t)io->fio_len);
	return fsdriver_dents_answer(rq, r, dents, cookie);
}

static int64_t
d_statfs(struct fsdriver_req *rq)
{
	struct xstatfs *sf = &rq->fr_rp.statfs;
	uint32_t used = 0, idx;

	if (node(rq, rq->fr_rq.node.fn_ino, &idx) == NULL || idx != 0) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < DEVFS_NODES; i++) {
		used += devfs_node(i) != NULL;
	}
	memcpy(sf->sf_type, "devfs", sizeof("devfs"));
	sf->sf_bsize = 4096;
	sf->sf_files = DEVFS_NODES;
	sf->sf_ffree = DEVFS_NODES - used;
	sf->sf_flags = rq->fr_flags;
	return 0;
}

static int64_t
d_ref(struct fsdriver_req *rq)
{
	uint32_t idx;
	struct devfs_node *n = node(rq, rq->fr_rq.node.fn_ino, &idx);

	if (n == NULL) {
		return -ENOENT;
	}
	if (rq->fr_op == FS_REF) {
		if (n->dn_refs == UINT32_MAX) {
			return -EOVERFLOW;
		}
		n->dn_refs++;
		return 0;
	}
	if (n->dn_refs == 0) {
		return -EINVAL;
	}
	n->dn_refs--;
	return 0;
}

const struct fsdriver_ops devfs_fs_ops = {
	.mount = d_mount,
	.unmount = d_unmount,
	.lookup = d_lookup,
	.getattr = d_getattr,
	.setattr = d_setattr,
	.read = d_data,
	.write = d_data,
	.create = d_fixed,
	.symlink = d_fixed,
	.readlink = d_readlink,
	.link = d_fixed,
	.unlink = d_fixed,
	.rmdir = d_fixed,
	.rename = d_fixed,
	.getdents = d_getdents,
	.statfs = d_statfs,
	.ref = d_ref,
	.putnode = d_ref,
};
