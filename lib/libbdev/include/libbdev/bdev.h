/*
 * libbdev: the client side of the block protocol (xinim/proto/blk.h),
 * for whoever reads and writes a block device: a file-system server
 * (ext2), vfs (block special files), diskbench.  Modelled on MINIX's
 * libbdev.
 *
 * A struct bdev is one open minor.  bdev_open() finds the driver of the
 * rdev's major in ds, makes the shared area, grants it and sends
 * BLK_OPEN.  Requests (struct bdev_io, the caller's memory) go on the
 * ring with bdev_submit(); up to BLK_RING_SLOTS are in flight and more
 * wait in a queue inside the library, in order.  bdev_poll() takes the
 * completions and calls each request's bi_done().  Nothing here blocks
 * but bdev_open(), bdev_close() and the waits of bdev_wait()/bdev_rw():
 * a server with its own loop (vfs) calls bdev_poll() when the driver
 * notifies it and bdev_check() now and then; a simple client
 * (diskbench) waits with bdev_wait().  On a libworker worker,
 * bdev_wait() (and so bdev_rw(), bdev_flush()) sleeps the worker on the
 * struct bdev instead of blocking the process: the server's loop then
 * calls bdev_poll() for the driver's notifications and bdev_check() from
 * a timer while requests are pending, and both wake the sleepers.
 *
 * Data: a segment is either memory of the caller (bsg_addr) or a window
 * of a grant someone else gave the caller (bsg_owner, bsg_grant,
 * bsg_off: vfs passing a program's buffer on).  The library grants each
 * segment to the driver when it submits the request (an indirect grant
 * for the second kind) and revokes it when the request is answered,
 * unless the memory lies in a region registered with bdev_region(),
 * whose one standing grant is reused (the cache of a file system).  A
 * request that finds the process's grant table full waits at the head
 * of the queue until answers of ours give grants back (it fails with
 * -ENOSPC only when none of ours is in flight).
 *
 * Restarts: when the driver dies (an IPC to it fails with -EDEADSRCDST,
 * a wait on it ends so, or bdev_check() finds a new endpoint in ds), the
 * library looks the driver up again, opens the minor anew on a fresh
 * area and submits every request that had not come back, again; a
 * request gets BDEV_TRIES tries in all, and an error only when the
 * device stays dead that long (-EIO), or when the driver answered with
 * an error (which is passed on: a request the driver refused is not
 * retried).  Block requests are idempotent, so resending is safe.
 *
 * Not thread-safe: one thread (or one event loop) per struct bdev.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/ipc.h>
#include <xinim/proto/blk.h>

#define BDEV_TRIES 8                  /* submissions of one request, at most */
#define BDEV_REBIND_NS 10000000000ull /* how long a dead driver is waited for: 10 s */
#define BDEV_REGIONS 4                /* standing grants per struct bdev */

struct bdev_seg {
	void *bsg_addr;       /* our memory, or NULL: the grant below */
	endpoint_t bsg_owner; /* with bsg_addr NULL: the grant's owner */
	int64_t bsg_grant;    /* its grant to us */
	uint64_t bsg_off;     /* in that grant */
	uint64_t bsg_len;     /* bytes: a multiple of the sector size */
};

struct bdev;

/* One request: the caller fills the first part, keeps the structure
 * alive until bi_done() has been called, and must not change it in
 * between. */
struct bdev_io {
	uint32_t bi_op;     /* BLK_READ, BLK_WRITE, BLK_FLUSH, BLK_DISCARD, BLK_WRITE_ZEROES */
	uint32_t bi_flags;  /* BLK_FL_* */
	uint64_t bi_sector; /* of the minor */
	uint64_t bi_count;  /* sectors; their bytes equal the segments' */
	uint32_t bi_nseg;   /* 0 .. BLK_MAX_SEGS */
	struct bdev_seg bi_seg[BLK_MAX_SEGS];
	/* Called once from bdev_poll() (or bdev_submit(), for a request
	 * refused at once): result is the bytes moved, 0, or -E*. */
	void (*bi_done)(struct bdev_io *io, int64_t result);
	void *bi_arg; /* the caller's */
	/* The library's. */
	struct bdev_io *bi_next;
	int64_t bi_gnt[BLK_MAX_SEGS]; /* grants made for this submission, 0: none */
	int32_t bi_slot;              /* -1: queued, not on the ring */
	uint32_t bi_tries;
};

struct bdev_region {
	uintptr_t br_addr;
	size_t br_len;
	int64_t br_grant; /* to br_ep's driver instance; 0: not made yet */
	endpoint_t br_ep;
};

struct bdev {
	uint32_t b_rdev;
	bool b_open;
	bool b_writable;
	bool b_dead;        /* the driver is gone and no new one was found yet */
	endpoint_t b_ep;    /* the driver instance the area is granted to */
	char b_service[24]; /* its service name */
	struct blk_geometry b_geom;
	struct blk_shared *b_area; /* page-aligned, BLK_SHARED_SIZE */
	void *b_area_mem;          /* what malloc() gave for it */
	int64_t b_area_grant;
	struct ring_view b_sq, b_cq;
	struct bdev_io *b_slot_io[BLK_RING_SLOTS]; /* NULL: the slot is free */
	uint32_t b_inflight;
	struct bdev_io *b_queue, *b_queue_tail; /* waiting for a slot */
	struct bdev_region b_region[BDEV_REGIONS];
	uint64_t b_dead_since; /* clock_now_ns() when b_dead was set */
	/* Counters, for diskbench and tests. */
	uint64_t b_submitted, b_completed, b_resent, b_rebinds;
};

/* Opens minor XDEV_MINOR(rdev) of the driver of major XDEV_MAJOR(rdev)
 * (blk_majors); writable asks for write access.  0 with b->b_geom
 * filled, or -ENODEV (no such major, driver not running), -ENXIO (the
 * driver has no such minor), -EROFS (writable and the device is
 * read-only), -ENOMEM, or an IPC error. */
int bdev_open(struct bdev *b, uint32_t rdev, bool writable);

/* Closes b (BLK_CLOSE), revokes its grants, frees its area.  Requests
 * still in flight or queued are answered -EIO first. */
void bdev_close(struct bdev *b);

/* Registers [addr, addr + len) as memory segments often lie in: one
 * grant to the driver covers it from then on (made again after a
 * restart).  0, or -ENOSPC (BDEV_REGIONS used), -EINVAL. */
int bdev_region(struct bdev *b, void *addr, size_t len);

/* Puts io on the ring, or in the queue when every slot is busy.  Checks
 * io first: a request that is malformed (segments not adding up to
 * bi_count sectors, too many, a write on a read-only open) is answered
 * at once through bi_done() with -EINVAL or -EROFS.  Returns 0. */
int bdev_submit(struct bdev *b, struct bdev_io *io);

/* Takes the completions the driver posted and calls their bi_done(),
 * then moves queued requests onto the freed slots.  Returns how many
 * completed.  A driver found dead meanwhile is rebound (see above). */
int bdev_poll(struct bdev *b);

/* Whether the driver b uses is still the one ds names; if not, rebinds
 * and resubmits.  For a loop that learns of restarts from rs (a
 * dependency change) or runs a watchdog.  Returns 0, or -EIO when the
 * device stayed dead too long (every request then failed with -EIO). */
int bdev_check(struct bdev *b);

/* True when a notification from `from` concerns b. */
bool bdev_from(const struct bdev *b, endpoint_t from);

/* Requests submitted and not yet answered (in flight or queued). */
uint32_t bdev_pending(const struct bdev *b);

/* Blocks until at least one request completes (calling bi_done()), or
 * until none is pending.  Receives only from the driver, so a caller
 * that must keep serving others uses bdev_poll() from its loop instead,
 * or runs on a libworker worker: then it sleeps until the loop's
 * bdev_poll() or bdev_check() wakes it, and may return 0 (look again).
 * Returns the count completed, 0, or -EIO (dead too long). */
int bdev_wait(struct bdev *b);

/* Synchronous read or write (op BLK_READ or BLK_WRITE) of len bytes at
 * sector into or from buf (our memory), split into requests as the
 * geometry allows and in flight together.  The bytes moved, or -E*. */
int64_t bdev_rw(struct bdev *b, uint32_t op, uint64_t sector, void *buf, size_t len);

/* BLK_FLUSH, waited for: 0 or -E*. */
int bdev_flush(struct bdev *b);
