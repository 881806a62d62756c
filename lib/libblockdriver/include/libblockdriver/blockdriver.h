/*
 * libblockdriver: the block protocol (xinim/proto/blk.h) on the driver's
 * side, for virtio-blk and ahci.  The library answers BLK_OPEN and
 * BLK_CLOSE, maps each client's shared area, drains its submission ring,
 * checks every request (blockdriver_check()) and hands the driver only
 * well-formed ones, with sectors already made absolute on the device; the
 * driver answers them, at once or later, with blockdriver_done(), and the
 * library posts the completions, one notification per batch at most.
 *
 * A driver with devices:
 *   ops.bdo_geometry(dev)  the geometry of the whole device dev
 *   ops.bdo_submit(rq)     start rq: 0 (blockdriver_done() follows,
 *                          perhaps from inside), or < 0 (answered so)
 *   ops.bdo_kick()         optional: after a batch was submitted (one
 *                          doorbell for many requests)
 * and in its libdriver callbacks: request() passes BLK_OPEN/BLK_CLOSE
 * to blockdriver_request(), notify() calls blockdriver_notified(), and
 * after completing a batch of requests (an interrupt's worth) it calls
 * blockdriver_commit_all().
 *
 * Nothing in a client's area is trusted: a slot number out of range or
 * already in flight is dropped (counted in bc_errors and logged: there is
 * no slot to answer in), a broken ring ends service on that area.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <libblockdriver/partition.h>
#include <libring/ring.h>
#include <xinim/ipc.h>
#include <xinim/proto/blk.h>

#define BLOCKDRIVER_MAX_DEVS 8   /* devices per driver */
#define BLOCKDRIVER_MAX_CONNS 16 /* open (client, minor) pairs per driver */

/* What one request may be: the device's limits and the minor's window. */
struct blockdriver_limits {
	uint32_t bl_sector_size; /* a power of two, 512 .. 4096 */
	uint32_t bl_features;    /* BLK_FEAT_* */
	uint32_t bl_max_segs;    /* 1 .. BLK_MAX_SEGS */
	uint32_t bl_max_bytes;   /* per request, a multiple of the sector */
	uint64_t bl_start;       /* the minor's first sector on the device */
	uint64_t bl_sectors;     /* the minor's length */
	bool bl_writable;        /* opened with BLK_OPEN_WRITE */
};

struct blockdriver_conn;

/* A checked request, as the driver sees it. */
struct blockdriver_req {
	uint32_t br_op;    /* BLK_READ .. BLK_WRITE_ZEROES (not BLK_GEOMETRY) */
	uint32_t br_flags; /* BLK_FL_* */
	uint32_t br_dev;
	uint32_t br_nseg;
	uint64_t br_sector;  /* absolute on the device */
	uint64_t br_count;   /* sectors */
	uint64_t br_bytes;   /* of data: br_count * sector size, or 0 */
	endpoint_t br_owner; /* owns the segments' grants */
	struct blk_seg br_seg[BLK_MAX_SEGS];
	/* The library's. */
	struct blockdriver_conn *br_conn;
	uint32_t br_slot;
	void *br_driver; /* the driver's, free for it to use */
};

struct blockdriver_ops {
	int (*bdo_geometry)(uint32_t dev, struct blk_geometry *out);
	int (*bdo_submit)(struct blockdriver_req *rq);
	void (*bdo_kick)(void);
};

/* One client's open minor. */
struct blockdriver_conn {
	bool bc_used;
	bool bc_closing; /* closed: freed once nothing is in flight */
	bool bc_broken;  /* a ring was implausible: nothing more is served */
	bool bc_draining;
	bool bc_cq_dirty; /* completions posted but not committed */
	endpoint_t bc_client;
	uint32_t bc_minor;
	uint32_t bc_dev;
	uint32_t bc_inflight_count;
	uint32_t bc_errors; /* requests dropped for bad slot numbers */
	struct blk_shared *bc_area;
	struct ring_view bc_sq, bc_cq;
	struct blockdriver_limits bc_lim;
	const struct blockdriver_ops *bc_ops;
	void (*bc_notify)(endpoint_t to); /* ipc_notify, or a test's */
	uint64_t bc_inflight[(BLK_RING_SLOTS + 63) / 64];
	struct blockdriver_req bc_req[BLK_RING_SLOTS];
};

/* Checks the slot s (a private copy) against lim and fills *out (all but
 * the library's fields).  0, or -EINVAL (malformed), -ERANGE (sectors
 * past the minor's end), -EROFS (writing a read-only device or a minor
 * not opened for writing), -ENOTSUP (BLK_WRITE_ZEROES without
 * BLK_FEAT_WRITE_ZEROES); *why then says what was wrong. */
int blockdriver_check(const struct blk_slot *s, const struct blockdriver_limits *lim,
    struct blockdriver_req *out, const char **why);

/* Sets c up over a mapped area the client initialised.  0, or -EINVAL
 * when the rings cannot be attached. */
int blockdriver_conn_init(struct blockdriver_conn *c, struct blk_shared *area, endpoint_t client,
    uint32_t minor, uint32_t dev, const struct blockdriver_limits *lim,
    const struct blockdriver_ops *ops, void (*notify)(endpoint_t to));

/* Takes every request on c's submission ring until it is empty and the
 * ring's wait flag is set, then commits the completions posted. */
void blockdriver_drain(struct blockdriver_conn *c);

/* Answers rq with result (bytes, 0 or -E*).  Outside a drain, call
 * blockdriver_commit() (or blockdriver_commit_all()) after a batch. */
void blockdriver_done(struct blockdriver_req *rq, int64_t result);

/* Publishes c's posted completions and notifies the client if it
 * sleeps. */
void blockdriver_commit(struct blockdriver_conn *c);

/* The message side (open.c): BLK_OPEN, BLK_CLOSE.  Returns as
 * driver_ops.request does; -ENOSYS for other messages. */
void blockdriver_init(const struct blockdriver_ops *ops);
/* Names device dev's partitions: parts[i] is partition i + 1 (minor
 * BLK_MINOR(dev, i + 1)); n <= BLK_PARTS - 1, what partition_scan()
 * returned.  A minor already open keeps its old window. */
int blockdriver_set_partitions(uint32_t dev, const struct blk_part *parts, int n);
int blockdriver_request(const struct message *m, struct message *reply);
void blockdriver_notified(endpoint_t from);
void blockdriver_commit_all(void);
