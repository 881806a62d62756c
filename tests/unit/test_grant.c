/*
 * Host tests of grant tables (kernel/proc/res_grant_table.c): creation
 * checks, ids that go stale, and the bounds and rights check of every
 * safecopy: overflow, zero length, revoked grants, the wrong grantee or
 * generation, offsets past the end; indirect grants (KC_GRANT_INDIRECT):
 * their creation checks, the depth limit, and chains walked link by link
 * across several tables with grant_table_step(), as the kernel does.
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

/* Tables of a few processes, for chains: a (owner of the memory), b, c, d,
 * e, f, each granting to the next. */
#define NPROC 6
static struct grant_table pt[NPROC];
static const endpoint_t pe[NPROC] = { ENDPOINT_MAKE(1, 1), ENDPOINT_MAKE(2, 1), ENDPOINT_MAKE(3, 1),
	ENDPOINT_MAKE(4, 1), ENDPOINT_MAKE(5, 1), ENDPOINT_MAKE(6, 1) };

static struct grant_table *
table_of(endpoint_t ep)
{
	for (unsigned i = 0; i < NPROC; i++) {
		if (pe[i] == ep) {
			return &pt[i];
		}
	}
	return NULL;
}

/* The kernel's walk (res_grant_chain.c) without locks: caller uses
 * owner's grant id; the address at the end, or the first error. */
static int
walk(endpoint_t caller, endpoint_t owner, int64_t id, unsigned access, uint64_t offset,
    uint64_t len, uint64_t *addr, unsigned *links)
{
	struct grant_hop hop = { owner, id, offset };

	for (*links = 0; *links <= GRANT_DEPTH_MAX; (*links)++) {
		struct grant_table *t = table_of(hop.gh_owner);
		endpoint_t here = hop.gh_owner;
		int r;

		if (t == NULL) {
			return -EDEADSRCDST;
		}
		r = grant_table_step(t, caller, access, len, &hop, addr);
		if (r != GRANT_STEP_NEXT) {
			return r;
		}
		caller = here;
	}
	return -ELOOP;
}

static int
reset_chain(void **state)
{
	for (unsigned i = 0; i < NPROC; i++) {
		grant_table_init(&pt[i], 0);
	}
	return 0;
}

/* What an indirect grant may be made of. */
static void
test_indirect_checks(void **state)
{
	struct grant_table *b = &pt[1];
	endpoint_t c = pe[2], a = pe[0];

	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, a, 5, 0, 0, 0), -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, 0, a, 5, 0, 16, 0), -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, 8, a, 5, 0, 16, 0), -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, ENDPOINT_ANY, GRANT_READ, a, 5, 0, 16, 0),
	    -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, ENDPOINT_NONE, 5, 0, 16, 0),
	    -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, a, -1, 0, 16, 0), -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, a, (int64_t)INT32_MAX + 1, 0,
	                     16, 0),
	    -EINVAL);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ | GRANT_MAP, a, 5, 0, 16, 0),
	    -EACCES);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, a, 5, UINT64_MAX - 4, 16, 0),
	    -ERANGE);
	assert_int_equal(grant_table_add_indirect(b, c, GRANT_READ, a, 5, 0, 16, GRANT_DEPTH_MAX),
	    -ELOOP);
	assert_int_equal(b->gt_used, 0);
	assert_true(
	    grant_table_add_indirect(b, c, GRANT_READ, a, 5, 0, 16, GRANT_DEPTH_MAX - 1) >= 0);
	assert_int_equal(b->gt_used, 1);
}

/* a grants b [WIN, WIN+1000); b passes [100, 400) on to c: c reaches
 * exactly a's bytes WIN+100 .. WIN+399 and nothing beyond. */
static void
test_chain_window(void **state)
{
	int64_t ga = grant_table_add(&pt[0], WIN, 1000, pe[1], RW, USER_END);
	int64_t gb = grant_table_add_indirect(&pt[1], pe[2], RW, pe[0], ga, 100, 300, 0);
	uint64_t addr = 0;
	unsigned links;

	assert_true(ga >= 0 && gb >= 0);
	assert_int_equal(grant_table_get(&pt[1], gb)->g_depth, 1);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 0, 300, &addr, &links), 0);
	assert_int_equal(addr, WIN + 100);
	assert_int_equal(links, 1);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_WRITE, 299, 1, &addr, &links), 0);
	assert_int_equal(addr, WIN + 399);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 299, 2, &addr, &links), -ERANGE);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 300, 1, &addr, &links), -ERANGE);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, UINT64_MAX, 2, &addr, &links), -ERANGE);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 0, 0, &addr, &links), -EINVAL);
	/* Only c may use it; b itself uses a's grant directly. */
	assert_int_equal(walk(pe[3], pe[1], gb, GRANT_READ, 0, 1, &addr, &links), -EPERM);
	assert_int_equal(walk(pe[1], pe[0], ga, GRANT_READ, 999, 1, &addr, &links), 0);
	assert_int_equal(addr, WIN + 999);
	/* Never a mapping through b. */
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_MAP, 0, 1, &addr, &links), -EACCES);
}

/* A read-only link anywhere makes the chain read-only. */
static void
test_chain_rights(void **state)
{
	int64_t ga = grant_table_add(&pt[0], WIN, 1000, pe[1], GRANT_READ, USER_END);
	int64_t gb = grant_table_add_indirect(&pt[1], pe[2], RW, pe[0], ga, 0, 1000, 0);
	uint64_t addr;
	unsigned links;

	/* The kernel refuses such a gb at creation (it checks the chain
	 * first); the walk refuses it again at every copy. */
	assert_true(gb >= 0);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 0, 1, &addr, &links), 0);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_WRITE, 0, 1, &addr, &links), -EACCES);
}

/* Revoking any link ends what was made from it; a new grant in the
 * revoked slot does not bring the chain back. */
static void
test_chain_revoke(void **state)
{
	int64_t ga = grant_table_add(&pt[0], WIN, 1000, pe[1], RW, USER_END), ga2;
	int64_t gb = grant_table_add_indirect(&pt[1], pe[2], GRANT_READ, pe[0], ga, 10, 10, 0);
	int64_t gc = grant_table_add_indirect(&pt[2], pe[3], GRANT_READ, pe[1], gb, 5, 5, 1);
	uint64_t addr;
	unsigned links;

	assert_int_equal(walk(pe[3], pe[2], gc, GRANT_READ, 0, 5, &addr, &links), 0);
	assert_int_equal(addr, WIN + 15);
	assert_int_equal(links, 2);
	assert_int_equal(grant_table_revoke(&pt[0], ga), 0);
	assert_int_equal(walk(pe[3], pe[2], gc, GRANT_READ, 0, 5, &addr, &links), -ENOENT);
	assert_int_equal(walk(pe[2], pe[1], gb, GRANT_READ, 0, 5, &addr, &links), -ENOENT);
	ga2 = grant_table_add(&pt[0], WIN, 1000, pe[1], RW, USER_END);
	assert_true(ga2 != ga);
	assert_int_equal(walk(pe[3], pe[2], gc, GRANT_READ, 0, 5, &addr, &links), -ENOENT);
	/* The middle link's owner gone: its table is no more. */
	assert_int_equal(grant_table_revoke(&pt[1], gb), 0);
	assert_int_equal(walk(pe[3], pe[2], gc, GRANT_READ, 0, 1, &addr, &links), -ENOENT);
}

/* Chains GRANT_DEPTH_MAX links long work, offsets adding up along them;
 * one more link is refused when it is made. */
static void
test_chain_depth(void **state)
{
	int64_t id[NPROC];
	uint64_t addr;
	unsigned links;

	id[0] = grant_table_add(&pt[0], WIN, 4096, pe[1], RW, USER_END);
	assert_true(id[0] >= 0);
	for (unsigned i = 1; i <= GRANT_DEPTH_MAX; i++) {
		const struct grant *src = grant_table_get(&pt[i - 1], id[i - 1]);

		id[i] = grant_table_add_indirect(&pt[i], pe[i + 1], GRANT_WRITE, pe[i - 1],
		    id[i - 1], 1, src->g_len - 2, src->g_depth);
		assert_true(id[i] >= 0);
		assert_int_equal(grant_table_get(&pt[i], id[i])->g_depth, i);
	}
	assert_int_equal(walk(pe[GRANT_DEPTH_MAX + 1], pe[GRANT_DEPTH_MAX], id[GRANT_DEPTH_MAX],
	                     GRANT_WRITE, 0, 4096 - 2 * GRANT_DEPTH_MAX, &addr, &links),
	    0);
	assert_int_equal(addr, WIN + GRANT_DEPTH_MAX);
	assert_int_equal(links, GRANT_DEPTH_MAX);
	assert_int_equal(walk(pe[GRANT_DEPTH_MAX + 1], pe[GRANT_DEPTH_MAX], id[GRANT_DEPTH_MAX],
	                     GRANT_WRITE, 0, 4096 - 2 * GRANT_DEPTH_MAX + 1, &addr, &links),
	    -ERANGE);
	assert_int_equal(grant_table_add_indirect(&pt[GRANT_DEPTH_MAX + 1], pe[0], GRANT_WRITE,
	                     pe[GRANT_DEPTH_MAX], id[GRANT_DEPTH_MAX], 0, 1,
	                     grant_table_get(&pt[GRANT_DEPTH_MAX], id[GRANT_DEPTH_MAX])->g_depth),
	    -ELOOP);
}

/* A grant whose source offset was forged to wrap is refused, not
 * followed. */
static void
test_chain_wrap(void **state)
{
	int64_t ga = grant_table_add(&pt[0], WIN, 1000, pe[1], RW, USER_END);
	int64_t gb = grant_table_add_indirect(&pt[1], pe[2], RW, pe[0], ga, 0, 16, 0);
	struct grant_hop hop = { pe[1], gb, 8 };
	uint64_t addr = 7;

	pt[1].gt_slot[gb & 0xff].g_addr = UINT64_MAX - 4;
	assert_int_equal(grant_table_step(&pt[1], pe[2], GRANT_READ, 1, &hop, &addr), -ERANGE);
	assert_int_equal(hop.gh_owner, pe[1]);
	assert_int_equal(hop.gh_offset, 8);
	assert_int_equal(addr, 7);
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
		cmocka_unit_test_setup(test_indirect_checks, reset_chain),
		cmocka_unit_test_setup(test_chain_window, reset_chain),
		cmocka_unit_test_setup(test_chain_rights, reset_chain),
		cmocka_unit_test_setup(test_chain_revoke, reset_chain),
		cmocka_unit_test_setup(test_chain_depth, reset_chain),
		cmocka_unit_test_setup(test_chain_wrap, reset_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
