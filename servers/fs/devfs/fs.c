/*
 * devfs's file-system side (proto/fs.h): mounts with their windows, and
 * the requests on the node table (nodes.c).  A mount belongs to the
 * client that made it; its inodes carry the mount's id in their high
 * half, so a request names its mount and thereby its window.  devfs's
 * directory is fixed: creating, linking, renaming and removing answer
 * -EPERM; data goes through the character protocol, not FS_READ.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <string.h>
#include <xinim/errno.h>
#include "devfs.h"

#define MOUNTS 8

struct mount {
	bool mt_used;
	endpoint_t mt_client;
	int64_t mt_grant;
	uint32_t mt_id;    /* inode numbers' high half */
	uint32_t mt_flags; /* XMNT_* */
	struct fs_window *mt_win;
};

static struct mount mounts[MOUNTS];
static uint32_t next_id = 1;

int64_t
devfs_clock_ns(void)
{
	return (int64_t)clock_now_ns();
}

/* Another mount of client's with that grant (its mapping), or NULL. */
static struct mount *
mount_sharing(endpoint_t client, int64_t grant, const struct mount *except)
{
	for (int i = 0; i < MOUNTS; i++) {
		struct mount *mt = &mounts[i];

		if (mt != except && mt->mt_used && mt->mt_client == client &&
		    mt->mt_grant == grant) {
			return mt;
		}
	}
	return NULL;
}

static void
mount_drop(struct mount *mt)
{
	if (mount_sharing(mt->mt_client, mt->mt_grant, mt) == NULL) {
		kc_munmap((uint64_t)(uintptr_t)mt->mt_win, FS_WINDOW_SIZE);
	}
	memset(mt, 0, sizeof(*mt));
}

/* FS_MOUNT: [0] the window's grant, [1] its size, [2] XMNT_* flags. */
static int
do_mount(const struct message *m, struct message *reply)
{
	int64_t grant = (int64_t)m->m_arg[0], va;
	struct mount *mt = NULL, *other;
	uint8_t probe;

	if (grant < 0 || m->m_arg[1] != FS_WINDOW_SIZE || m->m_arg[2] > XMNT_RDONLY) {
		return -EINVAL;
	}
	for (int i = 0; i < MOUNTS; i++) {
		/* Mounts of a dead instance in the caller's process slot go. */
		if (mounts[i].mt_used && mounts[i].mt_client != m->m_source &&
		    ENDPOINT_SLOT(mounts[i].mt_client) == ENDPOINT_SLOT(m->m_source)) {
			mount_drop(&mounts[i]);
		}
		if (!mounts[i].mt_used && mt == NULL) {
			mt = &mounts[i];
		}
	}
	if (mt == NULL) {
		return -ENOSPC;
	}
	other = mount_sharing(m->m_source, grant, NULL);
	if (other != NULL) {
		mt->mt_win = other->mt_win;
	} else {
		/* The grant must be exactly the window: its last byte is in, the next is not. */
		va = kc_safecopy_from(m->m_source, grant, FS_WINDOW_SIZE - 1, &probe, 1);
		if (va == 0 &&
		    kc_safecopy_from(m->m_source, grant, FS_WINDOW_SIZE, &probe, 1) != -ERANGE) {
			va = -EINVAL;
		}
		if (va == 0) {
			va = kc_grant_map(m->m_source, grant);
		}
		if (va < 0) {
			return (int)va;
		}
		mt->mt_win = (struct fs_window *)(uintptr_t)va;
	}
	mt->mt_used = true;
	mt->mt_client = m->m_source;
	mt->mt_grant = grant;
	mt->mt_flags = (uint32_t)m->m_arg[2];
	mt->mt_id = next_id;
	next_id = next_id == UINT32_MAX ? 1 : next_id + 1;
	mt->mt_win->fw_attr = devfs_node(0)->dn_attr;
	mt->mt_win->fw_attr.fa_ino |= (uint64_t)mt->mt_id << 32;
	reply->m_arg[1] = mt->mt_win->fw_attr.fa_ino;
	return 0;
}

/* The caller's mount of inode ino, or NULL. */
static struct mount *
mount_of(endpoint_t client, uint64_t ino)
{
	for (int i = 0; i < MOUNTS; i++) {
		if (mounts[i].mt_used && mounts[i].mt_client == client &&
		    mounts[i].mt_id == ino >> 32) {
			return &mounts[i];
		}
	}
	return NULL;
}

/* Answers with node idx: [1] its inode, its attributes in the window. */
static void
answer(struct mount *mt, uint32_t idx, struct message *reply)
{
	mt->mt_win->fw_attr = devfs_node(idx)->dn_attr;
	mt->mt_win->fw_attr.fa_ino |= (uint64_t)mt->mt_id << 32;
	reply->m_arg[1] = mt->mt_win->fw_attr.fa_ino;
}

/* FS_LOOKUP in the root. */
static int
do_lookup(struct mount *mt, uint32_t dir, struct message *reply)
{
	char name[XPATH_MAX];
	int idx;

	if (dir != 0) {
		return -ENOTDIR;
	}
	memcpy(name, mt->mt_win->fw_name, sizeof(name));
	if (strnlen(name, sizeof(name)) == sizeof(name)) {
		return -ENAMETOOLONG;
	}
	/* vfs resolves "." and ".." itself; they name the root here anyway. */
	idx = strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ? 0 : devfs_lookup(name);
	if (idx < 0) {
		return idx;
	}
	answer(mt, (uint32_t)idx, reply);
	return 0;
}

static int
do_statfs(struct mount *mt, uint32_t idx)
{
	struct xstatfs sf = { 0 };
	uint32_t used = 0;

	if (idx != 0) {
		return -EINVAL;
	}
	for (uint32_t i = 0; i < DEVFS_NODES; i++) {
		used += devfs_node(i) != NULL;
	}
	memcpy(sf.sf_type, "devfs", sizeof("devfs"));
	sf.sf_bsize = 4096;
	sf.sf_files = DEVFS_NODES;
	sf.sf_ffree = DEVFS_NODES - used;
	sf.sf_flags = mt->mt_flags;
	memcpy(mt->mt_win->fw_data, &sf, sizeof(sf));
	return 0;
}

int
devfs_fs_request(const struct message *m, struct message *reply)
{
	struct devfs_node *n;
	struct mount *mt;
	struct fs_attr a;
	uint64_t cookie;
	uint32_t idx;
	int64_t r;

	if (m->m_type == FS_MOUNT) {
		return do_mount(m, reply);
	}
	if (m->m_type == FS_SYNC) {
		return 0;
	}
	mt = mount_of(m->m_source, m->m_arg[0]);
	idx = (uint32_t)m->m_arg[0] - 1;
	n = mt != NULL ? devfs_node(idx) : NULL;
	if (n == NULL) {
		return mt == NULL ? -EINVAL : -ENOENT;
	}
	switch (m->m_type) {
	case FS_UNMOUNT:
		if (idx != 0) {
			return -EINVAL;
		}
		if (devfs_busy()) {
			return -EBUSY;
		}
		mount_drop(mt);
		return 0;
	case FS_LOOKUP:
		return do_lookup(mt, idx, reply);
	case FS_GETATTR:
		answer(mt, idx, reply);
		return 0;
	case FS_SETATTR:
		if (mt->mt_flags & XMNT_RDONLY) {
			return -EROFS;
		}
		a = mt->mt_win->fw_attr;
		r = devfs_setattr(n, (uint32_t)m->m_arg[1], &a);
		if (r == 0) {
			answer(mt, idx, reply);
		}
		return (int)r;
	case FS_READ:
	case FS_WRITE:
		return idx == 0 ? -EISDIR : -EINVAL;
	case FS_READLINK:
		return -EINVAL;
	case FS_GETDENTS:
		if (idx != 0) {
			return -ENOTDIR;
		}
		if (m->m_arg[2] > FS_DATA_MAX) {
			return -EINVAL;
		}
		cookie = m->m_arg[1];
		r = devfs_getdents(mt->mt_id, &cookie, mt->mt_win->fw_data, m->m_arg[2]);
		if (r < 0) {
			return (int)r;
		}
		reply->m_arg[0] = (uint64_t)r;
		reply->m_arg[1] = cookie;
		return 0;
	case FS_STATFS:
		return do_statfs(mt, idx);
	case FS_REF:
		if (n->dn_refs == UINT32_MAX) {
			return -EOVERFLOW;
		}
		n->dn_refs++;
		return 0;
	case FS_PUTNODE:
		if (n->dn_refs == 0) {
			return -EINVAL;
		}
		n->dn_refs--;
		return 0;
	case FS_CREATE:
	case FS_SYMLINK:
	case FS_LINK:
	case FS_UNLINK:
	case FS_RMDIR:
	case FS_RENAME:
		if (idx != 0) {
			return -ENOTDIR;
		}
		return (mt->mt_flags & XMNT_RDONLY) ? -EROFS : -EPERM;
	default:
		return -ENOSYS;
	}
}
