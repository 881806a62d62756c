/* unit-sources: user/bench/diskbench/stats.c */
/*
 * diskbench's figures and offsets: MB/s, IOPS and mean latency in
 * tenths from counts and nanoseconds (exact on round figures, no
 * overflow on huge ones, 0 for no time), random offsets aligned and
 * inside the device and spread over it, and the sequential wrap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../../user/bench/diskbench/diskbench.h"

#define S 1000000000ull

static void
test_rates(void **state)
{
	/* 1,519 MB in one second; 1 MiB in 1 ms is 1048.5 MB/s. */
	assert_int_equal(db_mbps_tenths(1519000000ull, S), 15190);
	assert_int_equal(db_mbps_tenths(1048576, 1000000), 10485);
	assert_int_equal(db_mbps_tenths(12345, 0), 0);
	/* 2^60 bytes in 10^9 s: 1152.9 MB/s, without overflow. */
	assert_int_equal(db_mbps_tenths(1ull << 60, 1000000000ull * S), 11529);
	assert_int_equal(db_iops_tenths(3989, S), 39890);
	assert_int_equal(db_iops_tenths(43687, 5 * S), 87374);
	assert_int_equal(db_iops_tenths(7, 0), 0);
	/* 236.4 us mean. */
	assert_int_equal(db_lat_tenths(2364000ull * 10, 100), 2364);
	assert_int_equal(db_lat_tenths(99, 0), 0);
}

static void
test_random_offsets(void **state)
{
	const uint64_t size = 1ull << 30, align = 4096, slots = size / align;
	static uint8_t seen_quarter[4];
	struct db_rand r;
	uint64_t first;

	db_rand_seed(&r, 0);
	first = db_rand_next(&r);
	assert_true(first != 0);
	db_rand_seed(&r, 7);
	for (int i = 0; i < 100000; i++) {
		uint64_t off = db_rand_offset(&r, size, align);

		assert_int_equal(off % align, 0);
		assert_true(off + align <= size);
		seen_quarter[off / align * 4 / slots] = 1;
	}
	for (int q = 0; q < 4; q++) {
		assert_int_equal(seen_quarter[q], 1);
	}
	/* A size not a multiple of the alignment: the tail is never used. */
	for (int i = 0; i < 10000; i++) {
		uint64_t off = db_rand_offset(&r, 10000, 4096);

		assert_true(off == 0 || off == 4096);
	}
	assert_int_equal(db_rand_offset(&r, 4095, 4096), 0);
	assert_int_equal(db_rand_offset(&r, 4096, 0), 0);
	/* The same seed gives the same series. */
	{
		struct db_rand a, b;

		db_rand_seed(&a, 42);
		db_rand_seed(&b, 42);
		for (int i = 0; i < 100; i++) {
			assert_int_equal(db_rand_next(&a), db_rand_next(&b));
		}
	}
}

static void
test_seq_wrap(void **state)
{
	const uint64_t m = 1 << 20;

	assert_int_equal(db_seq_next(0, m, 4 * m), m);
	assert_int_equal(db_seq_next(2 * m, m, 4 * m), 3 * m);
	/* The last whole request ends at the end: the next starts over. */
	assert_int_equal(db_seq_next(3 * m, m, 4 * m), 0);
	/* A tail smaller than a request is skipped. */
	assert_int_equal(db_seq_next(2 * m, m, 3 * m + 5), 0);
	assert_int_equal(db_seq_next(m, m, 3 * m + 5), 2 * m);
	assert_int_equal(db_seq_next(5 * m, m, 4 * m), 0);
	assert_int_equal(db_seq_next(UINT64_MAX - 1, m, UINT64_MAX), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_random_offsets),
		cmocka_unit_test(test_seq_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
