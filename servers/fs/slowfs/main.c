/*
 * slowfs's server (slowfs.h): libfsdriver's callbacks, and the waiting
 * reads.  A read is checked at once (its inode, its span), then deferred
 * with its due time; the timer answers every read that is due, copying
 * the bytes through the request's grant, and re-arms for the next.  The
 * server never sleeps, so its heartbeats and every other request go on
 * while reads wait.  Changes answer -EROFS (no callbacks for them); a
 * writable mount is allowed (fstab mounts with no flags) but changes
 * nothing.
 */
#include <libdriver/driver.h>
#include <libfsdriver/fsdriver.h>
#include <libsys/clock.h>
#include <string.h>
#include <xinim/errno.h>
#include "slowfs.h"

#define WAITING 64 /* reads waiting at once, all mounts together */
#define CHUNK 8192

struct slow_mount {
	bool sm_used;
	uint32_t sm_delay_ms;
};

struct waiting {
	bool w_used;
	uint64_t w_due_ns;
	struct fsdriver_later w_later;
	struct fsdriver_req w_rq; /* the request as it came (its grant, span) */
};

static struct slow_mount mounts[FSDRIVER_RINGS];
static struct waiting waiting[WAITING];
static uint8_t chunk[CHUNK];

/* Arms the timer for the earliest waiting read (none: off). */
static void
timer_arm(void)
{
	uint64_t now = clock_now_ns(), first = UINT64_MAX;

	for (int i = 0; i < WAITING; i++) {
		if (waiting[i].w_used && waiting[i].w_due_ns < first) {
			first = waiting[i].w_due_ns;
		}
	}
	if (first == UINT64_MAX) {
		driver_timer(0);
		return;
	}
	driver_timer(first > now ? first - now : 1);
}

/* Copies the read's bytes and answers it. */
static void
read_answer(struct waiting *w)
{
	const struct fs_rq_io *io = &w->w_rq.fr_rq.io;
	uint64_t done = 0;
	int64_t r = 0;

	while (done < io->fio_len) {
		size_t want = io->fio_len - done > CHUNK ? CHUNK : (size_t)(io->fio_len - done);
		size_t n = slowfs_fill(io->fio_off + done, chunk, want);
		int c;

		if (n == 0) {
			break;
		}
		c = fsdriver_copy_out(&w->w_rq, done, chunk, n);
		if (c != 0) {
			r = c;
			break;
		}
		done += n;
	}
	/* The client may be gone meanwhile: then the answer goes nowhere. */
	(void)fsdriver_answer(&w->w_later, &w->w_rq, done != 0 ? (int64_t)done : r);
	w->w_used = false;
}

static void
s_timer(void)
{
	uint64_t now = clock_now_ns();

	for (int i = 0; i < WAITING; i++) {
		if (waiting[i].w_used && waiting[i].w_due_ns <= now) {
			read_answer(&waiting[i]);
		}
	}
	timer_arm();
}

static int64_t
s_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	struct slow_mount *sm = NULL;
	uint32_t delay;
	int r = slowfs_opts_parse(source, &delay);

	if (r != 0) {
		return r;
	}
	for (int i = 0; i < FSDRIVER_RINGS && sm == NULL; i++) {
		if (!mounts[i].sm_used) {
			sm = &mounts[i];
		}
	}
	if (sm == NULL) {
		return -ENOSPC;
	}
	sm->sm_used = true;
	sm->sm_delay_ms = delay;
	*mount = sm;
	rq->fr_rp.node.fn_ino = SLOWFS_ROOT_INO;
	return slowfs_attr(SLOWFS_ROOT_INO, &rq->fr_attr);
}

static int64_t
s_unmount(struct fsdriver_req *rq)
{
	if (!rq->fr_forced && rq->fr_rq.node.fn_ino != SLOWFS_ROOT_INO) {
		return -EINVAL;
	}
	memset(rq->fr_mount, 0, sizeof(struct slow_mount));
	return 0;
}

static int64_t
s_lookup(struct fsdriver_req *rq)
{
	int64_t ino = slowfs_lookup(rq->fr_rq.node.fn_ino, rq->fr_name);

	if (ino < 0) {
		return ino;
	}
	rq->fr_rp.node.fn_ino = (uint64_t)ino;
	return slowfs_attr((uint64_t)ino, &rq->fr_attr);
}

static int64_t
s_getattr(struct fsdriver_req *rq)
{
	return slowfs_attr(rq->fr_rq.node.fn_ino, &rq->fr_attr);
}

static int64_t
s_read(struct fsdriver_req *rq)
{
	const struct slow_mount *sm = rq->fr_mount;
	struct waiting *w = NULL;

	if (rq->fr_rq.io.fio_ino == SLOWFS_ROOT_INO) {
		return -EISDIR;
	}
	if (rq->fr_rq.io.fio_ino != SLOWFS_DATA_INO) {
		return -ENOENT;
	}
	if (rq->fr_rq.io.fio_len == 0 || rq->fr_rq.io.fio_off >= SLOWFS_SIZE) {
		return 0;
	}
	for (int i = 0; i < WAITING && w == NULL; i++) {
		if (!waiting[i].w_used) {
			w = &waiting[i];
		}
	}
	if (w == NULL) {
		return -EAGAIN;
	}
	w->w_used = true;
	w->w_due_ns = clock_now_ns() + (uint64_t)sm->sm_delay_ms * 1000000ull;
	fsdriver_defer(rq, &w->w_later);
	w->w_rq = *rq;
	timer_arm();
	return 0;
}

static int64_t
s_readlink(struct fsdriver_req *rq)
{
	struct fs_attr a;

	return slowfs_attr(rq->fr_rq.node.fn_ino, &a) != 0 ? -ENOENT : -EINVAL;
}

static int64_t
s_getdents(struct fsdriver_req *rq)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;
	uint64_t cookie = io->fio_off;
	int64_t r = slowfs_getdents(io->fio_ino, &cookie, chunk,
	    io->fio_len > CHUNK ? CHUNK : (size_t)io->fio_len);

	return fsdriver_dents_answer(rq, r, chunk, cookie);
}

static int64_t
s_statfs(struct fsdriver_req *rq)
{
	struct xstatfs *sf = &rq->fr_rp.statfs;

	if (rq->fr_rq.node.fn_ino != SLOWFS_ROOT_INO) {
		return -EINVAL;
	}
	strlcpy(sf->sf_type, "slowfs", sizeof(sf->sf_type));
	sf->sf_bsize = 512;
	sf->sf_blocks = SLOWFS_SIZE / 512;
	sf->sf_files = 2;
	sf->sf_flags = rq->fr_flags | XMNT_RDONLY;
	return 0;
}

/* FS_REF, FS_PUTNODE, FS_SYNC: the inode must exist (0: everything). */
static int64_t
s_node(struct fsdriver_req *rq)
{
	struct fs_attr a;

	if (rq->fr_op == FS_SYNC && rq->fr_rq.node.fn_ino == 0) {
		return 0;
	}
	return slowfs_attr(rq->fr_rq.node.fn_ino, &a);
}

static const struct fsdriver_ops slowfs_ops = {
	.mount = s_mount,
	.unmount = s_unmount,
	.lookup = s_lookup,
	.getattr = s_getattr,
	.read = s_read,
	.readlink = s_readlink,
	.getdents = s_getdents,
	.sync = s_node,
	.statfs = s_statfs,
	.ref = s_node,
	.putnode = s_node,
	.timer = s_timer,
};

int
main(int argc, char **argv)
{
	fsdriver_main(&slowfs_ops, argc, argv);
}
