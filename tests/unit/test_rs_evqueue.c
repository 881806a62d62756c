/* unit-sources: servers/rs/evqueue.c */
/*
 * The order and count of a service's waiting rs events: a fault first,
 * then dependencies in service order; the count each RS_GET_EVENT reply
 * carries reaches 0 exactly with the last event, so n events take n
 * fetches; bits past the table are never handed over or counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../../servers/rs/evqueue.h"

static void
test_order(void **state)
{
	assert_int_equal(rs_evq_next(0, 0, 8), RS_EVQ_NONE);
	assert_int_equal(rs_evq_next(2, 0x10, 8), RS_EVQ_FAULT);
	assert_int_equal(rs_evq_next(0, 0x14, 8), 2);
	assert_int_equal(rs_evq_next(0, 0x80000000u, 32), 31);
	/* A bit for a service the table does not have. */
	assert_int_equal(rs_evq_next(0, 0x100, 8), RS_EVQ_NONE);
}

static void
test_count(void **state)
{
	assert_int_equal(rs_evq_count(0, 0, 8), 0);
	assert_int_equal(rs_evq_count(3, 0, 8), 1);
	assert_int_equal(rs_evq_count(3, 0x85, 8), 4);
	assert_int_equal(rs_evq_count(0, 0xffffffffu, 32), 32);
	assert_int_equal(rs_evq_count(0, 0xffffff00u, 8), 0);
}

/* What a service does: fetch, and fetch again only while the reply says
 * more wait.  Every event comes once, in order, with no empty fetch. */
static void
test_fetch_until_none_left(void **state)
{
	uint32_t fault = 1, deps = 0x29; /* services 0, 3 and 5 */
	const int want[] = { RS_EVQ_FAULT, 0, 3, 5 };
	unsigned fetches = 0, left;

	do {
		int i = rs_evq_next(fault, deps, 6);

		assert_true(fetches < 4);
		assert_int_equal(i, want[fetches]);
		if (i == RS_EVQ_FAULT) {
			fault = 0;
		} else {
			deps &= ~(1u << i);
		}
		fetches++;
		left = rs_evq_count(fault, deps, 6);
		assert_int_equal(left, 4 - fetches);
	} while (left > 0);
	assert_int_equal(fetches, 4);
	assert_int_equal(rs_evq_next(fault, deps, 6), RS_EVQ_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_fetch_until_none_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
