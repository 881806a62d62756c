/* unit-sources: lib/libfsdriver/check.c lib/libfsdriver/dispatch.c lib/libfsdriver/ring.c lib/libfsdriver/jobs.c lib/libworker/worker.c lib/libring/ring.c */
/*
 * libfsdriver's pure parts: the range, name and data-span checks, and
 * one ring served against a fake shared area, with this test as the
 * client (vfs's side of libring).  Malformed input from the client must
 * be refused without a crash (ASan and UBSan watch): slot numbers out of
 * range or already in service, names without a NUL, a producer index far
 * ahead.  Also the per-ring mount state (FS_MOUNT first and once,
 * FS_UNMOUNT closes), read-only refusals, the defaults of NULL
 * callbacks, deferred answers and forced unmounts.  With workers: a
 * request that sleeps does not hold the others up, readers share and a
 * writer waits for them (and stops new readers), requests beyond the
 * workers queue, and a ring that goes keeps its mount until its
 * requests on workers are done.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <libworker/worker.h>
#include "../../lib/libfsdriver/fsdriver_int.h"

#define CLIENT 77

static union {
	struct fs_shared s;
	uint8_t raw[FS_SHARED_SIZE];
} area __attribute__((aligned(4096)));

static struct ring_view csq, ccq; /* the client's views */
static struct fsdriver_ring rg;

/* What the callbacks saw. */
static int calls, unmounts, forced;
static char seen_source[XPATH_MAX];
static uint32_t seen_flags;
static struct fsdriver_later later;
static struct fsdriver_req later_rq;
static int64_t unmount_answer;

static int64_t
cb_mount(struct fsdriver_req *rq, const char *source, uint32_t flags, void **mount)
{
	calls++;
	strcpy(seen_source, source);
	seen_flags = flags;
	*mount = &area; /* anything not NULL */
	rq->fr_rp.node.fn_ino = 1;
	rq->fr_attr.fa_ino = 1;
	return 0;
}

static int64_t
cb_unmount(struct fsdriver_req *rq)
{
	unmounts++;
	forced += rq->fr_forced;
	return rq->fr_forced ? 0 : unmount_answer;
}

static int64_t
cb_getattr(struct fsdriver_req *rq)
{
	calls++;
	assert_ptr_equal(rq->fr_mount, &area);
	assert_int_equal(rq->fr_client, CLIENT);
	rq->fr_attr.fa_ino = rq->fr_rq.node.fn_ino;
	rq->fr_attr.fa_size = 42;
	return 0;
}

static int64_t
cb_lookup(struct fsdriver_req *rq)
{
	calls++;
	/* A checked name: terminated within its array. */
	assert_true(strnlen(rq->fr_name, sizeof(rq->fr_name)) < sizeof(rq->fr_name));
	rq->fr_rp.node.fn_ino = strlen(rq->fr_name);
	return 0;
}

static int64_t
cb_readlink(struct fsdriver_req *rq)
{
	calls++;
	memcpy(rq->fr_out2, "target", 6);
	return 6;
}

/* FS_READ: deferred, answered by the test. */
static int64_t
cb_read(struct fsdriver_req *rq)
{
	calls++;
	fsdriver_defer(rq, &later);
	later_rq = *rq;
	return 0;
}

static int64_t
cb_create(struct fsdriver_req *rq)
{
	calls++;
	return 0;
}

static const struct fsdriver_ops ops = {
	.mount = cb_mount,
	.unmount = cb_unmount,
	.getattr = cb_getattr,
	.lookup = cb_lookup,
	.readlink = cb_readlink,
	.read = cb_read,
	.create = cb_create,
};

static const struct fsdriver_ops ro_ops = {
	.mount = cb_mount,
	.getattr = cb_getattr,
	.fo_read_only = true,
};

/* main.c's, for this one ring. */
int
fsdriver_answer(const struct fsdriver_later *l, const struct fsdriver_req *rq, int64_t result)
{
	if (l->fl_ring != &rg || l->fl_gen != rg.rg_gen || !rg.rg_used) {
		return -ENOENT;
	}
	return fsdrv_ring_answer(&rg, l->fl_slot, rq, result) < 0 ? -ENOENT : 0;
}

/* A fresh area as vfs makes it, and the server's ring over it. */
static int
setup(void **state)
{
	memset(&area, 0, sizeof(area));
	ring_attach(&csq, area.s.fs_sq, FS_RING_SLOTS, sizeof(uint32_t), true, true);
	ring_attach(&ccq, area.s.fs_cq, FS_RING_SLOTS, sizeof(uint32_t), false, true);
	assert_false(fsdrv_ring_open(&rg, CLIENT, 5, &area.s));
	calls = unmounts = forced = 0;
	unmount_answer = 0;
	seen_source[0] = '\0';
	return 0;
}

/* Puts slot number idx on the submission ring. */
static void
submit(uint32_t idx)
{
	uint32_t *e = ring_prod_next(&csq);

	assert_non_null(e);
	*e = idx;
	ring_prod_commit(&csq);
}

/* A slot, zeroed, with op. */
static struct fs_slot *
slot(uint32_t idx, uint32_t op)
{
	struct fs_slot *s = &area.s.fs_slots[idx];

	memset(s, 0, sizeof(*s));
	s->fs_op = op;
	s->fs_result = 12345; /* must be overwritten */
	return s;
}

/* The next answered slot number, or -1 when none. */
static int64_t
answered(void)
{
	uint32_t *e = ring_cons_next(&ccq);
	int64_t idx;

	if (e == NULL) {
		return -1;
	}
	idx = *e;
	ring_cons_commit(&ccq);
	return idx;
}

/* Submits slot idx (filled), drains, and returns its result. */
static int64_t
serve(uint32_t idx)
{
	submit(idx);
	fsdrv_ring_drain(&rg, &ops);
	assert_int_equal(answered(), idx);
	return area.s.fs_slots[idx].fs_result;
}

static void
mount(const char *opts, uint32_t flags)
{
	struct fs_slot *s = slot(0, FS_MOUNT);

	strcpy(s->fs_name2, opts);
	s->fs_rq.mount.fm_flags = flags;
	assert_int_equal(serve(0), 0);
	assert_int_equal(area.s.fs_slots[0].fs_rp.node.fn_ino, 1);
}

static void
test_range(void **state)
{
	assert_int_equal(fsdriver_range_ok(0, 0, 0), 0);
	assert_int_equal(fsdriver_range_ok(5, 5, 10), 0);
	assert_int_equal(fsdriver_range_ok(10, 0, 10), 0);
	assert_int_equal(fsdriver_range_ok(5, 6, 10), -EINVAL);
	assert_int_equal(fsdriver_range_ok(11, 0, 10), -EINVAL);
	assert_int_equal(fsdriver_range_ok(UINT64_MAX, 2, 10), -EINVAL);
	assert_int_equal(fsdriver_range_ok(1, UINT64_MAX, 10), -EINVAL);
	assert_int_equal(fsdriver_range_ok(2, UINT64_MAX - 1, UINT64_MAX), -EINVAL);
}

static void
test_names(void **state)
{
	char full[8];

	assert_int_equal(fsdriver_name_ok("abc", 4), 0);
	memset(full, 'x', sizeof(full));
	assert_int_equal(fsdriver_name_ok(full, sizeof(full)), -ENAMETOOLONG);
	full[7] = '\0';
	assert_int_equal(fsdriver_name_ok(full, sizeof(full)), 0);
	assert_int_equal(fsdriver_name_ok(full, 0), -ENAMETOOLONG);
}

static void
test_io_span(void **state)
{
	struct fsdriver_req rq = { .fr_op = FS_READ };
	uint64_t goff = 0;

	rq.fr_rq.io = (struct fs_rq_io){ .fio_len = 100, .fio_grant = 3, .fio_goff = 4096 };
	assert_int_equal(fsdrv_io_span(&rq, 0, 100, &goff), 0);
	assert_int_equal(goff, 4096);
	assert_int_equal(fsdrv_io_span(&rq, 60, 40, &goff), 0);
	assert_int_equal(goff, 4156);
	assert_int_equal(fsdrv_io_span(&rq, 60, 41, &goff), -EINVAL);
	assert_int_equal(fsdrv_io_span(&rq, 101, 0, &goff), -EINVAL);
	assert_int_equal(fsdrv_io_span(&rq, UINT64_MAX, 2, &goff), -EINVAL);
	/* The grant offset must not wrap. */
	rq.fr_rq.io.fio_goff = UINT64_MAX - 10;
	assert_int_equal(fsdrv_io_span(&rq, 0, 100, &goff), -EINVAL);
	rq.fr_rq.io.fio_goff = 0;
	rq.fr_rq.io.fio_grant = -1;
	assert_int_equal(fsdrv_io_span(&rq, 0, 1, &goff), -EINVAL);
	/* Only data ops carry a grant. */
	rq.fr_rq.io.fio_grant = 3;
	rq.fr_op = FS_GETATTR;
	assert_int_equal(fsdrv_io_span(&rq, 0, 1, &goff), -EINVAL);
	rq.fr_op = FS_GETDENTS;
	assert_int_equal(fsdrv_io_span(&rq, 0, 1, &goff), 0);
}

static void
test_changes(void **state)
{
	assert_true(fsdriver_op_changes(FS_WRITE));
	assert_true(fsdriver_op_changes(FS_RENAME));
	assert_true(fsdriver_op_changes(FS_SETATTR));
	assert_false(fsdriver_op_changes(FS_READ));
	assert_false(fsdriver_op_changes(FS_GETDENTS));
	assert_false(fsdriver_op_changes(FS_MOUNT));
}

static void
test_mount_first(void **state)
{
	/* Before FS_MOUNT nothing is served. */
	slot(1, FS_GETATTR)->fs_rq.node.fn_ino = 1;
	assert_int_equal(serve(1), -EINVAL);
	assert_int_equal(calls, 0);
	mount("none,size=8M", 0);
	assert_string_equal(seen_source, "none,size=8M");
	assert_int_equal(seen_flags, 0);
	slot(1, FS_GETATTR)->fs_rq.node.fn_ino = 9;
	assert_int_equal(serve(1), 0);
	assert_int_equal(area.s.fs_slots[1].fs_attr.fa_ino, 9);
	assert_int_equal(area.s.fs_slots[1].fs_attr.fa_size, 42);
	/* Once only; unknown flags and unknown ops refused. */
	assert_int_equal(serve((slot(2, FS_MOUNT), 2)), -EBUSY);
	assert_int_equal(serve((slot(3, 0x06fe), 3)), -ENOSYS);
	assert_int_equal(serve((slot(3, 0), 3)), -ENOSYS);
}

static void
test_mount_flags(void **state)
{
	struct fs_slot *s = slot(0, FS_MOUNT);

	s->fs_rq.mount.fm_flags = 8;
	assert_int_equal(serve(0), -EINVAL);
	assert_int_equal(calls, 0);
	/* A refused mount closes the ring: vfs drops its area then. */
	assert_true(rg.rg_closing);
	setup(state);
	/* An unterminated source is refused before the callback. */
	s = slot(0, FS_MOUNT);
	memset(s->fs_name2, 'o', sizeof(s->fs_name2));
	assert_int_equal(serve(0), -ENAMETOOLONG);
	assert_int_equal(calls, 0);
}

static void
test_bad_slot_numbers(void **state)
{
	mount("none", 0);
	submit(FS_RING_SLOTS);
	submit(1000);
	submit(UINT32_MAX);
	slot(4, FS_GETATTR)->fs_rq.node.fn_ino = 4;
	submit(4);
	calls = 0;
	fsdrv_ring_drain(&rg, &ops);
	/* The bad ones are dropped, unanswered; the good one is served. */
	assert_int_equal(rg.rg_dropped, 3);
	assert_int_equal(calls, 1);
	assert_int_equal(answered(), 4);
	assert_int_equal(answered(), -1);
	assert_false(rg.rg_sq.rv_broken);
}

static void
test_unterminated_name(void **state)
{
	struct fs_slot *s;

	mount("none", 0);
	calls = 0;
	s = slot(5, FS_LOOKUP);
	memset(s->fs_name, 'a', sizeof(s->fs_name));
	assert_int_equal(serve(5), -ENAMETOOLONG);
	assert_int_equal(calls, 0);
	/* A name the op does not use may be anything: still served. */
	s = slot(5, FS_GETATTR);
	memset(s->fs_name, 'a', sizeof(s->fs_name));
	memset(s->fs_name2, 'b', sizeof(s->fs_name2));
	assert_int_equal(serve(5), 0);
	assert_int_equal(calls, 1);
	/* A name filling its array but terminated at the last byte is fine. */
	s = slot(5, FS_LOOKUP);
	memset(s->fs_name, 'a', sizeof(s->fs_name) - 1);
	assert_int_equal(serve(5), 0);
	assert_int_equal(s->fs_rp.node.fn_ino, XNAME_MAX);
}

static void
test_producer_far_ahead(void **state)
{
	struct ring *r = (struct ring *)area.s.fs_sq;
	unsigned what;

	mount("none", 0);
	calls = 0;
	r->r_prod += 1000;
	what = fsdrv_ring_drain(&rg, &ops);
	assert_true((what & FSDRV_CLOSE) != 0);
	assert_true(rg.rg_sq.rv_broken);
	assert_int_equal(calls, 0);
	/* Forgetting it unmounts by force. */
	fsdrv_ring_forget(&rg, &ops);
	assert_int_equal(unmounts, 1);
	assert_int_equal(forced, 1);
	assert_false(rg.rg_used);
}

static void
test_consumer_behind(void **state)
{
	struct ring *r = (struct ring *)area.s.fs_cq;

	mount("none", 0);
	/* The client claims to have taken answers never given. */
	r->r_cons += 1000;
	slot(1, FS_GETATTR)->fs_rq.node.fn_ino = 1;
	submit(1);
	assert_true((fsdrv_ring_drain(&rg, &ops) & FSDRV_CLOSE) != 0);
}

static void
test_read_only(void **state)
{
	mount("none", XMNT_RDONLY);
	calls = 0;
	assert_int_equal(serve((slot(1, FS_CREATE), 1)), -EROFS);
	assert_int_equal(calls, 0);
	/* Reading still works; NULL callbacks answer their defaults. */
	assert_int_equal(serve((slot(1, FS_GETATTR), 1)), 0);
	assert_int_equal(serve((slot(1, FS_REF), 1)), 0);
	assert_int_equal(serve((slot(1, FS_GETDENTS), 1)), -ENOSYS);
}

static void
test_null_callbacks(void **state)
{
	mount("none", 0);
	calls = 0;
	assert_int_equal(serve((slot(1, FS_WRITE), 1)), -EROFS);
	assert_int_equal(serve((slot(1, FS_UNLINK), 1)), -EROFS);
	assert_int_equal(serve((slot(1, FS_CREATE), 1)), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(serve((slot(1, FS_STATFS), 1)), -ENOSYS);
	assert_int_equal(serve((slot(1, FS_SYNC), 1)), 0);
	assert_int_equal(serve((slot(1, FS_PUTNODE), 1)), 0);
}

static void
test_read_only_fs(void **state)
{
	struct fs_slot *s = slot(0, FS_MOUNT);

	submit(0);
	assert_true((fsdrv_ring_drain(&rg, &ro_ops) & FSDRV_CLOSE) != 0);
	assert_int_equal(answered(), 0);
	assert_int_equal(s->fs_result, -EROFS);
	/* The refused mount closed the ring; vfs tries on a new one. */
	setup(state);
	s = slot(0, FS_MOUNT);
	s->fs_rq.mount.fm_flags = XMNT_RDONLY;
	submit(0);
	fsdrv_ring_drain(&rg, &ro_ops);
	assert_int_equal(answered(), 0);
	assert_int_equal(s->fs_result, 0);
	s = slot(1, FS_SETATTR);
	submit(1);
	fsdrv_ring_drain(&rg, &ro_ops);
	assert_int_equal(answered(), 1);
	assert_int_equal(s->fs_result, -EROFS);
}

static void
test_readlink(void **state)
{
	struct fs_slot *s;

	mount("none", 0);
	s = slot(7, FS_READLINK);
	memset(s->fs_name2, 'z', sizeof(s->fs_name2));
	assert_int_equal(serve(7), 6);
	assert_memory_equal(s->fs_name2, "target", 6);
}

static void
test_deferred(void **state)
{
	struct fs_slot *s;

	mount("none", 0);
	s = slot(3, FS_READ);
	submit(3);
	fsdrv_ring_drain(&rg, &ops);
	assert_int_equal(answered(), -1);
	assert_int_equal(s->fs_result, 12345);
	/* The same slot again while in service: dropped. */
	calls = 0;
	submit(3);
	fsdrv_ring_drain(&rg, &ops);
	assert_int_equal(calls, 0);
	assert_int_equal(rg.rg_dropped, 1);
	/* Others are served meanwhile; unmount waits for the deferred one. */
	slot(4, FS_GETATTR)->fs_rq.node.fn_ino = 4;
	assert_int_equal(serve(4), 0);
	slot(5, FS_UNMOUNT)->fs_rq.node.fn_ino = 1;
	assert_int_equal(serve(5), -EBUSY);
	/* The answer, later. */
	later_rq.fr_rp.node.fn_ino = 99;
	assert_int_equal(later.fl_slot, 3);
	assert_true(fsdrv_ring_answer(&rg, 3, &later_rq, 4096) >= 0);
	assert_int_equal(answered(), 3);
	assert_int_equal(s->fs_result, 4096);
	assert_int_equal(s->fs_rp.node.fn_ino, 99);
	/* Only once, and only for deferred slots. */
	assert_int_equal(fsdrv_ring_answer(&rg, 3, &later_rq, 1), -ENOENT);
	assert_int_equal(fsdrv_ring_answer(&rg, 4, &later_rq, 1), -ENOENT);
	assert_int_equal(fsdrv_ring_answer(&rg, FS_RING_SLOTS, &later_rq, 1), -ENOENT);
}

static void
test_unmount(void **state)
{
	unsigned what;

	mount("none", 0);
	unmount_answer = -EBUSY;
	slot(2, FS_UNMOUNT)->fs_rq.node.fn_ino = 1;
	assert_int_equal(serve(2), -EBUSY);
	assert_false(rg.rg_closing);
	unmount_answer = 0;
	slot(2, FS_UNMOUNT)->fs_rq.node.fn_ino = 1;
	/* Requests after an accepted unmount are left alone. */
	slot(6, FS_GETATTR);
	submit(2);
	submit(6);
	calls = 0;
	what = fsdrv_ring_drain(&rg, &ops);
	assert_true((what & FSDRV_CLOSE) != 0);
	assert_int_equal(answered(), 2);
	assert_int_equal(area.s.fs_slots[2].fs_result, 0);
	assert_int_equal(answered(), -1);
	assert_int_equal(calls, 0);
	/* No forced unmount for a ring unmounted in order. */
	fsdrv_ring_forget(&rg, &ops);
	assert_int_equal(unmounts, 2);
	assert_int_equal(forced, 0);
}

static void
test_notify_suppression(void **state)
{
	unsigned what;

	mount("none", 0);
	/* The client is busy (no wait flag): no notification. */
	slot(1, FS_GETATTR);
	submit(1);
	what = fsdrv_ring_drain(&rg, &ops);
	assert_int_equal(what & FSDRV_NOTIFY, 0);
	assert_int_equal(answered(), 1);
	/* The client sleeps: one notification. */
	assert_true(ring_cons_idle(&ccq));
	slot(1, FS_GETATTR);
	submit(1);
	what = fsdrv_ring_drain(&rg, &ops);
	assert_true((what & FSDRV_NOTIFY) != 0);
	assert_int_equal(answered(), 1);
	/* The server asked to be woken: the client's commit says so. */
	slot(1, FS_GETATTR);
	assert_true(ring_prod_next(&csq) != NULL);
	assert_true(ring_prod_commit(&csq));
}

/* Workers: reads sleep on read_chan until the test wakes them. */
static char read_chan;
static char order[16];
static int norder;

static int64_t
cb_wread(struct fsdriver_req *rq)
{
	order[norder++] = 'r';
	assert_int_equal(worker_sleep(&read_chan, 0), 0);
	order[norder++] = 'R';
	return 7;
}

static int64_t
cb_wgetattr(struct fsdriver_req *rq)
{
	order[norder++] = 'g';
	rq->fr_attr.fa_ino = rq->fr_rq.node.fn_ino;
	return 0;
}

static int64_t
cb_wcreate(struct fsdriver_req *rq)
{
	order[norder++] = 'c';
	return 0;
}

static const struct fsdriver_ops wops = {
	.mount = cb_mount,
	.unmount = cb_unmount,
	.getattr = cb_wgetattr,
	.read = cb_wread,
	.create = cb_wcreate,
	.fo_workers = 4,
	.fo_worker_stack = 32768,
};

static void
wmount(void)
{
	slot(0, FS_MOUNT);
	submit(0);
	fsdrv_ring_drain(&rg, &wops);
	assert_int_equal(answered(), 0);
	assert_true(rg.rg_mounted);
	memset(order, 0, sizeof(order));
	norder = 0;
}

static void
test_workers(void **state)
{
	wmount();
	slot(1, FS_READ);
	slot(2, FS_GETATTR)->fs_rq.node.fn_ino = 2;
	slot(3, FS_CREATE);
	slot(4, FS_GETATTR)->fs_rq.node.fn_ino = 4;
	for (uint32_t i = 1; i <= 4; i++) {
		submit(i);
	}
	fsdrv_ring_drain(&rg, &wops);
	/* The read sleeps; the getattr beside it is answered; the create
	 * waits for the read, and the second getattr for the create. */
	assert_int_equal(answered(), 2);
	assert_int_equal(answered(), -1);
	assert_string_equal(order, "rg");
	worker_wakeup(&read_chan);
	fsdrv_jobs_run();
	assert_string_equal(order, "rgRcg");
	assert_int_equal(answered(), 1);
	assert_int_equal(area.s.fs_slots[1].fs_result, 7);
	assert_int_equal(answered(), 3);
	assert_int_equal(answered(), 4);
	assert_int_equal(area.s.fs_slots[4].fs_attr.fa_ino, 4);
	assert_int_equal(rg.rg_later, 0);

	/* Six reads, four workers: two wait for one. */
	norder = 0;
	memset(order, 0, sizeof(order));
	for (uint32_t i = 10; i < 16; i++) {
		slot(i, FS_READ);
		submit(i);
	}
	fsdrv_ring_drain(&rg, &wops);
	assert_string_equal(order, "rrrr");
	worker_wakeup(&read_chan);
	fsdrv_jobs_run();
	assert_string_equal(order, "rrrrRRRRrr");
	for (int i = 0; i < 4; i++) {
		assert_true(answered() >= 10);
	}
	worker_wakeup(&read_chan);
	fsdrv_jobs_run();
	assert_int_equal(answered(), 14);
	assert_int_equal(answered(), 15);
	assert_int_equal(answered(), -1);
}

/* fo_shares: a server lets one more op share the lock. */
static bool create_shares;

static bool
cb_shares(const struct fsdriver_req *rq)
{
	return fsdriver_op_shares(rq->fr_op) || (rq->fr_op == FS_CREATE && create_shares);
}

static void
test_workers_shares(void **state)
{
	struct fsdriver_ops sops = wops;

	sops.fo_shares = cb_shares;
	wmount();
	create_shares = true;
	slot(1, FS_READ);
	slot(2, FS_CREATE);
	submit(1);
	submit(2);
	fsdrv_ring_drain(&rg, &sops);
	/* The create runs beside the sleeping read. */
	assert_string_equal(order, "rc");
	assert_int_equal(answered(), 2);
	assert_int_equal(answered(), -1);
	/* Not shared: it waits for the read, as by default. */
	create_shares = false;
	slot(3, FS_CREATE);
	submit(3);
	fsdrv_ring_drain(&rg, &sops);
	assert_string_equal(order, "rc");
	assert_int_equal(answered(), -1);
	worker_wakeup(&read_chan);
	fsdrv_jobs_run();
	assert_string_equal(order, "rcRc");
	assert_int_equal(answered(), 1);
	assert_int_equal(answered(), 3);
}

static void
test_workers_ring_gone(void **state)
{
	wmount();
	slot(1, FS_READ);
	submit(1);
	fsdrv_ring_drain(&rg, &wops);
	assert_string_equal(order, "r");
	/* The client dies: the mount stays until the read is done. */
	fsdrv_ring_forget(&rg, &wops);
	assert_int_equal(unmounts, 0);
	worker_wakeup(&read_chan);
	fsdrv_jobs_run();
	assert_string_equal(order, "rR");
	assert_int_equal(unmounts, 1);
	assert_int_equal(forced, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_io_span),
		cmocka_unit_test(test_changes),
		cmocka_unit_test_setup(test_mount_first, setup),
		cmocka_unit_test_setup(test_mount_flags, setup),
		cmocka_unit_test_setup(test_bad_slot_numbers, setup),
		cmocka_unit_test_setup(test_unterminated_name, setup),
		cmocka_unit_test_setup(test_producer_far_ahead, setup),
		cmocka_unit_test_setup(test_consumer_behind, setup),
		cmocka_unit_test_setup(test_read_only, setup),
		cmocka_unit_test_setup(test_null_callbacks, setup),
		cmocka_unit_test_setup(test_read_only_fs, setup),
		cmocka_unit_test_setup(test_readlink, setup),
		cmocka_unit_test_setup(test_deferred, setup),
		cmocka_unit_test_setup(test_unmount, setup),
		cmocka_unit_test_setup(test_notify_suppression, setup),
		cmocka_unit_test_setup(test_workers, setup),
		cmocka_unit_test_setup(test_workers_shares, setup),
		cmocka_unit_test_setup(test_workers_ring_gone, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
