/* unit-sources: lib/libbdev/open.c lib/libbdev/io.c lib/libbdev/wait.c lib/libworker/worker.c lib/libblockdriver/check.c lib/libblockdriver/queue.c lib/libring/ring.c */
/*
 * libbdev against a simulated driver built on libblockdriver's own ring
 * loop, so both sides of the block protocol meet as in the system:
 * reads and writes reach the simulated disk with the right bytes, more
 * requests than ring slots queue and complete in order, malformed ones
 * are refused before they leave, a driver that dies with requests in
 * flight is found again and every request is resent and completes with
 * the right bytes, a driver that keeps dying fails a request after
 * BDEV_TRIES submissions, one that stays dead fails everything with EIO
 * after BDEV_REBIND_NS, and a driver answering slots it was never given
 * is ignored.  On a libworker worker, a wait sleeps the worker and the
 * loop's poll or check wakes it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include <libblockdriver/blockdriver.h>
#include <libworker/worker.h>
#include "../../lib/libbdev/bdev_int.h"

#define DISK_SECTORS 4096
#define NGRANTS 512

static uint8_t disk[DISK_SECTORS * 512];

/* The simulated world: one driver instance at a time (endpoint sim_ep),
 * its grants in a table, its requests held or answered at once. */
static endpoint_t sim_ep;
static bool sim_alive;
static bool sim_hold;         /* keep requests instead of answering them */
static int sim_die_on_submit; /* > 0: die at each submission, this many times */
static bool sim_dying;        /* dies once the drain it is in returns */
static int sim_restart_after; /* yields before rs restarts it; < 0: never */
static int sim_yields;
static uint64_t sim_now;
static struct blockdriver_conn sim_conn;
static struct blockdriver_req *held[BLK_RING_SLOTS];
static int nheld;

struct sim_grant {
	bool used;
	endpoint_t to;
	uint8_t *addr;
	uint64_t len;
};
static struct sim_grant grants[NGRANTS];
static int live_grants;
static int sim_grant_max; /* > 0: the table holds this many (a full one: -ENOSPC) */

static int64_t
sim_grant(endpoint_t to, const volatile void *addr, size_t len, unsigned access)
{
	if (sim_grant_max > 0 && live_grants >= sim_grant_max) {
		return -ENOSPC;
	}
	for (int i = 1; i < NGRANTS; i++) {
		if (!grants[i].used) {
			grants[i] = (struct sim_grant){ true, to, (uint8_t *)addr, len };
			live_grants++;
			return i;
		}
	}
	return -ENOSPC;
}

static int64_t
sim_grant_indirect(endpoint_t to, endpoint_t owner, int64_t g, uint64_t off, uint64_t len,
    unsigned access)
{
	return -ENOSYS;
}

static int
sim_revoke(int64_t g)
{
	assert_true(g > 0 && g < NGRANTS && grants[g].used);
	grants[g].used = false;
	live_grants--;
	return 0;
}

static int
sim_copy(int64_t g, uint64_t off, void *disk_at, uint64_t len, bool to_client)
{
	assert_true(g > 0 && g < NGRANTS && grants[g].used);
	assert_int_equal(grants[g].to, sim_ep);
	assert_true(off + len <= grants[g].len);
	if (to_client) {
		memcpy(grants[g].addr + off, disk_at, len);
	} else {
		memcpy(disk_at, grants[g].addr + off, len);
	}
	return 0;
}

static void
sim_finish(struct blockdriver_req *rq)
{
	uint8_t *at = disk + rq->br_sector * 512;

	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		sim_copy(rq->br_seg[i].bs_grant, rq->br_seg[i].bs_off, at, rq->br_seg[i].bs_len,
		    rq->br_op == BLK_READ);
		at += rq->br_seg[i].bs_len;
	}
	blockdriver_done(rq, (int64_t)rq->br_bytes);
}

static void sim_die(void);

static int
sim_submit(struct blockdriver_req *rq)
{
	if (sim_die_on_submit > 0) {
		sim_die_on_submit--;
		sim_dying = true; /* the request is lost with it */
		return 0;
	}
	if (sim_hold) {
		held[nheld++] = rq;
		return 0;
	}
	sim_finish(rq);
	return 0;
}

static int
sim_geometry(uint32_t dev, struct blk_geometry *g)
{
	*g = (struct blk_geometry){ DISK_SECTORS, 512, BLK_FEAT_FLUSH, 4, 64 * 1024 };
	return 0;
}

static const struct blockdriver_ops sim_ops = { .bdo_geometry = sim_geometry,
	.bdo_submit = sim_submit };

static bool client_notified;

static void
sim_notify_client(endpoint_t to)
{
	client_notified = true;
}

static void
sim_die(void)
{
	sim_alive = false;
	sim_dying = false;
	sim_yields = 0;
	memset(&sim_conn, 0, sizeof(sim_conn));
	nheld = 0;
}

static void
sim_restart(void)
{
	if (sim_alive) {
		return;
	}
	sim_ep += 100;
	sim_alive = true;
}

static int
sim_call(endpoint_t to, struct message *m)
{
	struct msg_blk_open o;
	struct blk_geometry g;
	struct blockdriver_limits lim;

	if (!sim_alive || to != sim_ep) {
		return -EDEADSRCDST;
	}
	if (m->m_type == BLK_CLOSE) {
		memset(&sim_conn, 0, sizeof(sim_conn));
		m->m_type = BLK_REPLY;
		return 0;
	}
	assert_int_equal(m->m_type, BLK_OPEN);
	o = *MSG_PAYLOAD(m, struct msg_blk_open);
	assert_true(o.bo_grant > 0 && grants[o.bo_grant].used);
	assert_int_equal(grants[o.bo_grant].len, BLK_SHARED_SIZE);
	sim_geometry(0, &g);
	lim = (struct blockdriver_limits){ 512, g.bg_features, g.bg_max_segs, g.bg_max_bytes, 0,
		g.bg_sectors, (o.bo_flags & BLK_OPEN_WRITE) != 0 };
	memset(m, 0, sizeof(*m));
	m->m_type = BLK_REPLY;
	assert_int_equal(blockdriver_conn_init(&sim_conn,
	                     (struct blk_shared *)grants[o.bo_grant].addr, 7, o.bo_minor, 0, &lim,
	                     &sim_ops, sim_notify_client),
	    0);
	MSG_PAYLOAD(m, struct msg_blk_opened)->bd_geometry = g;
	blockdriver_drain(&sim_conn);
	if (sim_dying) {
		sim_die();
	}
	return 0;
}

static int
sim_notify(endpoint_t to)
{
	if (!sim_alive || to != sim_ep) {
		return -EDEADSRCDST;
	}
	blockdriver_drain(&sim_conn);
	if (sim_dying) {
		sim_die();
	}
	return 0;
}

/* A wait: the driver answers what it holds (or dies, as set up). */
static int
sim_receive(endpoint_t from, struct message *m)
{
	if (!sim_alive || from != sim_ep) {
		return -EDEADSRCDST;
	}
	if (nheld == 0) {
		/* Nothing would ever come: the test is wrong. */
		fail_msg("bdev waits for a driver that holds nothing");
	}
	sim_hold = false;
	for (int i = 0; i < nheld; i++) {
		sim_finish(held[i]);
	}
	nheld = 0;
	blockdriver_commit(&sim_conn);
	m->m_type = MSG_NOTIFY;
	m->m_source = sim_ep;
	return 0;
}

static endpoint_t
sim_lookup(const char *name)
{
	assert_string_equal(name, "virtio-blk");
	return sim_alive ? sim_ep : -ENOENT;
}

static uint64_t
sim_clock(void)
{
	return sim_now;
}

static void sim_restart(void);

/* Time passes (1 ms a yield), and rs restarts a dead driver. */
static void
sim_yield(void)
{
	sim_now += 1000000;
	if (!sim_alive && sim_restart_after >= 0 && ++sim_yields > sim_restart_after) {
		sim_restart();
	}
}

const struct bdev_sys *bdev_sys;

static const struct bdev_sys sim_sys = { sim_grant, sim_grant_indirect, sim_revoke, sim_call,
	sim_notify, sim_receive, sim_lookup, sim_clock, sim_yield };

static struct bdev bd;
static const uint32_t RDEV = XDEV_MAKE(BLK_MAJOR_VIRTIO, 0);

static int
setup(void **state)
{
	bdev_sys = &sim_sys;
	memset(grants, 0, sizeof(grants));
	live_grants = 0;
	sim_ep = 40;
	sim_alive = true;
	sim_hold = false;
	sim_die_on_submit = 0;
	sim_dying = false;
	sim_restart_after = 3;
	sim_yields = 0;
	nheld = 0;
	sim_now = 1;
	for (size_t i = 0; i < sizeof(disk); i++) {
		disk[i] = (uint8_t)(i * 7 + i / 512);
	}
	assert_int_equal(bdev_open(&bd, RDEV, true), 0);
	assert_int_equal(bd.b_geom.bg_sectors, DISK_SECTORS);
	return 0;
}

static int
teardown(void **state)
{
	bdev_close(&bd);
	assert_int_equal(live_grants, 0);
	return 0;
}

static void
test_rw(void **state)
{
	static uint8_t buf[200 * 1024];

	/* 200 KiB: four requests of the driver's 64 KiB at most. */
	assert_int_equal(bdev_rw(&bd, BLK_READ, 10, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, disk + 10 * 512, sizeof(buf));
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(bdev_rw(&bd, BLK_WRITE, 100, buf, 4096), 4096);
	assert_memory_equal(disk + 100 * 512, buf, 4096);
	assert_int_equal(bdev_flush(&bd), 0);
	/* Not a multiple of the sector, past the end. */
	assert_int_equal(bdev_rw(&bd, BLK_READ, 0, buf, 100), -EINVAL);
	assert_int_equal(bdev_rw(&bd, BLK_READ, DISK_SECTORS - 1, buf, 1024), -ERANGE);
	assert_int_equal(bd.b_inflight, 0);
}

struct rec {
	int ndone;
	int64_t last;
	int order[200];
	int64_t result[200]; /* by request */
};
static struct rec rec;

static void
rec_done(struct bdev_io *io, int64_t result)
{
	rec.order[rec.ndone++] = (int)(intptr_t)io->bi_arg;
	rec.result[(intptr_t)io->bi_arg] = result;
	rec.last = result;
}

static struct bdev_io ios[200];
static uint8_t bufs[200][512];

static void
prep(int i, uint32_t op, uint64_t sector)
{
	memset(&ios[i], 0, sizeof(ios[i]));
	ios[i].bi_op = op;
	ios[i].bi_sector = sector;
	ios[i].bi_count = 1;
	ios[i].bi_nseg = 1;
	ios[i].bi_seg[0] = (struct bdev_seg){ .bsg_addr = bufs[i], .bsg_len = 512 };
	ios[i].bi_done = rec_done;
	ios[i].bi_arg = (void *)(intptr_t)i;
}

static void
test_many_in_flight(void **state)
{
	memset(&rec, 0, sizeof(rec));
	sim_hold = true;
	for (int i = 0; i < 200; i++) {
		prep(i, BLK_READ, (uint64_t)i * 3);
		bdev_submit(&bd, &ios[i]);
	}
	/* The ring holds 64; the rest wait in order. */
	assert_int_equal(bd.b_inflight, BLK_RING_SLOTS);
	assert_int_equal(bdev_pending(&bd), 200);
	assert_int_equal(nheld, BLK_RING_SLOTS);
	while (bdev_pending(&bd) != 0) {
		sim_hold = true;
		assert_true(bdev_wait(&bd) > 0);
	}
	assert_int_equal(rec.ndone, 200);
	for (int i = 0; i < 200; i++) {
		assert_memory_equal(bufs[i], disk + i * 3 * 512, 512);
	}
	/* Completions come in submission order here, batch by batch. */
	assert_int_equal(rec.order[0], 0);
	assert_int_equal(rec.order[199], 199);
}

/* A full grant table: requests wait for grants to come back instead of
 * failing. */
static void
test_grants_run_out(void **state)
{
	memset(&rec, 0, sizeof(rec));
	sim_grant_max = live_grants + 10;
	sim_hold = true;
	for (int i = 0; i < 40; i++) {
		prep(i, BLK_READ, (uint64_t)i * 5);
		bdev_submit(&bd, &ios[i]);
	}
	assert_int_equal(bd.b_inflight, 10); /* as many as there are grants */
	assert_int_equal(rec.ndone, 0);      /* none failed */
	while (bdev_pending(&bd) != 0) {
		sim_hold = true;
		assert_true(bdev_wait(&bd) > 0);
	}
	assert_int_equal(rec.ndone, 40);
	for (int i = 0; i < 40; i++) {
		assert_int_equal(rec.result[i], 512);
		assert_memory_equal(bufs[i], disk + i * 5 * 512, 512);
	}
	sim_grant_max = 0;
}

static void
test_refused_before_leaving(void **state)
{
	struct bdev ro;

	memset(&rec, 0, sizeof(rec));
	prep(0, BLK_READ, 0);
	ios[0].bi_seg[0].bsg_len = 100;
	bdev_submit(&bd, &ios[0]);
	assert_int_equal(rec.last, -EINVAL);
	prep(1, 0x1234, 0);
	bdev_submit(&bd, &ios[1]);
	assert_int_equal(rec.last, -EINVAL);
	prep(2, BLK_READ, 0);
	ios[2].bi_count = 2; /* the segments hold one sector */
	bdev_submit(&bd, &ios[2]);
	assert_int_equal(rec.last, -EINVAL);
	assert_int_equal(rec.ndone, 3);
	assert_int_equal(bd.b_submitted, 0);

	assert_int_equal(bdev_open(&ro, RDEV, false), 0);
	prep(3, BLK_WRITE, 0);
	bdev_submit(&ro, &ios[3]);
	assert_int_equal(rec.last, -EROFS);
	bdev_close(&ro);
}

static void
test_driver_restart_resends(void **state)
{
	memset(&rec, 0, sizeof(rec));
	memset(bufs, 0, sizeof(bufs));
	sim_hold = true;
	for (int i = 0; i < 100; i++) {
		prep(i, BLK_READ, (uint64_t)i);
		bdev_submit(&bd, &ios[i]);
	}
	/* It dies holding 64, 36 more queued; a new instance comes. */
	sim_die();
	sim_restart();
	assert_int_equal(bdev_check(&bd), 0);
	assert_false(bd.b_dead);
	assert_int_equal(bd.b_rebinds, 1);
	assert_int_equal(bd.b_resent, BLK_RING_SLOTS);
	while (bdev_pending(&bd) != 0) {
		assert_true(bdev_wait(&bd) > 0);
		sim_hold = true;
	}
	assert_int_equal(rec.ndone, 100);
	for (int i = 0; i < 100; i++) {
		assert_memory_equal(bufs[i], disk + i * 512, 512);
	}
}

static void
test_death_seen_while_waiting(void **state)
{
	static uint8_t buf[8192];

	/* The first submission kills the driver; bdev_rw notices while it
	 * waits, finds the next instance and gets its bytes. */
	sim_die_on_submit = 1;
	assert_int_equal(bdev_rw(&bd, BLK_READ, 8, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, disk + 8 * 512, sizeof(buf));
	assert_int_equal(bd.b_rebinds, 1);
	assert_int_equal(bd.b_resent, 1);
}

static void
test_tries_bounded(void **state)
{
	static uint8_t buf[512];

	/* A request that kills every instance fails after BDEV_TRIES. */
	sim_die_on_submit = 1000;
	sim_restart_after = 0;
	assert_int_equal(bdev_rw(&bd, BLK_READ, 0, buf, sizeof(buf)), -EIO);
	assert_int_equal(bd.b_rebinds, BDEV_TRIES);
	assert_int_equal(bdev_pending(&bd), 0);
	/* The device works again afterwards. */
	sim_die_on_submit = 0;
	assert_int_equal(bdev_rw(&bd, BLK_READ, 0, buf, sizeof(buf)), sizeof(buf));
}

static void
test_stays_dead(void **state)
{
	static uint8_t buf[512];
	uint64_t start = sim_now;

	sim_die_on_submit = 1;
	sim_restart_after = -1;
	assert_int_equal(bdev_rw(&bd, BLK_READ, 0, buf, sizeof(buf)), -EIO);
	assert_true(sim_now - start >= BDEV_REBIND_NS);
	assert_true(sim_now - start < BDEV_REBIND_NS + 10000000);
	sim_restart_after = 0;
	sim_restart();
}

static void
test_bogus_completion_ignored(void **state)
{
	uint32_t *e;

	memset(&rec, 0, sizeof(rec));
	/* Slot 63 was never given to the driver. */
	e = ring_prod_next(&sim_conn.bc_cq);
	*e = 63;
	ring_prod_commit(&sim_conn.bc_cq);
	e = ring_prod_next(&sim_conn.bc_cq);
	*e = 5000;
	ring_prod_commit(&sim_conn.bc_cq);
	assert_int_equal(bdev_poll(&bd), 0);
	assert_int_equal(rec.ndone, 0);
	/* And the ring goes on working. */
	prep(0, BLK_READ, 1);
	bdev_submit(&bd, &ios[0]);
	assert_int_equal(bdev_poll(&bd), 1);
	assert_int_equal(rec.ndone, 1);
	assert_memory_equal(bufs[0], disk + 512, 512);
}

/* A loop that only polls (vfs) must hear of every answer: after a poll
 * that left nothing in flight, the next answer still notifies. */
static void
test_poll_keeps_asking(void **state)
{
	memset(&rec, 0, sizeof(rec));
	for (int round = 0; round < 3; round++) {
		client_notified = false;
		prep(round, BLK_READ, (uint64_t)round);
		bdev_submit(&bd, &ios[round]); /* answered inside the drain */
		assert_true(client_notified);
		assert_int_equal(bdev_poll(&bd), 1);
		assert_int_equal(bd.b_inflight, 0);
	}
	assert_int_equal(rec.ndone, 3);
}

/* bdev_rw on a worker: it sleeps instead of blocking, and the loop's
 * bdev_poll() (a notification) or bdev_check() (a timer, after a
 * restart) wakes it. */
static int64_t wk_result;
static uint8_t wk_buf[16384];

static void
wk_reader(void *arg)
{
	wk_result = bdev_rw(&bd, BLK_READ, (uint64_t)(intptr_t)arg, wk_buf, sizeof(wk_buf));
}

static void
test_on_a_worker(void **state)
{
	static bool inited;

	if (!inited) {
		assert_int_equal(worker_init(4, 65536, NULL), 0);
		inited = true;
	}
	/* The driver holds the request: the worker sleeps, the loop goes on. */
	wk_result = 1;
	sim_hold = true;
	assert_int_equal(worker_start(wk_reader, (void *)(intptr_t)30), 0);
	assert_int_equal(nheld, 1);
	assert_int_equal(wk_result, 1);
	/* The driver answers and notifies; the loop polls and runs. */
	client_notified = false;
	sim_hold = false;
	sim_finish(held[0]);
	nheld = 0;
	blockdriver_commit(&sim_conn);
	assert_true(client_notified);
	assert_int_equal(bdev_poll(&bd), 1);
	worker_run();
	assert_int_equal(wk_result, sizeof(wk_buf));
	assert_memory_equal(wk_buf, disk + 30 * 512, sizeof(wk_buf));

	/* The driver dies holding it; the loop's timer finds the new one. */
	wk_result = 1;
	sim_hold = true;
	assert_int_equal(worker_start(wk_reader, (void *)(intptr_t)60), 0);
	sim_die();
	sim_restart();
	sim_hold = false;
	assert_int_equal(bdev_check(&bd), 0); /* resent, and answered at once */
	assert_int_equal(bdev_poll(&bd), 1);
	worker_run();
	assert_int_equal(wk_result, sizeof(wk_buf));
	assert_memory_equal(wk_buf, disk + 60 * 512, sizeof(wk_buf));
	assert_int_equal(worker_busy(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grants_run_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_before_leaving, setup, teardown),
		cmocka_unit_test_setup_teardown(test_driver_restart_resends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_death_seen_while_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tries_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stays_dead, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bogus_completion_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_on_a_worker, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_keeps_asking, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
