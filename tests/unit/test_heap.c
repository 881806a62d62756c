/*
 * Host tests of the kernel heap's logic over a page source made of host
 * memory.  The source counts its pages, so that every test can check that
 * freeing everything gives every page back.
 */
/* unit-sources: kernel/mm/heap_core.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <kern/heap_core.h>
#include "mm_test.h"

#define MAX_BLOCKS 4096

/* The fake frame allocator: live blocks and their orders. */
static struct {
	void *p;
	unsigned order;
} blocks[MAX_BLOCKS];
static unsigned nblocks;
static uint64_t pages_out;
static uint64_t page_budget = UINT64_MAX;

static void *
src_alloc(void *ctx, unsigned order)
{
	size_t size = (size_t)HEAP_PAGE << order;
	void *p;

	if (pages_out + (1ULL << order) > page_budget || nblocks == MAX_BLOCKS) {
		return NULL;
	}
	p = aligned_alloc(size, size);
	assert_non_null(p);
	memset(p, 0xcc, size);
	blocks[nblocks].p = p;
	blocks[nblocks++].order = order;
	pages_out += 1ULL << order;
	return p;
}

static int
src_find(void *p)
{
	for (unsigned i = 0; i < nblocks; i++) {
		if (blocks[i].p == p) {
			return (int)i;
		}
	}
	return -1;
}

static void
src_free(void *ctx, void *p, unsigned order)
{
	int i = src_find(p);

	assert_true(i >= 0);
	assert_int_equal(blocks[i].order, order);
	pages_out -= 1ULL << order;
	free(p);
	blocks[i] = blocks[--nblocks];
}

static int
src_order(void *ctx, void *p)
{
	int i = src_find(p);

	return i < 0 ? -1 : (int)blocks[i].order;
}

static struct heap h;

static int
setup(void **state)
{
	const struct heap_pages src = { src_alloc, src_free, src_order, NULL };

	page_budget = UINT64_MAX;
	heap_core_init(&h, &src);
	return 0;
}

/* After everything is freed at most one empty slab per class remains. */
static int
teardown(void **state)
{
	assert_int_equal(h.h_stats.hs_objects, 0);
	assert_int_equal(h.h_stats.hs_bytes, 0);
	assert_int_equal(h.h_stats.hs_large_pages, 0);
	assert_true(h.h_stats.hs_slab_pages <= HEAP_CLASSES);
	assert_int_equal(pages_out, h.h_stats.hs_slab_pages);
	while (nblocks > 0) {
		free(blocks[--nblocks].p);
	}
	pages_out = 0;
	return 0;
}

/* Every size from 0 to 5000: aligned, usable in full, nothing overlaps. */
static void
test_sizes_and_alignment(void **state)
{
	static void *p[6000];
	size_t sizes[6000];
	unsigned n = 0;

	for (size_t size = 0; size <= 5000; size++, n++) {
		p[n] = heap_core_alloc(&h, size);
		sizes[n] = size;
		assert_non_null(p[n]);
		assert_int_equal((uintptr_t)p[n] % 16, 0);
		if (size > HEAP_MAX_SMALL) {
			assert_int_equal((uintptr_t)p[n] % HEAP_PAGE, 0);
		}
		memset(p[n], (int)(size & 0xff), size);
	}
	assert_int_equal(h.h_stats.hs_objects, n);
	for (unsigned i = 0; i < n; i++) {
		for (size_t j = 0; j < sizes[i]; j++) {
			assert_int_equal(((unsigned char *)p[i])[j], sizes[i] & 0xff);
		}
	}
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(heap_core_free(&h, p[i], NULL), 0);
	}
}

/* Sizes above the classes take whole blocks of the right order, up to the
 * largest; a page-aligned pointer the source never gave is refused. */
static void
test_large_blocks(void **state)
{
	static _Alignas(HEAP_PAGE) char foreign[HEAP_PAGE];
	void *a = heap_core_alloc(&h, HEAP_MAX_SMALL + 1);
	void *b = heap_core_alloc(&h, 4096 * 5);
	void *c = heap_core_alloc(&h, (size_t)HEAP_PAGE << HEAP_MAX_ORDER);
	size_t size;

	assert_int_equal(src_order(NULL, a), 0);
	assert_int_equal(src_order(NULL, b), 3);
	assert_int_equal(src_order(NULL, c), HEAP_MAX_ORDER);
	assert_null(heap_core_alloc(&h, ((size_t)HEAP_PAGE << HEAP_MAX_ORDER) + 1));
	assert_int_equal(h.h_stats.hs_large_pages, 1 + 8 + 1024);
	assert_int_equal(heap_core_free(&h, b, &size), 0);
	assert_int_equal(size, 8 * 4096);
	assert_int_equal(heap_core_free(&h, foreign, NULL), HEAP_EBADPTR);
	assert_int_equal(heap_core_free(&h, a, NULL), 0);
	assert_int_equal(heap_core_free(&h, c, NULL), 0);
}

/* Refused frees change nothing, not even the counters. */
static void
test_double_free_and_bad_pointers(void **state)
{
	char *a = heap_core_alloc(&h, 40);
	char *b = heap_core_alloc(&h, 40);
	char *slab = (char *)((uintptr_t)a & ~(uintptr_t)(HEAP_PAGE - 1));
	struct heap_stats before;

	assert_int_equal(heap_core_free(&h, a, NULL), 0);
	before = h.h_stats;
	assert_int_equal(heap_core_free(&h, a, NULL), HEAP_EDOUBLE);
	assert_int_equal(heap_core_free(&h, b + 8, NULL), HEAP_EBADPTR);    /* interior */
	assert_int_equal(heap_core_free(&h, slab + 8, NULL), HEAP_EBADPTR); /* header */
	assert_int_equal(heap_core_free(&h, slab, NULL), HEAP_EBADPTR);     /* the page */
	assert_memory_equal(&before, &h.h_stats, sizeof(before));
	/* The freed object was poisoned. */
	assert_int_equal((unsigned char)a[39], 0x6b);
	assert_int_equal(heap_core_free(&h, b, NULL), 0);
}

/* Filling a class past one slab and emptying it gives pages back. */
static void
test_slab_reuse(void **state)
{
	void *p[200];

	for (unsigned i = 0; i < 200; i++) {
		p[i] = heap_core_alloc(&h, 100); /* class 128: 31 per slab */
	}
	assert_int_equal(h.h_stats.hs_slab_pages, 7);
	for (unsigned i = 0; i < 200; i++) {
		assert_int_equal(heap_core_free(&h, p[i], NULL), 0);
	}
	assert_int_equal(h.h_stats.hs_slab_pages, 1);
	p[0] = heap_core_alloc(&h, 128);
	assert_int_equal(h.h_stats.hs_slab_pages, 1);
	assert_int_equal(heap_core_free(&h, p[0], NULL), 0);
}

/* With the page source dry, allocations fail cleanly and are counted. */
static void
test_out_of_pages(void **state)
{
	void *p[64];
	unsigned n = 0;

	page_budget = 2;
	while (n < 64 && (p[n] = heap_core_alloc(&h, 2016)) != NULL) {
		n++;
	}
	assert_int_equal(n, 4);
	assert_null(heap_core_alloc(&h, 9000));
	assert_int_equal(h.h_stats.hs_failures, 2);
	while (n > 0) {
		assert_int_equal(heap_core_free(&h, p[--n], NULL), 0);
	}
}

/* Random sizes and orders; contents survive, totals return to zero. */
static void
test_random(void **state)
{
	static struct {
		unsigned char *p;
		size_t size;
		unsigned char tag;
	} live[1000];
	unsigned nlive = 0;

	mm_test_srand(777);
	for (unsigned i = 0; i < 20000; i++) {
		if (nlive < 1000 && (nlive == 0 || mm_test_rand(2) == 0)) {
			size_t size =
			    mm_test_rand(8) == 0 ? mm_test_rand(40000) : mm_test_rand(600);

			live[nlive].p = heap_core_alloc(&h, size);
			assert_non_null(live[nlive].p);
			live[nlive].size = size;
			live[nlive].tag = (unsigned char)i;
			memset(live[nlive].p, live[nlive].tag, size);
			nlive++;
		} else {
			unsigned j = (unsigned)mm_test_rand(nlive);

			for (size_t k = 0; k < live[j].size; k++) {
				assert_int_equal(live[j].p[k], live[j].tag);
			}
			assert_int_equal(heap_core_free(&h, live[j].p, NULL), 0);
			live[j] = live[--nlive];
		}
	}
	assert_int_equal(h.h_stats.hs_objects, nlive);
	while (nlive > 0) {
		nlive--;
		assert_int_equal(heap_core_free(&h, live[nlive].p, NULL), 0);
	}
	assert_int_equal(h.h_stats.hs_allocs, h.h_stats.hs_frees);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sizes_and_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_double_free_and_bad_pointers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_slab_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
