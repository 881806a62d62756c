/* unit-sources: servers/rs/faultrep.c */
/*
 * The schedule of a repeated fault: N injections in all (the first made
 * by rs when asked), the others a period apart; one due while no
 * instance runs waits for the next instance, and the one after is a full
 * period after it; bad requests are refused; a new request replaces the
 * old schedule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <xinim/errno.h>
#include "../../servers/rs/faultrep.h"

#define MS 1000000ull

static void
test_check(void **state)
{
	assert_int_equal(rs_faultrep_check(0, 0), 0);
	assert_int_equal(rs_faultrep_check(0, 1), 0);
	assert_int_equal(rs_faultrep_check(1000, 5), 0);
	assert_int_equal(rs_faultrep_check(0, 2), -EINVAL);
	assert_int_equal(rs_faultrep_check(RS_FAULT_EVERY_MAX_MS, 2), 0);
	assert_int_equal(rs_faultrep_check(RS_FAULT_EVERY_MAX_MS + 1, 2), -EINVAL);
	assert_int_equal(rs_faultrep_check(1, RS_FAULT_COUNT_MAX), 0);
	assert_int_equal(rs_faultrep_check(1, RS_FAULT_COUNT_MAX + 1), -EINVAL);
	assert_int_equal(rs_faultrep_check(1, UINT64_MAX), -EINVAL);
}

/* Stepping a fake clock 1 ms at a time, with an instance always running:
 * count - 1 injections, exactly at start + k * period. */
static void
test_steady(void **state)
{
	struct rs_faultrep fr = { 0 };
	uint64_t t0 = 5000 * MS, got[8];
	unsigned n = 0;

	rs_faultrep_start(&fr, 1, 250, 5, t0);
	assert_int_equal(rs_faultrep_deadline(&fr), t0 + 250 * MS);
	for (uint64_t t = t0; t <= t0 + 3000 * MS; t += MS) {
		uint32_t k = rs_faultrep_due(&fr, t, true);

		if (k != 0) {
			assert_int_equal(k, 1);
			assert_true(n < 8);
			got[n++] = t;
		}
	}
	assert_int_equal(n, 4);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(got[i], t0 + (i + 1) * 250 * MS);
	}
	assert_int_equal(rs_faultrep_deadline(&fr), 0);
	assert_int_equal(rs_faultrep_due(&fr, t0 + 10000 * MS, true), 0);
}

/* A due injection while the service restarts waits for it, and the next
 * one keeps a full period from the delayed one. */
static void
test_waits_for_restart(void **state)
{
	struct rs_faultrep fr = { 0 };

	rs_faultrep_start(&fr, 2, 100, 3, 0);
	assert_int_equal(rs_faultrep_due(&fr, 99 * MS, true), 0);
	assert_int_equal(rs_faultrep_due(&fr, 100 * MS, false), 0);
	assert_int_equal(rs_faultrep_due(&fr, 170 * MS, false), 0);
	assert_int_equal(rs_faultrep_due(&fr, 180 * MS, true), 2);
	assert_int_equal(rs_faultrep_deadline(&fr), 280 * MS);
	assert_int_equal(rs_faultrep_due(&fr, 279 * MS, true), 0);
	assert_int_equal(rs_faultrep_due(&fr, 280 * MS, true), 2);
	assert_int_equal(rs_faultrep_deadline(&fr), 0);
	assert_int_equal(rs_faultrep_due(&fr, 1000 * MS, true), 0);
}

/* Once (count 0 or 1) schedules nothing; a bad request schedules nothing;
 * a new request replaces the old one; cancel drops it. */
static void
test_once_replace_cancel(void **state)
{
	struct rs_faultrep fr = { 0 };

	rs_faultrep_start(&fr, 1, 100, 1, 0);
	assert_int_equal(rs_faultrep_deadline(&fr), 0);
	rs_faultrep_start(&fr, 1, 0, 4, 0);
	assert_int_equal(rs_faultrep_deadline(&fr), 0);
	rs_faultrep_start(&fr, 1, 100, 10, 0);
	rs_faultrep_start(&fr, 4, 50, 2, 20 * MS);
	assert_int_equal(rs_faultrep_deadline(&fr), 70 * MS);
	assert_int_equal(rs_faultrep_due(&fr, 70 * MS, true), 4);
	assert_int_equal(rs_faultrep_due(&fr, 500 * MS, true), 0);
	rs_faultrep_start(&fr, 3, 10, 100, 0);
	rs_faultrep_cancel(&fr);
	assert_int_equal(rs_faultrep_deadline(&fr), 0);
	assert_int_equal(rs_faultrep_due(&fr, 1000 * MS, true), 0);
}

/* The largest request counts down without wrapping. */
static void
test_large(void **state)
{
	struct rs_faultrep fr = { 0 };
	unsigned n = 0;
	uint64_t t = 0;

	rs_faultrep_start(&fr, 1, 1, RS_FAULT_COUNT_MAX, 0);
	while (rs_faultrep_deadline(&fr) != 0) {
		t = rs_faultrep_deadline(&fr);
		assert_int_equal(rs_faultrep_due(&fr, t, true), 1);
		n++;
	}
	assert_int_equal(n, RS_FAULT_COUNT_MAX - 1);
	assert_int_equal(t, (uint64_t)(RS_FAULT_COUNT_MAX - 1) * MS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_steady),
		cmocka_unit_test(test_waits_for_restart),
		cmocka_unit_test(test_once_replace_cancel),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
