/*
 * tmpfs's mounts: FS_MOUNT maps the client's window (once per client and
 * grant), parses the options in fw_name ("size=8M", "mode=1777"; other
 * words, such as the source "none", are ignored) and makes a volume;
 * FS_UNMOUNT frees it unless a node is still referenced.  Mounts left
 * by a dead client are dropped when a new instance in its process slot
 * mounts (a restarted vfs mounts everything afresh).
 */
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <string.h>
#include <xinim/errno.h>
#include "server.h"

#define WINDOW_MAX (1u << 20) /* the largest window we accept */

static struct tmpfs_mount mounts[TMPFS_MOUNTS];
static uint32_t next_id = 1; /* the next volume id (inode numbers' high half) */

struct tmpfs_mount *
tmpfs_mount_of(endpoint_t client, uint64_t ino)
{
	for (int i = 0; i < TMPFS_MOUNTS; i++) {
		struct tmpfs_mount *mt = &mounts[i];

		if (mt->m_used && mt->m_client == client && mt->m_vol.v_id == ino >> 32) {
			return mt;
		}
	}
	return NULL;
}

/* A mapping of client's window grant that we already have, or NULL. */
static struct fs_window *
window_find(endpoint_t client, int64_t grant, const struct tmpfs_mount *except)
{
	for (int i = 0; i < TMPFS_MOUNTS; i++) {
		const struct tmpfs_mount *mt = &mounts[i];

		if (mt != except && mt->m_used && mt->m_client == client && mt->m_grant == grant) {
			return mt->m_win;
		}
	}
	return NULL;
}

/* Maps the window after checking the grant is exactly size bytes. */
static int64_t
window_map(endpoint_t client, int64_t grant, uint64_t size)
{
	uint8_t probe;
	int r;

	r = kc_safecopy_from(client, grant, size - 1, &probe, 1);
	if (r != 0) {
		return r;
	}
	if (kc_safecopy_from(client, grant, size, &probe, 1) != -ERANGE) {
		return -EINVAL;
	}
	return kc_grant_map(client, grant);
}

/* Frees a mount and, if no other mount shares it, its window mapping. */
static void
mount_drop(struct tmpfs_mount *mt)
{
	if (mt->m_vol.v_root != NULL) {
		tmpfs_vol_destroy(&mt->m_vol);
	}
	if (window_find(mt->m_client, mt->m_grant, mt) == NULL) {
		kc_munmap((uint64_t)(uintptr_t)mt->m_win, FS_WINDOW_SIZE);
	}
	memset(mt, 0, sizeof(*mt));
}

/* Drops mounts made by an earlier instance in client's process slot. */
static void
reap_stale(endpoint_t client)
{
	for (int i = 0; i < TMPFS_MOUNTS; i++) {
		struct tmpfs_mount *mt = &mounts[i];

		if (mt->m_used && mt->m_client != client &&
		    ENDPOINT_SLOT(mt->m_client) == ENDPOINT_SLOT(client)) {
			mount_drop(mt);
		}
	}
}

/* FS_MOUNT: [0] the window's grant, [1] its size, [2] XMNT_* flags. */
int
tmpfs_mount(const struct message *m, struct message *reply)
{
	int64_t grant = (int64_t)m->m_arg[0];
	uint64_t size = m->m_arg[1], limit;
	uint32_t flags = (uint32_t)m->m_arg[2], mode;
	struct tmpfs_mount *mt = NULL;
	char opts[XPATH_MAX];
	int64_t va;
	int r;

	if (grant < 0 || size != FS_WINDOW_SIZE || m->m_arg[2] > XMNT_RDONLY || size > WINDOW_MAX) {
		return -EINVAL;
	}
	reap_stale(m->m_source);
	for (int i = 0; i < TMPFS_MOUNTS && mt == NULL; i++) {
		if (!mounts[i].m_used) {
			mt = &mounts[i];
		}
	}
	if (mt == NULL) {
		return -ENOSPC;
	}
	mt->m_client = m->m_source;
	mt->m_grant = grant;
	mt->m_win = window_find(m->m_source, grant, NULL);
	if (mt->m_win == NULL) {
		va = window_map(m->m_source, grant, size);
		if (va < 0) {
			memset(mt, 0, sizeof(*mt));
			return (int)va;
		}
		mt->m_win = (struct fs_window *)(uintptr_t)va;
	}
	memcpy(opts, mt->m_win->fw_name, sizeof(opts));
	r = strnlen(opts, sizeof(opts)) == sizeof(opts) ? -ENAMETOOLONG : 0;
	if (r == 0) {
		r = tmpfs_opts_parse(opts, &limit, &mode);
	}
	if (r == 0) {
		r = tmpfs_vol_init(&mt->m_vol, next_id, limit, mode);
	}
	if (r != 0) {
		mount_drop(mt);
		return r;
	}
	next_id = next_id == UINT32_MAX ? 1 : next_id + 1;
	mt->m_used = true;
	mt->m_flags = flags;
	mt->m_win->fw_attr = mt->m_vol.v_root->n_attr;
	reply->m_arg[0] = 0;
	reply->m_arg[1] = mt->m_vol.v_root->n_attr.fa_ino;
	return 0;
}

/* FS_UNMOUNT: [0] the root inode. */
int
tmpfs_unmount(const struct message *m, struct message *reply)
{
	struct tmpfs_mount *mt = tmpfs_mount_of(m->m_source, m->m_arg[0]);

	if (mt == NULL || mt->m_vol.v_root->n_attr.fa_ino != m->m_arg[0]) {
		return -EINVAL;
	}
	if (tmpfs_vol_busy(&mt->m_vol)) {
		return -EBUSY;
	}
	mount_drop(mt);
	reply->m_arg[0] = 0;
	return 0;
}
