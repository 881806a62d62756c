/*
 * Waiting (libbdev/bdev.h): finding out that the driver restarted
 * (bdev_check), blocking until requests complete (bdev_wait), and the
 * synchronous helpers built on it (bdev_rw, bdev_flush).
 */
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <libworker/worker.h>
#include "bdev_int.h"

int
bdev_check(struct bdev *b)
{
	endpoint_t ep;

	if (!b->b_open) {
		return 0;
	}
	if (!b->b_dead) {
		ep = bdev_sys->bs_lookup(b->b_service);
		if (ep < 0 || ep == b->b_ep) {
			return 0;
		}
		/* A new instance: what the old one answered still counts. */
		bdev_harvest(b);
		bdev_lost(b);
	}
	if (bdev_bind(b) == 0) {
		worker_wakeup(b);
		return 0;
	}
	if (bdev_sys->bs_now() - b->b_dead_since > BDEV_REBIND_NS) {
		if (bdev_pending(b) != 0) {
			printf("bdev: %s stayed dead for %lu s: its requests fail (EIO)\n",
			    b->b_service, (unsigned long)(BDEV_REBIND_NS / 1000000000ull));
		}
		bdev_fail_all(b, -EIO);
		worker_wakeup(b);
		return -EIO;
	}
	return 0;
}

/* bdev_wait() on a worker: the server's loop takes the completions
 * (bdev_poll) and finds new instances (bdev_check), and wakes us. */
static int
wait_on_worker(struct bdev *b)
{
	for (;;) {
		int n;

		if (bdev_pending(b) == 0) {
			return 0;
		}
		if (b->b_dead) {
			if (bdev_check(b) < 0) {
				return -EIO;
			}
			if (b->b_dead) {
				worker_sleep(b, 0);
				return 0;
			}
		}
		n = bdev_harvest(b);
		bdev_start(b);
		if (n > 0) {
			return n;
		}
		if (!b->b_dead && ring_cons_idle(&b->b_cq)) {
			worker_sleep(b, 0);
			return 0;
		}
	}
}

int
bdev_wait(struct bdev *b)
{
	struct message m;
	int n, err;

	if (worker_in()) {
		return wait_on_worker(b);
	}
	for (;;) {
		if (bdev_pending(b) == 0) {
			return 0;
		}
		if (b->b_dead) {
			if (bdev_check(b) < 0) {
				return -EIO;
			}
			if (b->b_dead) {
				bdev_sys->bs_yield();
			}
			continue;
		}
		n = bdev_harvest(b);
		bdev_start(b);
		if (n > 0) {
			return n;
		}
		if (b->b_dead || !ring_cons_idle(&b->b_cq)) {
			continue;
		}
		err = bdev_sys->bs_receive(b->b_ep, &m);
		if (err != 0) {
			/* Died: keep what it answered, then find the new one. */
			bdev_harvest(b);
			bdev_lost(b);
		}
	}
}

struct rw_state {
	uint32_t rs_left;
	int64_t rs_err;
	uint64_t rs_bytes;
};

static void
rw_done(struct bdev_io *io, int64_t result)
{
	struct rw_state *st = io->bi_arg;

	st->rs_left--;
	if (result < 0 && st->rs_err == 0) {
		st->rs_err = result;
	} else if (result > 0) {
		st->rs_bytes += (uint64_t)result;
	}
}

/* Waits for every request of st. */
static int64_t
rw_wait(struct bdev *b, struct rw_state *st)
{
	while (st->rs_left != 0) {
		if (bdev_wait(b) < 0 && st->rs_left != 0) {
			return -EIO;
		}
	}
	return st->rs_err;
}

#define RW_BATCH 8

int64_t
bdev_rw(struct bdev *b, uint32_t op, uint64_t sector, void *buf, size_t len)
{
	struct bdev_io ios[RW_BATCH];
	uint32_t ss = b->b_geom.bg_sector_size;
	uint64_t chunk, done = 0;
	struct rw_state st;
	int64_t err;

	if (!b->b_open) {
		return -EBADF;
	}
	if ((op != BLK_READ && op != BLK_WRITE) || ss == 0 || len % ss != 0) {
		return -EINVAL;
	}
	chunk = b->b_geom.bg_max_bytes - b->b_geom.bg_max_bytes % ss;
	while (done < len) {
		memset(&st, 0, sizeof(st));
		for (int i = 0; i < RW_BATCH && done < len; i++) {
			struct bdev_io *io = &ios[i];
			uint64_t n = len - done < chunk ? len - done : chunk;

			memset(io, 0, sizeof(*io));
			io->bi_op = op;
			io->bi_sector = sector + done / ss;
			io->bi_count = n / ss;
			io->bi_nseg = 1;
			io->bi_seg[0] =
			    (struct bdev_seg){ .bsg_addr = (char *)buf + done, .bsg_len = n };
			io->bi_done = rw_done;
			io->bi_arg = &st;
			st.rs_left++;
			done += n;
			bdev_submit(b, io);
		}
		err = rw_wait(b, &st);
		if (err < 0) {
			return err;
		}
	}
	return (int64_t)len;
}

int
bdev_flush(struct bdev *b)
{
	struct bdev_io io;
	struct rw_state st = { .rs_left = 1 };

	memset(&io, 0, sizeof(io));
	io.bi_op = BLK_FLUSH;
	io.bi_done = rw_done;
	io.bi_arg = &st;
	bdev_submit(b, &io);
	return (int)rw_wait(b, &st);
}
