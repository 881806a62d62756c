/* unit-sources: kernel/time/clockconv.c */
/*
 * The monotonic clock's arithmetic: cycle counts converted to nanoseconds
 * (and back) at several TSC rates, checked against exact 128-bit math,
 * over spans from one cycle to ten years and up to the counter's end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <kern/clockconv.h>
#include <xinim/errno.h>

#define NS_PER_S 1000000000ULL
#define TEN_YEARS_S (10ULL * 366 * 24 * 3600)

static const uint64_t rates[] = {
	1000000000ULL,
	2500000000ULL,
	3123456789ULL,
	1193182ULL,
	14318180ULL,
	100000000ULL,
	4999999999ULL,
	12345678901ULL,
	1ULL,
};

static uint64_t
exact(uint64_t n, uint64_t to_hz, uint64_t from_hz)
{
	unsigned __int128 q = (unsigned __int128)n * to_hz / from_hz;

	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

/* The result is never below exact math and above it by at most 1 unit
 * per second of converted time, plus 1 for rounding. */
static void
check_close(uint64_t got, uint64_t want, uint64_t to_hz)
{
	uint64_t diff = got - want;
	uint64_t allowed = 1 + want / to_hz;

	if (got < want || diff > allowed) {
		fail_msg("got %llu, want %llu (diff %llu > %llu)", (unsigned long long)got,
		    (unsigned long long)want, (unsigned long long)diff,
		    (unsigned long long)allowed);
	}
}

static void
test_cycles_to_ns(void **state)
{
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t hz = rates[i];
		struct clockconv cv;
		const uint64_t counts[] = {
			0,
			1,
			2,
			hz - 1,
			hz,
			hz + 1,
			3 * hz + 17,
			hz * 3600,
			hz * 86400 + 12345,
			hz * TEN_YEARS_S,
		};

		assert_int_equal(clockconv_init(&cv, hz, NS_PER_S), 0);
		assert_true(cv.cv_mult < (1ULL << 63));
		for (size_t j = 0; j < sizeof(counts) / sizeof(counts[0]); j++) {
			check_close(clockconv_apply(&cv, counts[j]), exact(counts[j], NS_PER_S, hz),
			    NS_PER_S);
		}
	}
}

static void
test_one_second_is_exact(void **state)
{
	struct clockconv cv;

	assert_int_equal(clockconv_init(&cv, 1000000000ULL, NS_PER_S), 0);
	assert_int_equal(clockconv_apply(&cv, 1000000000ULL), NS_PER_S);
	assert_int_equal(clockconv_init(&cv, 2500000000ULL, NS_PER_S), 0);
	assert_int_equal(clockconv_apply(&cv, 2500000000ULL), NS_PER_S);
	assert_int_equal(clockconv_apply(&cv, 5), 2);
	assert_int_equal(clockconv_init(&cv, 3123456789ULL, NS_PER_S), 0);
	assert_in_range(clockconv_apply(&cv, 3123456789ULL), NS_PER_S - 1, NS_PER_S);
}

/* Ten years of cycles at 5 GHz still convert without overflow, and the
 * full 64-bit counter range converts to a finite, monotonic value. */
static void
test_no_overflow(void **state)
{
	struct clockconv cv;
	uint64_t hz = 5000000000ULL, ns;

	assert_int_equal(clockconv_init(&cv, hz, NS_PER_S), 0);
	ns = clockconv_apply(&cv, hz * TEN_YEARS_S);
	assert_true(ns >= NS_PER_S * TEN_YEARS_S - TEN_YEARS_S);
	assert_true(ns <= NS_PER_S * TEN_YEARS_S);
	assert_true(clockconv_apply(&cv, UINT64_MAX) < UINT64_MAX);
	assert_true(clockconv_apply(&cv, UINT64_MAX) >= clockconv_apply(&cv, UINT64_MAX - 1));
	check_close(clockconv_apply(&cv, UINT64_MAX), exact(UINT64_MAX, NS_PER_S, hz), NS_PER_S);
}

static void
test_monotonic(void **state)
{
	struct clockconv cv;
	uint64_t prev = 0;

	assert_int_equal(clockconv_init(&cv, 3123456789ULL, NS_PER_S), 0);
	for (uint64_t n = 0; n < 200000; n++) {
		uint64_t ns = clockconv_apply(&cv, n * 7919);

		assert_true(ns >= prev);
		prev = ns;
	}
}

/* ns to cycles, for delays and timer deadlines: the result saturates
 * rather than wrapping. */
static void
test_ns_to_cycles(void **state)
{
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t hz = rates[i];
		struct clockconv cv;
		const uint64_t ns[] = { 0, 1, 999, 1000000, NS_PER_S, NS_PER_S * TEN_YEARS_S };

		assert_int_equal(clockconv_init(&cv, NS_PER_S, hz), 0);
		for (size_t j = 0; j < sizeof(ns) / sizeof(ns[0]); j++) {
			check_close(clockconv_apply(&cv, ns[j]), exact(ns[j], hz, NS_PER_S), hz);
		}
	}
	{
		struct clockconv cv;

		assert_int_equal(clockconv_init(&cv, NS_PER_S, 12345678901ULL), 0);
		assert_int_equal(clockconv_apply(&cv, UINT64_MAX), UINT64_MAX);
	}
}

static void
test_bad_rates(void **state)
{
	struct clockconv cv = { 42, 7 };

	assert_int_equal(clockconv_init(&cv, 0, NS_PER_S), -EINVAL);
	assert_int_equal(clockconv_init(&cv, NS_PER_S, 0), -EINVAL);
	assert_int_equal(clockconv_init(&cv, 1, UINT64_MAX), -EINVAL);
	assert_int_equal(cv.cv_mult, 42);
	assert_int_equal(cv.cv_shift, 7);
	/* A ratio of 2^62 is the largest that fits. */
	assert_int_equal(clockconv_init(&cv, 1, 1ULL << 62), 0);
	assert_int_equal(clockconv_apply(&cv, 3), 3ULL << 62);
}

static void
test_muldiv(void **state)
{
	assert_int_equal(clockconv_muldiv(3, 5, 2), 7);
	assert_int_equal(clockconv_muldiv(UINT64_MAX, UINT64_MAX, UINT64_MAX), UINT64_MAX);
	assert_int_equal(clockconv_muldiv(UINT64_MAX, 1000, 1001), exact(UINT64_MAX, 1000, 1001));
	assert_int_equal(clockconv_muldiv(123456789012ULL, 1000000000000000ULL, 2000000000000ULL),
	    exact(123456789012ULL, 1000000000000000ULL, 2000000000000ULL));
	assert_int_equal(clockconv_muldiv(UINT64_MAX, 2, 1), UINT64_MAX);
	assert_int_equal(clockconv_muldiv(1, 1, 0), UINT64_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cycles_to_ns),
		cmocka_unit_test(test_one_second_is_exact),
		cmocka_unit_test(test_no_overflow),
		cmocka_unit_test(test_monotonic),
		cmocka_unit_test(test_ns_to_cycles),
		cmocka_unit_test(test_bad_rates),
		cmocka_unit_test(test_muldiv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
