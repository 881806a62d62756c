/*
 * ext2: the second extended file system on a block device
 * (include/xinim/proto/fs.h), one server for every mount.  libfsdriver
 * runs the loop and hands each request, copied and checked, to one
 * callback here, which checks its inode numbers against the ring's mount
 * and calls the core (ext2.h).  Read data moves from the cache's blocks
 * to the request's grant SAFECOPY_VEC_MAX blocks per kernel call.
 * Requests run on workers (server.h says how they overlap).  A timer
 * writes dirty blocks back every E2_WRITEBACK_NS (and marks the disk
 * clean when all is written).  Console lines name what is wrong with a
 * disk.
 */
#include <libdriver/driver.h>
#include <libfsdriver/fsdriver.h>
#include <libsys/clock.h>
#include <libworker/worker.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include "server.h"

#define CHUNK 8192 /* bytes of directory entries per FS_GETDENTS */

static uint64_t wb_due; /* clock_now_ns() when the next write-back is due */
static bool checking;   /* the timer is set to E2_CHECK_NS */

void
e2_console(const char *line)
{
	printf("ext2: %s\n", line);
}

int64_t
e2_clock_ns(void)
{
	return (int64_t)clock_now_ns();
}

static struct e2fs *
vol(struct fsdriver_req *rq)
{
	return &((struct e2_mount *)rq->fr_mount)->m_fs;
}

/* The ext2 inode of outside number ino on the request's mount, or 0
 * with *err: -EXDEV for another of the client's mounts, -ENOENT. */
static uint32_t
node(struct fsdriver_req *rq, uint64_t ino, int64_t *err)
{
	struct e2fs *fs = vol(rq);
	uint32_t low = (uint32_t)ino;

	*err = 0;
	if (ino >> 32 == fs->f_id && low >= 1 && low <= fs->f_sb.s_inodes_count) {
		return low;
	}
	*err = e2_srv_other(rq->fr_client, (uint32_t)(ino >> 32), rq->fr_mount) ? -EXDEV : -ENOENT;
	return 0;
}

/* A changing op on a mount the core made read-only. */
static bool
refused(struct fsdriver_req *rq)
{
	return vol(rq)->f_ro || vol(rq)->f_broken;
}

/* Answers with ino's attributes (and ino as the node when node). */
static int64_t
answer(struct fsdriver_req *rq, uint32_t ino, bool as_node)
{
	struct e2_inode in;
	int r = e2_iget(vol(rq), ino, &in);

	if (r != 0) {
		return r;
	}
	e2_attr(vol(rq), ino, &in, &rq->fr_attr);
	rq->fr_rp.node.fn_ino = as_node ? rq->fr_attr.fa_ino : 0;
	return 0;
}

static int64_t
x_lookup(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t dir = node(rq, rq->fr_rq.node.fn_ino, &r), ino;

	if (dir == 0) {
		return r;
	}
	r = e2_lookup(vol(rq), dir, rq->fr_name, &ino);
	return r != 0 ? r : answer(rq, ino, true);
}

static int64_t
x_getattr(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t ino = node(rq, rq->fr_rq.node.fn_ino, &r);

	return ino == 0 ? r : answer(rq, ino, false);
}

static int64_t
x_setattr(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t ino = node(rq, rq->fr_rq.setattr.fsa_ino, &r);

	if (ino == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	r = e2_setattr(vol(rq), ino, rq->fr_rq.setattr.fsa_mask, &rq->fr_attr_in);
	return r != 0 ? r : answer(rq, ino, false);
}

/* Data in pieces of cache blocks, moved SAFECOPY_VEC_MAX at a time
 * (one kernel call) to the client (out) or from it: the core's copy
 * functions only note where a piece is, and the pieces move when the
 * vector is full, at the core's batch points (a piece of no bytes) and
 * at the end.  The core keeps the blocks cached until then. */
struct pieces {
	struct fsdriver_req *rq;
	bool out;
	struct fsdriver_piece p[SAFECOPY_VEC_MAX];
	int n;
	uint64_t off; /* of the first piece, in the request's data */
	uint64_t len; /* bytes in the pieces */
};

static int
pieces_send(struct pieces *ps)
{
	int r = 0;

	if (ps->n > 0) {
		r = fsdriver_copy_vec(ps->rq, ps->off, ps->p, ps->n, ps->out);
	}
	ps->off += ps->len;
	ps->len = 0;
	ps->n = 0;
	return r;
}

static int
piece(void *arg, uint64_t off, void *buf, size_t len)
{
	struct pieces *ps = arg;

	(void)off; /* the core goes through the data in order */
	if (len == 0) {
		return pieces_send(ps);
	}
	if (ps->n == SAFECOPY_VEC_MAX) {
		int r = pieces_send(ps);

		if (r != 0) {
			return r;
		}
	}
	ps->p[ps->n++] = (struct fsdriver_piece){ buf, len };
	ps->len += len;
	return 0;
}

static int64_t
x_read(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	struct pieces ps = { .rq = rq, .out = true };
	int64_t r;
	uint32_t ino = node(rq, io->fio_ino, &r);
	int c;

	if (ino == 0) {
		return r;
	}
	r = e2_read(vol(rq), ino, io->fio_off, io->fio_len, piece, &ps);
	if (r <= 0) {
		return r;
	}
	/* What the core read but is not sent yet goes now. */
	c = pieces_send(&ps);
	if (c != 0) {
		return (int64_t)(ps.off - ps.len) > 0 ? (int64_t)(r - (int64_t)ps.len) : c;
	}
	return r;
}

static int64_t
x_write(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	struct pieces ps = { .rq = rq, .out = false };
	int64_t r;
	uint32_t ino = node(rq, io->fio_ino, &r);

	if (ino == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	r = e2_write(vol(rq), ino, io->fio_off, io->fio_len, piece, &ps);
	if (r >= 0) {
		answer(rq, ino, false);
	}
	return r;
}

static int64_t
x_create(struct fsdriver_req *rq)
{
	const struct fs_rq_create *c = &rq->fr_rq.create;
	int64_t r;
	uint32_t dir = node(rq, c->fc_dir, &r), ino;

	if (dir == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	if (rq->fr_op == FS_SYMLINK) {
		r = e2_symlink(vol(rq), dir, rq->fr_name, rq->fr_name2, c->fc_uid, c->fc_gid, &ino);
	} else {
		r = e2_create(vol(rq), dir, rq->fr_name, c->fc_mode, c->fc_uid, c->fc_gid,
		    c->fc_rdev, &ino);
	}
	return r != 0 ? r : answer(rq, ino, true);
}

static int64_t
x_readlink(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t ino = node(rq, rq->fr_rq.node.fn_ino, &r);

	return ino == 0 ? r : e2_readlink(vol(rq), ino, rq->fr_out2, sizeof(rq->fr_out2));
}

static int64_t
x_link(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t dir = node(rq, rq->fr_rq.link.fl_dir, &r), ino = 0;

	if (dir != 0) {
		ino = node(rq, rq->fr_rq.link.fl_ino, &r);
	}
	if (ino == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	r = e2_link(vol(rq), dir, rq->fr_name, ino);
	return r != 0 ? r : answer(rq, ino, false);
}

static int64_t
x_remove(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t dir = node(rq, rq->fr_rq.node.fn_ino, &r);

	if (dir == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	return e2_unlink(vol(rq), dir, rq->fr_name, rq->fr_op == FS_RMDIR);
}

static int64_t
x_rename(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t od = node(rq, rq->fr_rq.rename.fr_olddir, &r), nd = 0;

	if (od != 0) {
		nd = node(rq, rq->fr_rq.rename.fr_newdir, &r);
	}
	if (nd == 0) {
		return r;
	}
	if (refused(rq)) {
		return -EROFS;
	}
	return e2_rename(vol(rq), od, rq->fr_name, nd, rq->fr_name2);
}

static int64_t
x_getdents(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t cookie = io->fio_off;
	uint8_t chunk[CHUNK]; /* on the worker's stack: listings overlap */
	int64_t r;
	uint32_t dir = node(rq, io->fio_ino, &r);

	if (dir == 0) {
		return r;
	}
	r = e2_getdents(vol(rq), dir, &cookie, chunk,
	    io->fio_len > CHUNK ? CHUNK : (size_t)io->fio_len);
	return fsdriver_dents_answer(rq, r, chunk, cookie);
}

static int64_t
x_sync(struct fsdriver_req *rq)
{
	/* fsync of one node and sync of all: the whole mount, either way. */
	return e2_sync(vol(rq), true);
}

static int64_t
x_statfs(struct fsdriver_req *rq)
{
	if (rq->fr_rq.node.fn_ino != ((uint64_t)vol(rq)->f_id << 32 | E2_ROOT_INO)) {
		return -EINVAL;
	}
	e2_statfs(vol(rq), &rq->fr_rp.statfs);
	rq->fr_rp.statfs.sf_flags |= rq->fr_flags;
	return 0;
}

static int64_t
x_ref(struct fsdriver_req *rq)
{
	int64_t r;
	uint32_t ino = node(rq, rq->fr_rq.node.fn_ino, &r);

	if (ino == 0) {
		return r;
	}
	return rq->fr_op == FS_REF ? e2_ref(vol(rq), ino) : e2_putnode(vol(rq), ino);
}

/* What may run beside reads: the ops that change nothing, FS_REF (a
 * count) and an FS_PUTNODE that only counts. */
static bool
x_shares(const struct fsdriver_req *rq)
{
	struct fsdriver_req *q = (struct fsdriver_req *)rq;
	int64_t err;
	uint32_t ino;

	if (fsdriver_op_shares(rq->fr_op) || rq->fr_op == FS_REF) {
		return true;
	}
	if (rq->fr_op != FS_PUTNODE || rq->fr_mount == NULL) {
		return false;
	}
	ino = node(q, rq->fr_rq.node.fn_ino, &err);
	return ino == 0 || e2_putnode_counts(vol(q), ino);
}

static int
x_init(int argc, char **argv, bool restored)
{
	wb_due = clock_now_ns() + E2_WRITEBACK_NS;
	driver_timer(E2_WRITEBACK_NS);
	return 0;
}

void
e2_srv_waiting(void)
{
	if (!checking) {
		checking = true;
		driver_timer(E2_CHECK_NS);
	}
}

/* The one timer: the driver checks while requests wait, and the
 * write-back when it is due and no request is on a worker. */
static void
x_timer(void)
{
	uint64_t now = clock_now_ns(), next;
	bool waiting = e2_srv_check();

	if (now >= wb_due && worker_busy() == 0) {
		e2_srv_writeback();
		now = clock_now_ns();
		wb_due = now + E2_WRITEBACK_NS;
	}
	next = wb_due > now ? wb_due - now : E2_CHECK_NS;
	checking = waiting || worker_busy() > 0;
	if (checking && next > E2_CHECK_NS) {
		next = E2_CHECK_NS;
	}
	driver_timer(next);
}

static void
x_notify(endpoint_t from)
{
	e2_srv_poll(from);
}

static const struct fsdriver_ops ext2_ops = {
	.init = x_init,
	.mount = e2_srv_mount,
	.unmount = e2_srv_unmount,
	.lookup = x_lookup,
	.getattr = x_getattr,
	.setattr = x_setattr,
	.read = x_read,
	.write = x_write,
	.create = x_create,
	.symlink = x_create,
	.readlink = x_readlink,
	.link = x_link,
	.unlink = x_remove,
	.rmdir = x_remove,
	.rename = x_rename,
	.getdents = x_getdents,
	.sync = x_sync,
	.statfs = x_statfs,
	.ref = x_ref,
	.putnode = x_ref,
	.timer = x_timer,
	.notify = x_notify,
	.fo_workers = E2_WORKERS,
	.fo_shares = x_shares,
	.fo_worker_stack = E2_WORKER_STACK,
};

int
main(int argc, char **argv)
{
	fsdriver_main(&ext2_ops, argc, argv);
}
