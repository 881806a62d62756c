/* unit-sources: user/dd/summary.c */
/*
 * dd's size operands and its summary, against what GNU dd 9.1 prints
 * for the same figures (the sizes and rates; dd's own time format is
 * fixed-point where GNU's is %g).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "../../user/dd/dd.h"

static void
test_parse(void **state)
{
	uint64_t v;

	assert_true(dd_parse_size("0", 100, &v) && v == 0);
	assert_true(dd_parse_size("512", UINT64_MAX, &v) && v == 512);
	assert_true(dd_parse_size("4K", UINT64_MAX, &v) && v == 4096);
	assert_true(dd_parse_size("4k", UINT64_MAX, &v) && v == 4096);
	assert_true(dd_parse_size("1M", UINT64_MAX, &v) && v == 1048576);
	assert_true(dd_parse_size("2MB", UINT64_MAX, &v) && v == 2000000);
	assert_true(dd_parse_size("1GiB", UINT64_MAX, &v) && v == 1073741824);
	assert_true(dd_parse_size("3b", UINT64_MAX, &v) && v == 1536);
	assert_true(dd_parse_size("3w", UINT64_MAX, &v) && v == 6);
	assert_false(dd_parse_size("", UINT64_MAX, &v));
	assert_false(dd_parse_size("x", UINT64_MAX, &v));
	assert_false(dd_parse_size("-1", UINT64_MAX, &v));
	assert_false(dd_parse_size("12Q", UINT64_MAX, &v));
	assert_false(dd_parse_size("1 K", UINT64_MAX, &v));
	assert_false(dd_parse_size("101", 100, &v));
	assert_false(dd_parse_size("65M", 64 * 1048576, &v));
	assert_false(dd_parse_size("99999999999999999999", UINT64_MAX, &v));
	assert_false(dd_parse_size("18446744073709551615K", UINT64_MAX, &v));
}

static void
test_human(void **state)
{
	static const struct {
		uint64_t v;
		unsigned base;
		const char *want;
	} cases[] = {
		{ 1000, 1000, "1.0 kB" },
		{ 1024, 1000, "1.0 kB" },
		{ 1024, 1024, "1.0 KiB" },
		{ 3145728, 1000, "3.1 MB" },
		{ 3145728, 1024, "3.0 MiB" },
		{ 104857600, 1000, "105 MB" },
		{ 104857600, 1024, "100 MiB" },
		{ 682000, 1000, "682 kB" },
		{ 10600000, 1000, "10.6 MB" },
		{ 54900, 1000, "54.9 kB" },
		{ 999, 1000, "999 B" },
		{ 999600, 1000, "1.0 MB" },
		{ 99960, 1000, "100 kB" },
		{ 1073741824, 1024, "1.0 GiB" },
		{ 1073741824, 1000, "1.1 GB" },
	};
	char buf[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dd_human(cases[i].v, cases[i].base, "B", buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

static void
test_summary(void **state)
{
	struct dd_counts c = { .dc_full_in = 2,
		.dc_part_in = 1,
		.dc_full_out = 2,
		.dc_part_out = 1,
		.dc_bytes = 10 };
	char buf[256];

	/* 10 bytes in 182.31 us: GNU says 54.9 kB/s. */
	dd_summary(&c, 182310, buf, sizeof(buf));
	assert_string_equal(buf,
	    "2+1 records in\n2+1 records out\n"
	    "10 bytes copied, 0.000182 s, 54.9 kB/s\n");
	c = (struct dd_counts){ .dc_full_in = 3, .dc_full_out = 3, .dc_bytes = 3145728 };
	dd_summary(&c, 4662790, buf, sizeof(buf));
	assert_string_equal(buf,
	    "3+0 records in\n3+0 records out\n"
	    "3145728 bytes (3.1 MB, 3.0 MiB) copied, 0.004662 s, 675 MB/s\n");
	c = (struct dd_counts){ .dc_full_in = 1, .dc_full_out = 1, .dc_bytes = 1000 };
	dd_summary(&c, 207206, buf, sizeof(buf));
	assert_string_equal(buf,
	    "1+0 records in\n1+0 records out\n"
	    "1000 bytes (1.0 kB) copied, 0.000207 s, 4.8 MB/s\n");
	c = (struct dd_counts){ 0 };
	dd_summary(&c, 59691, buf, sizeof(buf));
	assert_string_equal(buf,
	    "0+0 records in\n0+0 records out\n"
	    "0 bytes copied, 0.000059 s, 0.0 kB/s\n");
	/* A buffer too small is cut, never overrun. */
	assert_int_equal(dd_summary(&c, 59691, buf, 8), 7);
	assert_int_equal(strlen(buf), 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_human),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
