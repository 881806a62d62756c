/*
 * ext2's server glue, over the core of ext2.h, under libfsdriver:
 * main.c turns requests into core calls, mount.c makes and ends mounts
 * (one struct e2_mount per ring, at most FSDRIVER_RINGS), disk.c is the
 * block-device seam over libbdev.
 *
 * Concurrency: the core runs one request at a time and waits for the
 * disk inside bdev_wait() (vfs goes on serving other mounts meanwhile).
 * Nothing in the core keeps state between its waits that another
 * request could not see, so a later version can run each request on a
 * libworker thread and let bdev's waits switch between them.
 */
#pragma once
#include <libbdev/bdev.h>
#include <libfsdriver/fsdriver.h>
#include <stdbool.h>
#include <xinim/ipc.h>
#include "ext2.h"

#define E2_MOUNTS FSDRIVER_RINGS

struct e2_mount {
	bool m_used;
	endpoint_t m_client;
	uint32_t m_rdev;
	struct bdev m_bdev;
	struct e2fs m_fs;
};

/* FS_MOUNT and FS_UNMOUNT (libfsdriver callbacks). */
int64_t e2_srv_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount);
int64_t e2_srv_unmount(struct fsdriver_req *rq);
/* Whether another live mount of client's has inode numbers of id. */
bool e2_srv_other(endpoint_t client, uint32_t id, const struct e2_mount *except);
/* The periodic write-back: every mount with something dirty is synced. */
void e2_srv_writeback(void);

/* The seam over b (opened): the device as the core sees it. */
struct e2_dev e2_disk_dev(struct bdev *b);
