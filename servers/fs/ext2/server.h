/*
 * ext2's server glue, over the core of ext2.h, under libfsdriver:
 * main.c turns requests into core calls, mount.c makes and ends mounts
 * (one struct e2_mount per ring, at most FSDRIVER_RINGS), disk.c is the
 * block-device seam over libbdev.
 *
 * Concurrency: requests run on E2_WORKERS libworker workers
 * (libfsdriver's fo_workers): one waiting for the disk sleeps in
 * bdev_wait() and the others go on; libfsdriver's lock lets only the
 * ops that change nothing overlap, and the cache marks the buffers in
 * transfer (ext2.h).  While a request waits, the server's loop takes
 * the driver's notifications (bdev_poll) and, from a timer every
 * E2_CHECK_NS, finds a driver that died or hung and was replaced
 * (bdev_check).  The periodic write-back runs from that loop only when
 * no request is on a worker (it would otherwise touch buffers a
 * sleeping request holds); a write-back that finds the server busy
 * waits for the next tick.
 */
#pragma once
#include <libbdev/bdev.h>
#include <libfsdriver/fsdriver.h>
#include <stdbool.h>
#include <xinim/ipc.h>
#include "ext2.h"

#define E2_MOUNTS FSDRIVER_RINGS
#define E2_WORKERS 8                  /* requests served at once */
#define E2_WORKER_STACK (128u << 10)  /* bytes of each one's stack */
#define E2_CHECK_NS 50000000ull       /* driver checks while requests wait: 50 ms */
#define E2_WRITEBACK_NS 5000000000ull /* dirty blocks reach the disk within 5 s */

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
/* The loop's duties while requests wait: bdev_check() on every mount
 * with requests pending (false when none has any). */
bool e2_srv_check(void);
/* The driver's notification: bdev_poll() on the mounts it serves. */
void e2_srv_poll(endpoint_t from);
/* A request is about to wait for the disk: the check timer must run. */
void e2_srv_waiting(void);

/* The seam over b (opened): the device as the core sees it. */
struct e2_dev e2_disk_dev(struct bdev *b);
