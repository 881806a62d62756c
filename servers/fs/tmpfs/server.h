/*
 * tmpfs's server glue (main.c: the requests; mount.c: the mounts and
 * their windows), over the core of tmpfs.h.
 *
 * A mount belongs to the client that made it (vfs, or a test talking
 * proto/fs.h directly): only that endpoint may use its inodes, and the
 * answers go through the window it granted at FS_MOUNT.  A client that
 * mounts several times with one window shares one mapping.
 */
#pragma once
#include <stdbool.h>
#include <xinim/ipc.h>
#include "tmpfs.h"

#define TMPFS_MOUNTS 16

struct tmpfs_mount {
	bool m_used;
	endpoint_t m_client;
	int64_t m_grant;         /* the client's window grant */
	struct fs_window *m_win; /* where it is mapped in us */
	uint32_t m_flags;        /* XMNT_* */
	struct tmpfs_vol m_vol;
};

/* FS_MOUNT and FS_UNMOUNT (their reply in *reply). */
int tmpfs_mount(const struct message *m, struct message *reply);
int tmpfs_unmount(const struct message *m, struct message *reply);

/* The mount of inode ino, if client made it; NULL otherwise. */
struct tmpfs_mount *tmpfs_mount_of(endpoint_t client, uint64_t ino);
