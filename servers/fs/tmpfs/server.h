/*
 * tmpfs's server glue (main.c: the requests; mount.c: the mounts), over
 * the core of tmpfs.h, under libfsdriver.
 *
 * A mount is made on one ring of one client (libfsdriver keeps them
 * apart), so only that client reaches its inodes; an inode of another
 * of the client's mounts is a cross-device reference (-EXDEV).
 */
#pragma once
#include <libfsdriver/fsdriver.h>
#include <stdbool.h>
#include <xinim/ipc.h>
#include "tmpfs.h"

#define TMPFS_MOUNTS FSDRIVER_RINGS

struct tmpfs_mount {
	bool m_used;
	endpoint_t m_client;
	uint32_t m_flags; /* XMNT_* */
	struct tmpfs_vol m_vol;
};

/* FS_MOUNT and FS_UNMOUNT (libfsdriver callbacks). */
int64_t tmpfs_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount);
int64_t tmpfs_unmount(struct fsdriver_req *rq);

/* Another live mount of client's holding inode ino, or NULL. */
struct tmpfs_mount *tmpfs_mount_other(endpoint_t client, uint64_t ino,
    const struct tmpfs_mount *except);
