/*
 * libfsdriver: the skeleton every file-system server runs (initfs,
 * tmpfs, devfs, slowfs), over libdriver.  It speaks include/xinim/proto/
 * fs.h so that a file system only answers requests:
 *
 *   - FS_ATTACH: maps the client's shared area (kc_grant_map), checks its
 *     size, and keeps it as one ring of that client (at most
 *     FSDRIVER_RINGS in all).  The answer comes at once; no callback runs.
 *   - A notification from a client drains every ring of that client: for
 *     each slot number on fs_sq, the slot's op, typed request, attributes
 *     and names are copied ONCE out of shared memory into a private
 *     struct fsdriver_req and checked (the number < FS_RING_SLOTS and not
 *     already in service, both names NUL-terminated within their arrays),
 *     the op's callback runs, and fs_result, fs_rp, fs_attr and (for
 *     FS_READLINK) fs_name2 are written back before the number goes onto
 *     fs_cq.  The client is notified only when the ring asks for it.  A
 *     number that is out of range or already in service is dropped
 *     unanswered (there is no slot to answer in); a ring whose producer
 *     index is implausible (libring marks it broken) is closed.
 *   - Mounts are per ring: FS_MOUNT must be the first op on a ring (any
 *     other op before it answers -EINVAL, a second FS_MOUNT -EBUSY; a
 *     refused FS_MOUNT closes the ring after its answer, as vfs drops
 *     its area then);
 *     FS_UNMOUNT that the file system accepts closes the ring (the area
 *     is unmapped with KC_MUNMAP).  A request on a ring can only reach
 *     the mount made on that ring, hence only the client that made it.
 *   - Read-only: a mount with XMNT_RDONLY (or every mount of a file
 *     system with fo_read_only) answers -EROFS to every op that changes
 *     something, before any callback runs; a writable FS_MOUNT of an
 *     fo_read_only file system answers -EROFS.  A NULL callback answers
 *     -EROFS for the changing ops (setattr, write, create, symlink,
 *     link, unlink, rmdir, rename: a file system without them is
 *     read-only), 0 for sync, ref and putnode (nothing to do), and
 *     -ENOSYS for every other op.  An unknown op answers -ENOSYS.
 *   - Dead clients: libdriver does not say when a process dies, so rings
 *     are dropped when notifying their client fails, when an FS_ATTACH
 *     comes from a newer instance in the same process slot (a restarted
 *     vfs), and, when no ring is free, after probing each client with a
 *     notification (a live client just drains its completion ring).  A
 *     dropped ring's mount gets unmount() with fr_forced set.
 *
 * Data never travels in the shared area: fsdriver_copy_out() and
 * fsdriver_copy_in() move bytes through the request's own grant
 * (fio_grant, owned by the client), checked against fio_len.
 *
 * Callbacks return >= 0 (fs_result) or a negative E* code and answer in
 * rq->fr_rp and rq->fr_attr (zeroed before the call); they run one at a
 * time, unless fo_workers is set: then each runs on a libworker worker
 * and may wait there (a file system on a disk: libbdev's waits sleep the
 * worker), and the server goes on taking requests meanwhile.  One
 * reader-writer lock keeps a file system written for one request at a
 * time correct: lookup, getattr, read, getdents, readlink and statfs
 * run together, every other op (mount and unmount too) alone; what they
 * share must only be safe across a wait (a buffer being read is held).
 * A server may let more ops share (fo_shares: ext2's FS_REF, which only
 * counts).
 * Requests beyond fo_workers wait in arrival order.  A callback that must wait (slowfs's reads, a disk) calls
 * fsdriver_defer() instead of blocking: its slot stays in service, the
 * server goes on with other requests, and fsdriver_answer() posts the
 * answer later.  A deferred answer whose ring has gone meanwhile (its
 * client died, or unmounted) is dropped; FS_UNMOUNT answers -EBUSY while
 * the ring has deferred requests.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>

#define FSDRIVER_RINGS 16 /* rings (mounts) per server, all clients together */

struct fsdriver_ring;

/* One request, copied out of its slot: nothing here is shared memory. */
struct fsdriver_req {
	endpoint_t fr_client;
	struct fsdriver_ring *fr_ring;
	void *fr_mount;    /* what mount() left in *mount (NULL before) */
	uint32_t fr_flags; /* the mount's XMNT_* */
	uint32_t fr_op;    /* enum fs_op */
	uint32_t fr_slot;
	bool fr_forced; /* unmount(): the ring is going anyway (dead client) */
	__typeof__(((struct fs_slot *)0)->fs_rq) fr_rq;
	struct fs_attr fr_attr_in; /* FS_SETATTR's values */
	char fr_name[XNAME_MAX + 1];
	char fr_name2[XPATH_MAX];
	/* The answer (zeroed before the callback). */
	__typeof__(((struct fs_slot *)0)->fs_rp) fr_rp;
	struct fs_attr fr_attr;
	char fr_out2[XPATH_MAX]; /* FS_READLINK: the target (fs_result bytes) */
	bool fr_deferred;        /* fsdriver_defer() was called */
};

/* A deferred request: where its answer goes. */
struct fsdriver_later {
	struct fsdriver_ring *fl_ring;
	uint64_t fl_gen; /* the ring's generation: a reused ring is not it */
	uint32_t fl_slot;
};

typedef int64_t (*fsdriver_op_fn)(struct fsdriver_req *rq);

struct fsdriver_ops {
	/* Like driver_ops.init (NULL: nothing to do). */
	int (*init)(int argc, char **argv, bool restored);
	/* FS_MOUNT: source is fr_name2 ("none,size=8M"), flags fr_flags.
	 * Leave the root in fr_rp.node and its attributes in fr_attr, and
	 * what later requests on this ring need in *mount.  Required. */
	int64_t (*mount)(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount);
	/* FS_UNMOUNT of fr_rq.node (the root): 0 closes the ring, < 0
	 * (-EBUSY) keeps it.  With fr_forced the result is ignored: release
	 * the mount.  NULL: always 0. */
	int64_t (*unmount)(struct fsdriver_req *rq);
	fsdriver_op_fn lookup, getattr, setattr, read, write, create, symlink, readlink, link,
	    unlink, rmdir, rename, getdents, sync, statfs, ref, putnode;
	/* Messages that are not FS_ATTACH (devfs's CHR_*): as driver_ops. */
	int (*request)(const struct message *m, struct message *reply);
	/* Notifications from processes that hold no ring. */
	void (*notify)(endpoint_t from);
	void (*timer)(void);
	bool fo_read_only;   /* every mount is read-only */
	unsigned fo_workers; /* > 0: requests run on this many workers (see above) */
	/* With fo_workers: whether rq may run beside others (the lock's
	 * shared side), asked just before it runs and again after each wait
	 * for the lock, with rq as the op sees it (fr_mount NULL on a ring
	 * not mounted yet).  NULL: fsdriver_op_shares(rq->fr_op). */
	bool (*fo_shares)(const struct fsdriver_req *rq);
	size_t fo_worker_stack; /* bytes each (0: 64 KiB) */
	void *state;            /* driver_ops.state, state_size */
	size_t state_size;
};

/* The ops that change nothing: lookup, getattr, read, getdents,
 * readlink and statfs. */
bool fsdriver_op_shares(uint32_t op);

/* Runs the server (driver_main underneath); does not return. */
void fsdriver_main(const struct fsdriver_ops *ops, int argc, char **argv) __attribute__((noreturn));

/* Copies len bytes of buf to [off, off + len) of the request's data
 * (fs_rq.io): 0, -EINVAL when that is beyond fio_len, -EFAULT when the
 * kernel refuses the copy (never its own code: -EDEADSRCDST in a result
 * would tell vfs that this server died). */
int fsdriver_copy_out(const struct fsdriver_req *rq, uint64_t off, const void *buf, size_t len);
/* Copies [off, off + len) of the request's data into buf. */
int fsdriver_copy_in(const struct fsdriver_req *rq, uint64_t off, void *buf, size_t len);

/* The answer to FS_GETDENTS: r bytes of struct xdirent records in buf
 * (or r < 0, an error) and the cookie to go on from.  Returns what the
 * callback returns: r, or -EFAULT when the copy was refused. */
int64_t fsdriver_dents_answer(struct fsdriver_req *rq, int64_t r, const void *buf, uint64_t next);

/* A piece of the server's memory for fsdriver_copy_vec(). */
struct fsdriver_piece {
	void *fp_addr;
	size_t fp_len;
};
/* Moves the n pieces (at most SAFECOPY_VEC_MAX), back to back, to (out)
 * or from [off, ...) of the request's data in one kernel call, so a file
 * system copies straight from or into its own blocks: 0, -EINVAL,
 * -EFAULT. */
int fsdriver_copy_vec(const struct fsdriver_req *rq, uint64_t off, const struct fsdriver_piece *p,
    int n, bool out);

/* From a callback: answer rq later (the callback's result is then
 * ignored).  Keep rq (a copy: the library reuses it) for
 * fsdriver_copy_out()/in() and the answer. */
void fsdriver_defer(struct fsdriver_req *rq, struct fsdriver_later *later);
/* Answers a deferred request with result and rq's fr_rp, fr_attr (and
 * fr_out2 for FS_READLINK).  0, or -ENOENT when its ring has gone. */
int fsdriver_answer(const struct fsdriver_later *later, const struct fsdriver_req *rq,
    int64_t result);

/* The pure checks, public for the host tests (check.c). */

/* 0 when [off, off + len) lies within [0, total) (no overflow), -EINVAL. */
int fsdriver_range_ok(uint64_t off, uint64_t len, uint64_t total);
/* 0 when name has a NUL within its cap bytes, -ENAMETOOLONG. */
int fsdriver_name_ok(const char *name, size_t cap);
/* True for the ops that change the file system. */
bool fsdriver_op_changes(uint32_t op);
