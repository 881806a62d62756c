/* unit-sources: */
/*
 * libc's qsort (lib/libc/qsort.c), compiled in here under another name so
 * that it does not stand in for the host's: empty and one-element input,
 * sorted, reversed and equal runs, odd element sizes, and many random
 * arrays checked against a sorted copy.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#define qsort libc_qsort
void libc_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
#include "../../lib/libc/qsort.c"
#undef qsort

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/* 3-byte elements, compared by their first two bytes. */
static int
cmp_3(const void *a, const void *b)
{
	return memcmp(a, b, 2);
}

static void
test_small(void **state)
{
	int v[2] = { 2, 1 };

	libc_qsort(NULL, 0, sizeof(int), cmp_int);
	libc_qsort(v, 1, sizeof(int), cmp_int);
	assert_int_equal(v[0], 2);
	libc_qsort(v, 2, sizeof(int), cmp_int);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 2);
	libc_qsort(v, 2, 0, cmp_int); /* size 0: nothing to do */
}

static void
test_patterns(void **state)
{
	int v[100];

	for (int i = 0; i < 100; i++) {
		v[i] = 99 - i;
	}
	libc_qsort(v, 100, sizeof(int), cmp_int);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(v[i], i);
	}
	libc_qsort(v, 100, sizeof(int), cmp_int);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(v[i], i);
		v[i] = 7;
	}
	libc_qsort(v, 100, sizeof(int), cmp_int);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(v[i], 7);
	}
}

static void
test_odd_size(void **state)
{
	unsigned char e[50][3];

	for (int i = 0; i < 50; i++) {
		e[i][0] = (unsigned char)((i * 37) % 50 / 10);
		e[i][1] = (unsigned char)((i * 37) % 50 % 10);
		e[i][2] = 0xaa;
	}
	libc_qsort(e, 50, 3, cmp_3);
	for (int i = 0; i < 50; i++) {
		assert_int_equal(e[i][0] * 10 + e[i][1], i);
		assert_int_equal(e[i][2], 0xaa);
	}
}

static void
test_random(void **state)
{
	static int v[1000], w[1000];

	srand(4);
	for (int round = 0; round < 200; round++) {
		int n = rand() % 1000;

		for (int i = 0; i < n; i++) {
			v[i] = w[i] = rand() % 50 - 25;
		}
		libc_qsort(v, (size_t)n, sizeof(int), cmp_int);
		qsort(w, (size_t)n, sizeof(int), cmp_int);
		assert_memory_equal(v, w, (size_t)n * sizeof(int));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_odd_size),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
