/*
 * Host tests of grant tables (kernel/proc/res_grant_table.c): creation
 * checks, ids that go stale, and the bounds and rights check of every
 * safecopy: overflow, zero length, revoked grants, the wrong grantee or
 * generation, offsets past the end.
 */
/* unit-sources: kernel/proc/res_grant_table.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <kern/grant.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

#define USER_END 0x0000800000000000ULL
#define WIN 0x400000ULL
#define RW (GRANT_READ | GRANT_WRITE)

static struct grant_table t;
static const endpoint_t me = ENDPOINT_MAKE(7, 3);

static int
reset(void **state)
{
	grant_table_init(&t, 0);
	return 0;
}

/* Windows that are empty, wrap, leave user space, or ask for odd rights. */
static void
test_create_checks(void **state)
{
	assert_int_equal(grant_table_add(&t, WIN, 0, me, GRANT_READ, USER_END), -EINVAL);
	assert_int_equal(grant_table_add(&t, WIN, 16, me, 0, USER_END), -EINVAL);
	assert_int_equal(grant_table_add(&t, WIN, 16, me, 8, USER_END), -EINVAL);
	assert_int_equal(grant_table_add(&t, WIN, 16, ENDPOINT_ANY, GRANT_READ, USER_END), -EINVAL);
	assert_int_equal(grant_table_add(&t, UINT64_MAX - 8, 16, me, GRANT_READ, USER_END),
	    -EFAULT);
	assert_int_equal(grant_table_add(&t, USER_END - 8, 16, me, GRANT_READ, USER_END), -EFAULT);
	assert_int_equal(grant_table_add(&t, WIN + 8, 4096, me, GRANT_MAP, USER_END), -EINVAL);
	assert_int_equal(grant_table_add(&t, WIN, 4000, me, GRANT_MAP, USER_END), -EINVAL);
	assert_int_equal(t.gt_used, 0);
	assert_true(grant_table_add(&t, USER_END - 16, 16, me, GRANT_READ, USER_END) >= 0);
	assert_true(grant_table_add(&t, WIN, 8192, me, GRANT_MAP | RW, USER_END) >= 0);
	assert_int_equal(t.gt_used, 2);
}

/* A copy inside the window passes and points at the right byte. */
static void
test_check_ok(void **state)
{
	int64_t id = grant_table_add(&t, WIN, 100, me, RW, USER_END);
	uint64_t addr = 0;

	assert_true(id >= 0);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 100, &addr), 0);
	assert_int_equal(addr, WIN);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_WRITE, 99, 1, &addr), 0);
	assert_int_equal(addr, WIN + 99);
}

/* Offsets and lengths past the end, and sums that wrap around. */
static void
test_bounds(void **state)
{
	int64_t id = grant_table_add(&t, WIN, 100, me, RW, USER_END);
	uint64_t addr = 0x1234;

	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 101, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 100, 1, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 101, 1, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 50, 51, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, UINT64_MAX, 2, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 2, UINT64_MAX, &addr), -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 1, UINT64_MAX - 0, &addr),
	    -ERANGE);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 0, &addr), -EINVAL);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 100, 0, &addr), -EINVAL);
	assert_int_equal(addr, 0x1234); /* untouched on failure */
}

/* Only the grantee, in the very generation named, with the rights given. */
static void
test_grantee_and_access(void **state)
{
	int64_t id = grant_table_add(&t, WIN, 100, me, GRANT_READ, USER_END);
	uint64_t addr;

	assert_int_equal(grant_table_check(&t, id, ENDPOINT_MAKE(8, 3), GRANT_READ, 0, 1, &addr),
	    -EPERM);
	assert_int_equal(grant_table_check(&t, id, ENDPOINT_MAKE(7, 4), GRANT_READ, 0, 1, &addr),
	    -EPERM);
	assert_int_equal(grant_table_check(&t, id, ENDPOINT_MAKE(7, 2), GRANT_READ, 0, 1, &addr),
	    -EPERM);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_WRITE, 0, 1, &addr), -EACCES);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_MAP, 0, 1, &addr), -EACCES);
	assert_int_equal(grant_table_check(&t, id, me, 0, 0, 1, &addr), -EACCES);
}

/* A revoked id fails, even once its slot holds a new grant. */
static void
test_revoked_and_stale(void **state)
{
	int64_t id = grant_table_add(&t, WIN, 100, me, GRANT_READ, USER_END), id2;
	uint64_t addr;

	assert_int_equal(grant_table_revoke(&t, id), 0);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_int_equal(grant_table_revoke(&t, id), -ENOENT);
	id2 = grant_table_add(&t, WIN, 100, me, GRANT_READ, USER_END);
	assert_true(id2 >= 0 && id2 != id);
	assert_int_equal(id2 & 0xff, id & 0xff); /* same slot, new sequence */
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_int_equal(grant_table_check(&t, id2, me, GRANT_READ, 0, 1, &addr), 0);
	/* Malformed ids. */
	assert_int_equal(grant_table_check(&t, -1, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_int_equal(grant_table_check(&t, GRANT_SLOTS, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_int_equal(grant_table_check(&t, INT64_MAX, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_null(grant_table_get(&t, id));
	assert_non_null(grant_table_get(&t, id2));
}

/* The table fills up, and revoking by grantee frees exactly its grants. */
static void
test_full_and_revoke_grantee(void **state)
{
	endpoint_t other = ENDPOINT_MAKE(9, 1);

	for (unsigned i = 0; i < GRANT_SLOTS; i++) {
		assert_true(
		    grant_table_add(&t, WIN, 16, i % 2 ? other : me, GRANT_READ, USER_END) >= 0);
	}
	assert_int_equal(grant_table_add(&t, WIN, 16, me, GRANT_READ, USER_END), -ENOSPC);
	assert_int_equal(grant_table_revoke_grantee(&t, other), GRANT_SLOTS / 2);
	assert_int_equal(t.gt_used, GRANT_SLOTS / 2);
	assert_int_equal(grant_table_revoke_grantee(&t, other), 0);
	assert_int_equal(grant_table_revoke_grantee(&t, me), GRANT_SLOTS / 2);
	assert_int_equal(t.gt_used, 0);
}

/* Sequence numbers wrap within the id's positive range. */
static void
test_sequence_wraps(void **state)
{
	int64_t id = 0;

	t.gt_slot[0].g_seq = GRANT_SEQ_MASK;
	id = grant_table_add(&t, WIN, 16, me, GRANT_READ, USER_END);
	assert_int_equal(id, (int64_t)GRANT_SEQ_MASK << GRANT_SEQ_SHIFT);
	assert_true(id <= INT32_MAX);
	assert_int_equal(grant_table_revoke(&t, id), 0);
	id = grant_table_add(&t, WIN, 16, me, GRANT_READ, USER_END);
	assert_int_equal(id, 0);
}

/* A table made again starts past every sequence number of the old one,
 * so no id of the old table names a grant of the new. */
static void
test_table_again(void **state)
{
	int64_t id = grant_table_add(&t, WIN, 16, me, GRANT_READ, USER_END), id2;
	uint64_t addr;

	assert_int_equal(grant_table_revoke(&t, id), 0);
	assert_int_equal(grant_table_revoke(&t, id + (1 << GRANT_SEQ_SHIFT)), -ENOENT);
	grant_table_init(&t, grant_table_next_seq(&t));
	id2 = grant_table_add(&t, WIN, 16, me, GRANT_READ, USER_END);
	assert_true(id2 >= 0 && id2 != id);
	assert_int_equal(grant_table_check(&t, id, me, GRANT_READ, 0, 1, &addr), -ENOENT);
	assert_int_equal(grant_table_check(&t, id2, me, GRANT_READ, 0, 1, &addr), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_create_checks, reset),
		cmocka_unit_test_setup(test_check_ok, reset),
		cmocka_unit_test_setup(test_bounds, reset),
		cmocka_unit_test_setup(test_grantee_and_access, reset),
		cmocka_unit_test_setup(test_revoked_and_stale, reset),
		cmocka_unit_test_setup(test_full_and_revoke_grantee, reset),
		cmocka_unit_test_setup(test_sequence_wraps, reset),
		cmocka_unit_test_setup(test_table_again, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
