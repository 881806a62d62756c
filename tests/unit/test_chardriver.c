/* unit-sources: lib/libchardriver/queue.c lib/libchardriver/done.c lib/libchardriver/copy.c lib/libchardriver/request.c */
/*
 * libchardriver's pure parts, with the kernel faked (the seams of
 * sys.c): the done queue (each caller's results in order, cd_more,
 * a notification only when a caller's queue goes from empty to
 * non-empty, cancel, a dead caller, a full table and its purge, merged
 * readiness), the bounds of the copy helpers, the minors, and the
 * decoding of requests laid out on the wire the way vfs sends them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/vfs.h>
#include "../../lib/libchardriver/chardriver_int.h"

#define A 1001 /* two callers (vfs, a test program) */
#define B 2002
#define D 3003 /* one that dies */

/* The fake kernel: notifications counted per caller, dead endpoints,
 * the last safecopy. */
static unsigned notified_a, notified_b, notified_d;
static bool d_dead;
static struct {
	int calls;
	bool to;
	endpoint_t owner;
	int64_t grant;
	uint64_t off;
	size_t len;
} copy;
static int copy_result;

int
cdrv_notify(endpoint_t to)
{
	if (to == D && d_dead) {
		return -EDEADSRCDST;
	}
	notified_a += to == A;
	notified_b += to == B;
	notified_d += to == D;
	return 0;
}

static int
fake_copy(bool to, endpoint_t owner, int64_t grant, uint64_t off, size_t len)
{
	copy.calls++;
	copy.to = to;
	copy.owner = owner;
	copy.grant = grant;
	copy.off = off;
	copy.len = len;
	return copy_result;
}

int
cdrv_safecopy_to(endpoint_t owner, int64_t grant, uint64_t off, const void *src, size_t len)
{
	return fake_copy(true, owner, grant, off, len);
}

int
cdrv_safecopy_from(endpoint_t owner, int64_t grant, uint64_t off, void *dst, size_t len)
{
	return fake_copy(false, owner, grant, off, len);
}

/* The fake driver: what its callbacks were given. */
static struct chardriver_io seen_io;
static int reads, opens;
static int64_t read_result;
static endpoint_t seen_notify, cancel_caller;
static uint64_t cancel_id;

static int64_t
drv_read(uint64_t minor, const struct chardriver_io *io)
{
	reads++;
	seen_io = *io;
	return read_result;
}

static int
drv_open(uint64_t minor, uint64_t flags, endpoint_t proc)
{
	opens++;
	return 0;
}

static void
drv_cancel(endpoint_t caller, uint64_t id)
{
	cancel_caller = caller;
	cancel_id = id;
}

static int64_t
drv_select(uint64_t minor, uint64_t ops, endpoint_t notify)
{
	seen_notify = notify;
	return XPOLLIN | XPOLLOUT | 0x100;
}

static int
drv_other(const struct message *m, struct message *reply)
{
	reply->m_arg[0] = 0;
	reply->m_arg[1] = 4242;
	return m->m_type == CHR_SIGNALS ? 0 : -EINVAL;
}

static const struct chardriver_ops ops = {
	.open = drv_open,
	.read = drv_read,
	.cancel = drv_cancel,
	.select = drv_select,
	.minors = 1u << 3 | 1u << 5 | 1u << 8,
	.driver = { .request = drv_other },
};

static int
setup(void **state)
{
	memset(&cdrv_done, 0, sizeof(cdrv_done));
	notified_a = notified_b = notified_d = 0;
	d_dead = false;
	memset(&copy, 0, sizeof(copy));
	copy_result = 0;
	memset(&seen_io, 0, sizeof(seen_io));
	reads = opens = 0;
	read_result = 0;
	seen_notify = cancel_caller = 0;
	cancel_id = 0;
	return 0;
}

/* A request from `from` sent through chardriver_request(): its reply. */
static struct message
request(endpoint_t from, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5)
{
	struct message m = { .m_source = from, .m_type = type };
	struct message reply = { 0 };

	m.m_arg[0] = a0;
	m.m_arg[1] = a1;
	m.m_arg[2] = a2;
	m.m_arg[3] = a3;
	m.m_arg[4] = a4;
	m.m_arg[5] = a5;
	assert_int_equal(chardriver_request(&ops, &m, &reply), 0);
	assert_int_equal(reply.m_type, CHR_REPLY);
	return reply;
}

/* One CHR_DONE from `from`; checks an IO result id/result/more. */
static void
expect_done_io(endpoint_t from, uint64_t id, int64_t result, uint64_t more)
{
	struct message r = request(from, CHR_DONE, 0, 0, 0, 0, 0, 0);

	/* The wire: [0] 0, [1] kind, [2] id, [3] result, [4] more. */
	assert_int_equal((int64_t)r.m_arg[0], 0);
	assert_int_equal(r.m_arg[1], CHR_DONE_IO);
	assert_int_equal(r.m_arg[2], id);
	assert_int_equal((int64_t)r.m_arg[3], result);
	assert_int_equal(r.m_arg[4], more);
}

static void
expect_done_empty(endpoint_t from)
{
	struct message r = request(from, CHR_DONE, 0, 0, 0, 0, 0, 0);

	assert_int_equal((int64_t)r.m_arg[0], -ENOENT);
}

static void
test_order_and_more(void **state)
{
	assert_int_equal(chardriver_done_io(A, 1, 10), 0);
	assert_int_equal(chardriver_done_io(B, 1, 99), 0);
	assert_int_equal(chardriver_done_io(A, 2, -EINTR), 0);
	assert_int_equal(chardriver_done_io(A, 3, 30), 0);
	expect_done_io(A, 1, 10, 2);
	expect_done_io(A, 2, -EINTR, 1);
	expect_done_io(A, 3, 30, 0);
	expect_done_empty(A);
	/* B's result was never A's to take. */
	expect_done_io(B, 1, 99, 0);
	expect_done_empty(B);
}

static void
test_notify_only_when_empty(void **state)
{
	chardriver_done_io(A, 1, 1);
	chardriver_done_io(A, 2, 2);
	chardriver_done_io(B, 5, 5);
	chardriver_done_io(A, 3, 3);
	assert_int_equal(notified_a, 1);
	assert_int_equal(notified_b, 1);
	expect_done_io(A, 1, 1, 2);
	/* Not empty yet: a result now comes without a notification, and
	 * cd_more counts it. */
	chardriver_done_io(A, 4, 4);
	assert_int_equal(notified_a, 1);
	expect_done_io(A, 2, 2, 2);
	expect_done_io(A, 3, 3, 1);
	expect_done_io(A, 4, 4, 0);
	/* Empty (cd_more was 0): the next result notifies again. */
	chardriver_done_io(A, 6, 6);
	assert_int_equal(notified_a, 2);
}

static void
test_cancel(void **state)
{
	struct message r;

	chardriver_done_io(A, 1, 1);
	chardriver_done_io(A, 2, 2);
	chardriver_done_io(B, 2, 22);
	chardriver_ready(A, 2, XPOLLIN); /* a minor equal to the id */
	chardriver_done_io(A, 3, 3);
	r = request(A, CHR_CANCEL, 2, 0, 0, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], 0);
	assert_int_equal(cancel_caller, A);
	assert_int_equal(cancel_id, 2);
	expect_done_io(A, 1, 1, 2);
	r = request(A, CHR_DONE, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.m_arg[1], CHR_DONE_READY);
	assert_int_equal(r.m_arg[2], 2);
	assert_int_equal(r.m_arg[3], XPOLLIN);
	assert_int_equal(r.m_arg[4], 1);
	expect_done_io(A, 3, 3, 0);
	/* Another caller's request with the same id is its own. */
	expect_done_io(B, 2, 22, 0);
	/* An unknown id: 0, nothing changes. */
	r = request(A, CHR_CANCEL, 777, 0, 0, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], 0);
	assert_int_equal(cdrv_queue_cancel(&cdrv_done, A, 777), 0);
}

static void
test_ready_merged(void **state)
{
	struct message r;

	chardriver_ready(A, 5, XPOLLIN);
	chardriver_ready(A, 5, XPOLLOUT);
	chardriver_ready(A, 8, XPOLLIN);
	assert_int_equal(notified_a, 1);
	assert_int_equal(cdrv_queue_count(&cdrv_done, A), 2);
	r = request(A, CHR_DONE, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.m_arg[1], CHR_DONE_READY);
	assert_int_equal(r.m_arg[2], 5);
	assert_int_equal(r.m_arg[3], XPOLLIN | XPOLLOUT);
	assert_int_equal(r.m_arg[4], 1);
}

static void
test_dead_caller(void **state)
{
	d_dead = true;
	assert_int_equal(chardriver_done_io(D, 1, 1), -EDEADSRCDST);
	assert_int_equal(cdrv_queue_count(&cdrv_done, D), 0);
	assert_int_equal(cdrv_done.q_n, 0);
}

static void
test_full_table(void **state)
{
	unsigned i;

	for (i = 0; i < CHARDRIVER_DONE_MAX; i++) {
		assert_int_equal(chardriver_done_io(A, i + 1, (int64_t)i), 0);
	}
	/* Every caller lives: the new result is lost, the old ones kept
	 * (and A was asked whether it lives: one more notification). */
	assert_int_equal(chardriver_done_io(B, 100, 1), -ENOSPC);
	assert_int_equal(cdrv_done.q_n, CHARDRIVER_DONE_MAX);
	assert_int_equal(cdrv_queue_count(&cdrv_done, B), 0);
	assert_int_equal(notified_a, 2);
	expect_done_io(A, 1, 0, CHARDRIVER_DONE_MAX - 1);
}

static void
test_full_table_purges_the_dead(void **state)
{
	unsigned i;

	for (i = 0; i < 40; i++) {
		assert_int_equal(chardriver_done_io(D, i + 1, 0), 0);
	}
	for (i = 40; i < CHARDRIVER_DONE_MAX; i++) {
		assert_int_equal(chardriver_done_io(A, i + 1, 0), 0);
	}
	d_dead = true;
	assert_int_equal(chardriver_done_io(A, 1000, 7), 0);
	assert_int_equal(cdrv_queue_count(&cdrv_done, D), 0);
	assert_int_equal(cdrv_queue_count(&cdrv_done, A), CHARDRIVER_DONE_MAX - 40 + 1);
	assert_int_equal(cdrv_done.q_n, CHARDRIVER_DONE_MAX - 40 + 1);
	/* A's order survived the purge. */
	expect_done_io(A, 41, 0, CHARDRIVER_DONE_MAX - 40);
}

static void
test_copy_bounds(void **state)
{
	struct chardriver_io io = { .ci_caller = A, .ci_id = 9, .ci_len = 100, .ci_grant = 77 };
	char buf[128] = { 0 };

	assert_int_equal(chardriver_copy_out(&io, 0, buf, 100), 0);
	assert_int_equal(copy.calls, 1);
	assert_true(copy.to);
	assert_int_equal(copy.owner, A);
	assert_int_equal(copy.grant, 77);
	assert_int_equal(copy.off, 0);
	assert_int_equal(copy.len, 100);
	assert_int_equal(chardriver_copy_in(&io, 60, buf, 40), 0);
	assert_int_equal(copy.calls, 2);
	assert_false(copy.to);
	assert_int_equal(copy.off, 60);
	assert_int_equal(copy.len, 40);
	/* Outside the request: refused before the kernel is asked. */
	assert_int_equal(chardriver_copy_out(&io, 50, buf, 51), -ERANGE);
	assert_int_equal(chardriver_copy_in(&io, 0, buf, 101), -ERANGE);
	assert_int_equal(chardriver_copy_out(&io, 101, buf, 0), -ERANGE);
	assert_int_equal(chardriver_copy_in(&io, UINT64_MAX, buf, 2), -ERANGE);
	assert_int_equal(chardriver_copy_out(&io, 1, buf, SIZE_MAX), -ERANGE);
	assert_int_equal(copy.calls, 2);
	/* Nothing to copy at the end: no kernel call. */
	assert_int_equal(chardriver_copy_out(&io, 100, buf, 0), 0);
	assert_int_equal(copy.calls, 2);
	/* The kernel's error comes back as it is. */
	copy_result = -ENOENT;
	assert_int_equal(chardriver_copy_out(&io, 0, buf, 1), -ENOENT);
}

static void
test_minors(void **state)
{
	struct message r;

	assert_true(chardriver_minor_ok(&ops, 3));
	assert_true(chardriver_minor_ok(&ops, 5));
	assert_true(chardriver_minor_ok(&ops, 8));
	assert_false(chardriver_minor_ok(&ops, 0));
	assert_false(chardriver_minor_ok(&ops, 4));
	assert_false(chardriver_minor_ok(&ops, 63));
	assert_false(chardriver_minor_ok(&ops, 64));
	assert_false(chardriver_minor_ok(&ops, 64 + 3));
	assert_false(chardriver_minor_ok(&ops, UINT64_MAX));
	/* A request naming a missing minor never reaches the driver. */
	r = request(A, CHR_OPEN, 7, 0, A, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], -ENXIO);
	r = request(A, CHR_READ, 64 + 3, 1, 10, 0, 5, A);
	assert_int_equal((int64_t)r.m_arg[0], -ENXIO);
	r = request(A, CHR_IOCTL, 4, 1, 0, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], -ENXIO);
	assert_int_equal(opens + reads, 0);
	r = request(A, CHR_OPEN, 3, 0, A, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], 0);
	assert_int_equal(opens, 1);
}

/* A read laid out as vfs sends it ([0] minor, [1] id, [2] bytes, [3]
 * flags, [4] grant, [5] process) reaches the driver decoded. */
static void
test_read_decoded(void **state)
{
	struct message r;

	read_result = 7;
	r = request(A, CHR_READ, 5, 0x1234, 64, XO_NONBLOCK, 55, B);
	assert_int_equal((int64_t)r.m_arg[0], 7);
	assert_int_equal(reads, 1);
	assert_int_equal(seen_io.ci_caller, A);
	assert_int_equal(seen_io.ci_minor, 5);
	assert_int_equal(seen_io.ci_id, 0x1234);
	assert_int_equal(seen_io.ci_len, 64);
	assert_int_equal(seen_io.ci_flags, XO_NONBLOCK);
	assert_int_equal(seen_io.ci_grant, 55);
	assert_int_equal(seen_io.ci_proc, B);
	/* -EINPROGRESS passes through. */
	read_result = -EINPROGRESS;
	r = request(A, CHR_READ, 5, 2, 64, 0, 55, B);
	assert_int_equal((int64_t)r.m_arg[0], -EINPROGRESS);
	/* 0 bytes: 0 without the driver; id 0: refused; more than asked:
	 * -EIO; no write callback: -EINVAL. */
	r = request(A, CHR_READ, 5, 3, 0, 0, -1, B);
	assert_int_equal((int64_t)r.m_arg[0], 0);
	r = request(A, CHR_READ, 5, 0, 64, 0, 55, B);
	assert_int_equal((int64_t)r.m_arg[0], -EINVAL);
	assert_int_equal(reads, 2);
	read_result = 65;
	r = request(A, CHR_READ, 5, 4, 64, 0, 55, B);
	assert_int_equal((int64_t)r.m_arg[0], -EIO);
	r = request(A, CHR_WRITE, 5, 5, 64, 0, 55, B);
	assert_int_equal((int64_t)r.m_arg[0], -EINVAL);
}

static void
test_select_ioctl_other(void **state)
{
	struct message r;

	r = request(A, CHR_SELECT, 8, XPOLLIN, 1, 0, 0, 0);
	/* Only what was asked for. */
	assert_int_equal((int64_t)r.m_arg[0], XPOLLIN);
	assert_int_equal(seen_notify, A);
	r = request(A, CHR_SELECT, 8, XPOLLIN | XPOLLOUT | 0x4000, 0, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], XPOLLIN | XPOLLOUT);
	assert_int_equal(seen_notify, ENDPOINT_NONE);
	/* No ioctl callback: -ENOTTY. */
	r = request(A, CHR_IOCTL, 3, XTCGETRAW, 0, 0, 0, 0);
	assert_int_equal((int64_t)r.m_arg[0], -ENOTTY);
	/* Other types go to driver.request. */
	r = request(A, CHR_SIGNALS, 0, 0, 0, 0, 0, 0);
	assert_int_equal(r.m_arg[1], 4242);
}

static void
test_unknown_without_handler(void **state)
{
	struct chardriver_ops bare = { .minors = 1 };
	struct message m = { .m_source = A, .m_type = 0x7777 };
	struct message reply = { 0 };

	assert_int_equal(chardriver_request(&bare, &m, &reply), 0);
	assert_int_equal(reply.m_type, CHR_REPLY);
	assert_int_equal((int64_t)reply.m_arg[0], -EINVAL);
	/* Defaults: open 0, select all that was asked. */
	m = (struct message){ .m_source = A, .m_type = CHR_SELECT };
	m.m_arg[1] = XPOLLOUT;
	assert_int_equal(chardriver_request(&bare, &m, &reply), 0);
	assert_int_equal((int64_t)reply.m_arg[0], XPOLLOUT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_order_and_more, setup),
		cmocka_unit_test_setup(test_notify_only_when_empty, setup),
		cmocka_unit_test_setup(test_cancel, setup),
		cmocka_unit_test_setup(test_ready_merged, setup),
		cmocka_unit_test_setup(test_dead_caller, setup),
		cmocka_unit_test_setup(test_full_table, setup),
		cmocka_unit_test_setup(test_full_table_purges_the_dead, setup),
		cmocka_unit_test_setup(test_copy_bounds, setup),
		cmocka_unit_test_setup(test_minors, setup),
		cmocka_unit_test_setup(test_read_decoded, setup),
		cmocka_unit_test_setup(test_select_ioctl_other, setup),
		cmocka_unit_test_setup(test_unknown_without_handler, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
