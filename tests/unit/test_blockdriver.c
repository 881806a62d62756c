/* unit-sources: lib/libblockdriver/check.c lib/libblockdriver/queue.c lib/libring/ring.c */
/*
 * libblockdriver's request checks and ring loop, against a simulated
 * client: well-formed reads, writes, flushes and discards reach the
 * driver with absolute sectors; malformed ones (unknown operations and
 * flags, no or too many segments, lengths not a multiple of the sector,
 * counts that differ from the segments, sectors past the end, writes to
 * read-only devices) are answered with the right error and never reach
 * it; slot numbers out of range or already in flight are dropped;
 * completions come back on the completion ring with at most one
 * notification per batch, and only when the client sleeps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <libblockdriver/blockdriver.h>

static const struct blockdriver_limits lim512 = {
	.bl_sector_size = 512,
	.bl_features = BLK_FEAT_FLUSH | BLK_FEAT_DISCARD,
	.bl_max_segs = 4,
	.bl_max_bytes = 64 * 1024,
	.bl_start = 2048,
	.bl_sectors = 10000,
	.bl_writable = true,
};

static struct blk_slot
rw(uint32_t op, uint64_t sector, uint32_t nseg, uint64_t seglen)
{
	struct blk_slot s;

	memset(&s, 0, sizeof(s));
	s.bk_op = op;
	s.bk_sector = sector;
	s.bk_nseg = nseg;
	for (uint32_t i = 0; i < nseg && i < BLK_MAX_SEGS; i++) {
		s.bk_seg[i].bs_grant = 40 + i;
		s.bk_seg[i].bs_off = 4096 * i;
		s.bk_seg[i].bs_len = seglen;
	}
	s.bk_count = nseg * seglen / 512;
	return s;
}

/* Asserts that s is refused with err and a reason. */
static void
refused(const struct blk_slot *s, const struct blockdriver_limits *lim, int err)
{
	struct blockdriver_req rq;
	const char *why;

	assert_int_equal(blockdriver_check(s, lim, &rq, &why), err);
	assert_non_null(why);
	assert_true(strlen(why) > 5);
}

static void
test_check_accepts(void **state)
{
	struct blockdriver_req rq;
	struct blk_slot s = rw(BLK_WRITE, 100, 3, 4096);
	const char *why = "x";

	s.bk_flags = BLK_FL_FUA;
	assert_int_equal(blockdriver_check(&s, &lim512, &rq, &why), 0);
	assert_null(why);
	assert_int_equal(rq.br_op, BLK_WRITE);
	assert_int_equal(rq.br_flags, BLK_FL_FUA);
	assert_int_equal(rq.br_sector, 2048 + 100); /* absolute on the device */
	assert_int_equal(rq.br_count, 24);
	assert_int_equal(rq.br_bytes, 3 * 4096);
	assert_int_equal(rq.br_nseg, 3);
	assert_int_equal(rq.br_seg[2].bs_grant, 42);
	assert_int_equal(rq.br_seg[2].bs_off, 8192);

	/* The last sectors of the minor exactly. */
	s = rw(BLK_READ, 10000 - 8, 1, 4096);
	assert_int_equal(blockdriver_check(&s, &lim512, &rq, &why), 0);
	/* The device's limits exactly. */
	s = rw(BLK_READ, 0, 4, 16 * 1024);
	assert_int_equal(blockdriver_check(&s, &lim512, &rq, &why), 0);

	memset(&s, 0, sizeof(s));
	s.bk_op = BLK_FLUSH;
	assert_int_equal(blockdriver_check(&s, &lim512, &rq, &why), 0);
	assert_int_equal(rq.br_bytes, 0);
	s.bk_op = BLK_DISCARD;
	s.bk_sector = 5;
	s.bk_count = 100;
	assert_int_equal(blockdriver_check(&s, &lim512, &rq, &why), 0);
	assert_int_equal(rq.br_sector, 2053);
}

static void
test_check_malformed(void **state)
{
	struct blk_slot s;

	s = rw(0x1234, 0, 1, 512);
	refused(&s, &lim512, -EINVAL); /* unknown operation */
	s = rw(BLK_GEOMETRY, 0, 0, 0);
	refused(&s, &lim512, -EINVAL); /* the library's, never the driver's */
	s = rw(BLK_READ, 0, 1, 512);
	s.bk_flags = 0x80;
	refused(&s, &lim512, -EINVAL); /* unknown flag */
	s.bk_flags = BLK_FL_FUA;
	refused(&s, &lim512, -EINVAL); /* FUA on a read */
	s = rw(BLK_READ, 0, 0, 512);
	refused(&s, &lim512, -EINVAL); /* no segments */
	s = rw(BLK_READ, 0, 5, 512);
	refused(&s, &lim512, -EINVAL); /* more than the device's 4 */
	s = rw(BLK_READ, 0, BLK_MAX_SEGS, 512);
	s.bk_nseg = 0xffffffffu;
	refused(&s, &lim512, -EINVAL); /* absurd count */
	s = rw(BLK_WRITE, 0, 2, 513);
	s.bk_count = 2;
	refused(&s, &lim512, -EINVAL); /* not a multiple of the sector */
	s = rw(BLK_WRITE, 0, 2, 512);
	s.bk_seg[1].bs_len = 0;
	s.bk_count = 1;
	refused(&s, &lim512, -EINVAL); /* an empty segment */
	s = rw(BLK_WRITE, 0, 2, 4096);
	s.bk_count = 9;
	refused(&s, &lim512, -EINVAL); /* count differs from the segments */
	s.bk_count = 0;
	refused(&s, &lim512, -EINVAL);
	s = rw(BLK_READ, 0, 2, 64 * 1024);
	refused(&s, &lim512, -EINVAL); /* more bytes than one request takes */
	s = rw(BLK_READ, 0, 1, 1ull << 62);
	refused(&s, &lim512, -EINVAL); /* a huge segment: no overflow */
	s = rw(BLK_READ, 0, 1, 4096);
	s.bk_seg[0].bs_off = UINT64_MAX - 100;
	refused(&s, &lim512, -EINVAL); /* offset wraps */
	s = rw(BLK_FLUSH, 0, 1, 512);
	refused(&s, &lim512, -EINVAL); /* segments on a flush */
	s = rw(BLK_FLUSH, 7, 0, 0);
	refused(&s, &lim512, -EINVAL); /* sectors on a flush */
	s = rw(BLK_DISCARD, 7, 0, 0);
	refused(&s, &lim512, -EINVAL); /* no sectors */
}

static void
test_check_range(void **state)
{
	struct blk_slot s;

	s = rw(BLK_READ, 10000 - 7, 1, 4096);
	refused(&s, &lim512, -ERANGE); /* one sector past the end */
	s = rw(BLK_READ, 10000, 1, 512);
	refused(&s, &lim512, -ERANGE);
	s = rw(BLK_READ, UINT64_MAX - 3, 1, 4096);
	refused(&s, &lim512, -ERANGE); /* sector + count overflows */
	s = rw(BLK_DISCARD, 1, 0, 0);
	s.bk_count = UINT64_MAX;
	refused(&s, &lim512, -ERANGE);
}

static void
test_check_readonly(void **state)
{
	struct blockdriver_limits ro = lim512, rdonly_open = lim512, sec4k = lim512;
	struct blockdriver_req rq;
	struct blk_slot s;
	const char *why;

	ro.bl_features |= BLK_FEAT_RO;
	rdonly_open.bl_writable = false;
	s = rw(BLK_WRITE, 0, 1, 512);
	refused(&s, &ro, -EROFS);
	refused(&s, &rdonly_open, -EROFS);
	s = rw(BLK_DISCARD, 0, 0, 0);
	s.bk_count = 1;
	refused(&s, &ro, -EROFS);
	s = rw(BLK_READ, 0, 1, 512);
	assert_int_equal(blockdriver_check(&s, &ro, &rq, &why), 0);
	/* Write-zeroes needs the feature. */
	s = rw(BLK_WRITE_ZEROES, 0, 0, 0);
	s.bk_count = 8;
	refused(&s, &lim512, -ENOTSUP);
	/* 4 KiB sectors: 512-byte segments are malformed. */
	sec4k.bl_sector_size = 4096;
	s = rw(BLK_READ, 0, 1, 512);
	s.bk_count = 0;
	refused(&s, &sec4k, -EINVAL);
	s = rw(BLK_READ, 0, 1, 8192);
	s.bk_count = 2;
	assert_int_equal(blockdriver_check(&s, &sec4k, &rq, &why), 0);
}

/* The simulated driver and client for the ring tests. */
static struct blk_shared area;
static struct ring_view client_sq, client_cq;
static struct blockdriver_conn conn;
static struct blockdriver_req *submitted[BLK_RING_SLOTS];
static int nsubmitted, nnotify, nkick;
static int submit_result;

static int
fake_geometry(uint32_t dev, struct blk_geometry *g)
{
	g->bg_sectors = 1 << 20;
	g->bg_sector_size = 512;
	g->bg_features = BLK_FEAT_FLUSH;
	g->bg_max_segs = 4;
	g->bg_max_bytes = 64 * 1024;
	return dev == 0 ? 0 : -ENXIO;
}

static int
fake_submit(struct blockdriver_req *rq)
{
	if (submit_result != 0) {
		return submit_result;
	}
	submitted[nsubmitted++] = rq;
	return 0;
}

static void
fake_kick(void)
{
	nkick++;
}

static void
fake_notify(endpoint_t to)
{
	assert_int_equal(to, 77);
	nnotify++;
}

static const struct blockdriver_ops fake_ops = {
	.bdo_geometry = fake_geometry,
	.bdo_submit = fake_submit,
	.bdo_kick = fake_kick,
};

static int
ring_setup(void **state)
{
	struct blockdriver_limits lim = lim512;

	lim.bl_features = BLK_FEAT_FLUSH; /* no discard: the library answers it */
	memset(&area, 0, sizeof(area));
	assert_int_equal(ring_attach(&client_sq, area.bs_sq, BLK_RING_SLOTS, 4, true, true), 0);
	assert_int_equal(ring_attach(&client_cq, area.bs_cq, BLK_RING_SLOTS, 4, false, true), 0);
	assert_int_equal(blockdriver_conn_init(&conn, &area, 77, 1, 0, &lim, &fake_ops,
	                     fake_notify),
	    0);
	nsubmitted = nnotify = nkick = submit_result = 0;
	return 0;
}

static void
submit(uint32_t slot)
{
	uint32_t *e = ring_prod_next(&client_sq);

	assert_non_null(e);
	*e = slot;
	ring_prod_commit(&client_sq);
}

/* The next completion the client sees, or -1. */
static int64_t
completion(void)
{
	uint32_t *e = ring_cons_next(&client_cq);
	int64_t slot;

	if (e == NULL) {
		return -1;
	}
	slot = *e;
	ring_cons_commit(&client_cq);
	return slot;
}

static void
test_ring_valid_requests(void **state)
{
	area.bs_slots[3] = rw(BLK_READ, 8, 2, 4096);
	area.bs_slots[3].bk_tag = 0xfeed;
	area.bs_slots[9] = rw(BLK_WRITE, 0, 1, 512);
	submit(3);
	submit(9);
	blockdriver_drain(&conn);
	assert_int_equal(nsubmitted, 2);
	assert_int_equal(nkick, 1); /* one doorbell for the batch */
	assert_int_equal(submitted[0]->br_sector, 2048 + 8);
	assert_int_equal(submitted[0]->br_owner, 77);
	assert_int_equal(submitted[0]->br_slot, 3);
	assert_int_equal(conn.bc_inflight_count, 2);
	assert_int_equal(completion(), -1);

	/* The client sleeps; two completions in one batch: one notification. */
	assert_true(ring_cons_idle(&client_cq));
	blockdriver_done(submitted[1], 512);
	blockdriver_done(submitted[0], 8192);
	assert_int_equal(nnotify, 0); /* nothing published before the commit */
	blockdriver_commit(&conn);
	assert_int_equal(nnotify, 1);
	assert_int_equal(completion(), 9);
	assert_int_equal(completion(), 3);
	assert_int_equal(area.bs_slots[3].bk_result, 8192);
	assert_int_equal(area.bs_slots[9].bk_result, 512);
	assert_int_equal(area.bs_slots[3].bk_tag, 0xfeed); /* the client's, untouched */
	assert_int_equal(conn.bc_inflight_count, 0);

	/* A client that is awake is not notified. */
	area.bs_slots[3] = rw(BLK_READ, 0, 1, 512);
	submit(3);
	blockdriver_drain(&conn);
	blockdriver_done(submitted[2], 512);
	blockdriver_commit(&conn);
	assert_int_equal(nnotify, 1);
	assert_int_equal(completion(), 3);
}

static void
test_ring_refusals(void **state)
{
	area.bs_slots[0] = rw(BLK_WRITE, 0, 1, 100);    /* not a multiple of the sector */
	area.bs_slots[1] = rw(BLK_READ, 9999, 1, 4096); /* past the end */
	area.bs_slots[2] = rw(BLK_READ, 0, 9, 512);     /* too many segments */
	area.bs_slots[3] = rw(BLK_DISCARD, 0, 0, 0);    /* discard without the feature... */
	area.bs_slots[3].bk_count = 4;
	submit(0);
	submit(1);
	submit(2);
	submit(3);
	assert_true(ring_cons_idle(&client_cq));
	blockdriver_drain(&conn);
	assert_int_equal(nsubmitted, 0); /* none reached the driver */
	assert_int_equal(nkick, 0);
	assert_int_equal(nnotify, 1); /* the answers, in one batch */
	assert_int_equal(completion(), 0);
	assert_int_equal(completion(), 1);
	assert_int_equal(completion(), 2);
	assert_int_equal(completion(), 3);
	assert_int_equal(area.bs_slots[0].bk_result, -EINVAL);
	assert_int_equal(area.bs_slots[1].bk_result, -ERANGE);
	assert_int_equal(area.bs_slots[2].bk_result, -EINVAL);
	assert_int_equal(area.bs_slots[3].bk_result, 0); /* ...is a hint: done */
	assert_int_equal(conn.bc_inflight_count, 0);
	assert_int_equal(conn.bc_errors, 0);

	/* The driver refusing at submission answers too. */
	area.bs_slots[5] = rw(BLK_READ, 0, 1, 512);
	submit_result = -EIO;
	submit(5);
	blockdriver_drain(&conn);
	assert_int_equal(completion(), 5);
	assert_int_equal(area.bs_slots[5].bk_result, -EIO);
}

static void
test_ring_bad_slot_numbers(void **state)
{
	area.bs_slots[4] = rw(BLK_READ, 0, 1, 512);
	submit(BLK_RING_SLOTS);
	submit(0xffffffffu);
	submit(4);
	submit(4); /* again while in flight */
	blockdriver_drain(&conn);
	assert_int_equal(nsubmitted, 1);
	assert_int_equal(conn.bc_errors, 3);
	assert_int_equal(conn.bc_inflight_count, 1);
	assert_false(conn.bc_broken);
	blockdriver_done(submitted[0], 512);
	blockdriver_commit(&conn);
	assert_int_equal(completion(), 4);
	assert_int_equal(completion(), -1); /* nothing for the dropped ones */
	/* Once answered, the slot may come again. */
	submit(4);
	blockdriver_drain(&conn);
	assert_int_equal(nsubmitted, 2);
}

static void
test_ring_geometry(void **state)
{
	area.bs_slots[6] = rw(BLK_GEOMETRY, 0, 0, 0);
	submit(6);
	blockdriver_drain(&conn);
	assert_int_equal(nsubmitted, 0);
	assert_int_equal(completion(), 6);
	assert_int_equal(area.bs_slots[6].bk_result, 0);
	assert_int_equal(area.bs_slots[6].bk_rp.geometry.bg_sector_size, 512);
	assert_int_equal(area.bs_slots[6].bk_rp.geometry.bg_sectors, 10000); /* the minor's */
}

static void
test_ring_broken(void **state)
{
	struct ring *sq = (struct ring *)area.bs_sq;
	struct ring *cq = (struct ring *)area.bs_cq;

	/* A submission index far ahead: nothing is taken, the connection is
	 * given up. */
	sq->r_prod = 1000;
	blockdriver_drain(&conn);
	assert_true(conn.bc_broken);
	assert_int_equal(nsubmitted, 0);

	/* A completion ring whose consumer index is wrong: completions stop,
	 * nothing crashes. */
	ring_setup(state);
	area.bs_slots[1] = rw(BLK_READ, 0, 1, 512);
	submit(1);
	blockdriver_drain(&conn);
	cq->r_cons = 500;
	blockdriver_done(submitted[0], 512);
	assert_true(conn.bc_broken);
	assert_int_equal(conn.bc_inflight_count, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_accepts),
		cmocka_unit_test(test_check_malformed),
		cmocka_unit_test(test_check_range),
		cmocka_unit_test(test_check_readonly),
		cmocka_unit_test_setup(test_ring_valid_requests, ring_setup),
		cmocka_unit_test_setup(test_ring_refusals, ring_setup),
		cmocka_unit_test_setup(test_ring_bad_slot_numbers, ring_setup),
		cmocka_unit_test_setup(test_ring_geometry, ring_setup),
		cmocka_unit_test_setup(test_ring_broken, ring_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
