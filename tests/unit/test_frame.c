/*
 * Host tests of the frame allocator's pure parts: the range set, the
 * memory-map reader and the buddy allocator.  Frames are never touched, so
 * maps of many GiB cost only their metadata.
 */
/* unit-sources: kernel/mm/buddy.c kernel/mm/rangeset.c kernel/mm/memmap.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <kern/buddy.h>
#include <kern/memmap.h>
#include <kern/rangeset.h>
#include "mm_test.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static struct buddy b;
static struct rangeset set;
static void *meta_blocks[BUDDY_MAX_SECTIONS];
static unsigned meta_count;

/* Metadata goes to host memory; the check is that it was carved below 4 GiB. */
static void *
meta_alloc(void *ctx, uint64_t phys, size_t size)
{
	void *p = malloc(size);

	assert_non_null(p);
	assert_true(phys + size <= 4 * GiB);
	assert_int_equal(phys % 4096, 0);
	memset(p, 0xa5, size);
	meta_blocks[meta_count++] = p;
	return p;
}

static void
release_meta(void)
{
	while (meta_count > 0) {
		free(meta_blocks[--meta_count]);
	}
}

/* Builds the allocator over the given byte ranges. */
static void
build(const struct range *r, unsigned n)
{
	release_meta();
	rangeset_init(&set);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(rangeset_add(&set, r[i].base, r[i].end), 0);
	}
	assert_int_equal(buddy_build(&b, &set, meta_alloc, NULL), 0);
	assert_int_equal(buddy_verify(&b), 0);
}

/* Free blocks per class and order: the allocator's shape. */
static void
snapshot(uint64_t out[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1])
{
	for (unsigned c = 0; c < BUDDY_CLASSES; c++) {
		for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
			uint64_t n = 0;

			for (uint32_t p = b.b_head[c][k]; p != UINT32_MAX;) {
				const struct buddy_section *s = &b.b_sec[p >> BUDDY_SECTION_SHIFT];

				p = s->bs_link[2 * (p - s->bs_first)];
				n++;
			}
			out[c][k] = n;
		}
	}
}

/* Unsorted adds merge on overlap and on contact; removes split and trim. */
static void
test_rangeset_merge_and_split(void **state)
{
	struct rangeset s;

	rangeset_init(&s);
	assert_int_equal(rangeset_add(&s, 0x5000, 0x8000), 0);
	assert_int_equal(rangeset_add(&s, 0x1000, 0x2000), 0);
	assert_int_equal(rangeset_add(&s, 0x7000, 0x9000), 0); /* overlaps */
	assert_int_equal(rangeset_add(&s, 0x2000, 0x3000), 0); /* touches */
	assert_int_equal(rangeset_add(&s, 0x4000, 0x4000), 0); /* empty */
	assert_int_equal(s.rs_count, 2);
	assert_int_equal(s.rs_r[0].base, 0x1000);
	assert_int_equal(s.rs_r[0].end, 0x3000);
	assert_int_equal(s.rs_r[1].base, 0x5000);
	assert_int_equal(s.rs_r[1].end, 0x9000);
	assert_int_equal(rangeset_add(&s, 0x0, 0x10000), 0); /* swallows all */
	assert_int_equal(s.rs_count, 1);
	assert_int_equal(rangeset_remove(&s, 0x4000, 0x5000), 0); /* split */
	assert_int_equal(rangeset_remove(&s, 0x0, 0x1000), 0);
	assert_int_equal(rangeset_remove(&s, 0xf800, 0x20000), 0);
	assert_int_equal(s.rs_count, 2);
	assert_int_equal(rangeset_total(&s), 0x3000 + 0xa800);
	rangeset_align(&s, 12);
	assert_int_equal(s.rs_r[1].end, 0xf000);
	assert_true(rangeset_contains(&s, 0x1000, 0x4000));
	assert_false(rangeset_contains(&s, 0x1000, 0x5000));
}

/* A full set refuses new ranges and fails safe on a split. */
static void
test_rangeset_full(void **state)
{
	static struct rangeset s;

	rangeset_init(&s);
	for (unsigned i = 0; i < RANGESET_MAX; i++) {
		assert_int_equal(rangeset_add(&s, i * 0x10000ULL, i * 0x10000ULL + 0x8000), 0);
	}
	assert_int_equal(rangeset_add(&s, 0xffff0000000, 0xffff0001000), -1);
	/* A split that does not fit keeps only the part below the hole. */
	assert_int_equal(rangeset_remove(&s, 0x1000, 0x2000), -1);
	assert_int_equal(s.rs_r[0].end, 0x1000);
	assert_int_equal(s.rs_count, RANGESET_MAX);
}

/* An unsorted map with overlaps, a zero-length entry and reservations. */
static void
test_memmap_overlaps(void **state)
{
	static const struct mem_range map[] = {
		{ 0x100000, 0x7f00000, MEM_USABLE },
		{ 0x0, 0x9fc00, MEM_USABLE },
		{ 0x9fc00, 0x400, MEM_RESERVED },
		{ 0x4000000, 0x10000, MEM_ACPI_RECLAIM }, /* inside usable */
		{ 0x2000000, 0x4000000, MEM_USABLE },     /* overlaps usable */
		{ 0x100000000, 0x40000000, MEM_USABLE },
		{ 0x120000000, 0, MEM_RESERVED }, /* empty */
		{ 0x13ffff800, 0x1000, MEM_BAD }, /* straddles frames */
		{ 0xf0000, 0x10000, MEM_RESERVED },
	};
	static const struct range res[] = {
		{ 0, 0x100000 },
		{ 0x100000, 0x180123 },
		{ 0x200000, 0x200001 },
	};
	uint64_t usable;

	assert_int_equal(memmap_free_ranges(&set, map, 9, res, 3, &usable), 0);
	assert_int_equal(usable, 0x9f000 + 0x7f00000 + 0x40000000);
	assert_int_equal(set.rs_count, 4);
	assert_int_equal(set.rs_r[0].base, 0x181000);
	assert_int_equal(set.rs_r[0].end, 0x200000);
	assert_int_equal(set.rs_r[1].base, 0x201000);
	assert_int_equal(set.rs_r[1].end, 0x4000000);
	assert_int_equal(set.rs_r[2].base, 0x4010000);
	assert_int_equal(set.rs_r[2].end, 0x8000000);
	assert_int_equal(set.rs_r[3].base, 0x100000000);
	assert_int_equal(set.rs_r[3].end, 0x13ffff000);
}

/* One block of every order: aligned, inside the map, and all merged back
 * into the very same free lists afterwards. */
static void
test_alloc_every_order(void **state)
{
	const struct range r[] = { { 1 * MiB, 64 * MiB } };
	uint64_t before[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1],
	    after[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1];
	uint64_t free0, pfn[BUDDY_MAX_ORDER + 1];

	build(r, 1);
	free0 = buddy_free_pages(&b);
	assert_int_equal(free0 + b.b_meta_pages, 63 * MiB / 4096);
	snapshot(before);
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		pfn[k] = buddy_alloc(&b, k, false);
		assert_int_not_equal(pfn[k], BUDDY_NONE);
		assert_int_equal(pfn[k] % (1u << k), 0);
		assert_true(pfn[k] >= 256 && pfn[k] + (1u << k) <= 64 * 256);
		assert_int_equal(buddy_block_order(&b, pfn[k]), k);
	}
	assert_int_equal(buddy_alloc(&b, BUDDY_MAX_ORDER + 1, false), BUDDY_NONE);
	assert_int_equal(buddy_free_pages(&b), free0 - ((2u << BUDDY_MAX_ORDER) - 1));
	assert_int_equal(buddy_verify(&b), 0);
	for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
		assert_int_equal(buddy_free(&b, pfn[k], k), 0);
	}
	assert_int_equal(buddy_free_pages(&b), free0);
	assert_int_equal(buddy_verify(&b), 0);
	snapshot(after);
	assert_memory_equal(before, after, sizeof(before));
}

/* Exhaust a region frame by frame, free in a scrambled order, and expect
 * the original maximal blocks back. */
static void
test_exhaust_and_coalesce(void **state)
{
	const struct range r[] = { { 3 * MiB, 3 * MiB + 4096 * 1030 }, { 16 * MiB, 24 * MiB } };
	uint64_t before[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1],
	    after[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1];
	uint64_t n, free0, *got;

	build(r, 2);
	free0 = buddy_free_pages(&b);
	snapshot(before);
	got = calloc(free0, sizeof(*got));
	for (n = 0; n < free0; n++) {
		got[n] = buddy_alloc(&b, 0, false);
		assert_int_not_equal(got[n], BUDDY_NONE);
	}
	assert_int_equal(buddy_alloc(&b, 0, false), BUDDY_NONE);
	assert_int_equal(buddy_alloc(&b, 0, true), BUDDY_NONE);
	assert_int_equal(buddy_free_pages(&b), 0);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t j = i + mm_test_rand(n - i), t = got[i];

		got[i] = got[j];
		got[j] = t;
	}
	for (uint64_t i = 0; i < n; i++) {
		assert_int_equal(buddy_free(&b, got[i], 0), 0);
	}
	assert_int_equal(buddy_verify(&b), 0);
	snapshot(after);
	assert_memory_equal(before, after, sizeof(before));
	free(got);
}

/* low_only stays below 4 GiB; otherwise high memory is used up first. */
static void
test_below_4g(void **state)
{
	const struct range r[] = { { 4 * GiB, 4 * GiB + 8 * MiB }, { 1 * MiB, 16 * MiB } };
	uint64_t p, high = 0;

	build(r, 2);
	assert_int_equal(b.b_free[BUDDY_HIGH], 2048);
	p = buddy_alloc(&b, 3, true);
	assert_true(p + 8 <= BUDDY_LOW_PFN);
	assert_int_equal(buddy_free(&b, p, 3), 0);
	/* Without the flag, high memory goes first, then low. */
	while ((p = buddy_alloc(&b, 9, false)) >= BUDDY_LOW_PFN && p != BUDDY_NONE) {
		high++;
	}
	assert_int_equal(high, 4);
	assert_true(p < BUDDY_LOW_PFN);
	assert_int_equal(b.b_free[BUDDY_HIGH], 0);
	assert_int_equal(buddy_verify(&b), 0);
}

/* Every kind of wrong free is refused with its own code. */
static void
test_bad_frees(void **state)
{
	const struct range r[] = { { 1 * MiB, 32 * MiB } };
	uint64_t p, q;

	build(r, 1);
	p = buddy_alloc(&b, 2, false);
	assert_int_equal(buddy_free(&b, p + 1, 0), BUDDY_EORDER); /* middle */
	assert_int_equal(buddy_free(&b, p + 1, 2), BUDDY_EALIGN);
	assert_int_equal(buddy_free(&b, p, 1), BUDDY_EORDER); /* wrong order */
	assert_int_equal(buddy_free(&b, p, 11), BUDDY_EALIGN);
	assert_int_equal(buddy_free(&b, 0, 0), BUDDY_ERANGE);          /* below the map */
	assert_int_equal(buddy_free(&b, 1ULL << 27, 0), BUDDY_ERANGE); /* far above */
	assert_int_equal(buddy_free(&b, p, 2), 0);
	assert_int_equal(buddy_free(&b, p, 2), BUDDY_EFREE);     /* double */
	assert_int_equal(buddy_free(&b, p + 2, 1), BUDDY_EFREE); /* inside a free block */
	q = buddy_alloc(&b, 0, false);
	assert_int_equal(buddy_block_order(&b, q), 0);
	assert_int_equal(buddy_block_order(&b, q + 1), -1);
	assert_int_equal(buddy_free(&b, q, 0), 0);
	assert_int_equal(buddy_verify(&b), 0);
}

/* 16 GiB of RAM around a PCI hole: metadata below 4 GiB, every high frame
 * reachable, nothing handed out twice. */
static void
test_large_map(void **state)
{
	const struct range r[] = { { 1 * MiB, 2 * GiB }, { 4 * GiB, 18 * GiB } };
	uint64_t n = 0, p, free0;

	build(r, 2);
	free0 = buddy_free_pages(&b);
	assert_int_equal(b.b_total + b.b_meta_pages, (16 * GiB - 1 * MiB) / 4096);
	assert_int_equal(b.b_free[BUDDY_HIGH], 14 * GiB / 4096);
	while ((p = buddy_alloc(&b, BUDDY_MAX_ORDER, false)) != BUDDY_NONE) {
		assert_int_equal(buddy_block_order(&b, p), BUDDY_MAX_ORDER);
		n++;
	}
	assert_int_equal(b.b_free[BUDDY_HIGH], 0);
	assert_true(n >= 14 * GiB / (4 * MiB));
	assert_int_equal(buddy_verify(&b), 0);
	build(r, 2);
	assert_int_equal(buddy_free_pages(&b), free0);
}

/* Random alloc/free cycles over a fragmented map leave the totals intact. */
static void
test_random_cycles(void **state)
{
	const struct range r[] = {
		{ 1 * MiB, 7 * MiB + 12288 },
		{ 9 * MiB, 40 * MiB },
		{ 4 * GiB, 4 * GiB + 20 * MiB },
	};
	struct {
		uint64_t pfn;
		unsigned order;
		int low;
	} live[512];
	unsigned nlive = 0;
	uint64_t free0;

	build(r, 3);
	free0 = buddy_free_pages(&b);
	mm_test_srand(12345);
	for (unsigned i = 0; i < 10000; i++) {
		if (nlive < 512 && (nlive == 0 || mm_test_rand(2) == 0)) {
			unsigned order = (unsigned)mm_test_rand(BUDDY_MAX_ORDER + 1);
			int low = mm_test_rand(4) == 0;
			uint64_t p = buddy_alloc(&b, order, low);

			if (p == BUDDY_NONE) {
				continue;
			}
			assert_int_equal(p % (1u << order), 0);
			if (low) {
				assert_true(p + (1u << order) <= BUDDY_LOW_PFN);
			}
			live[nlive].pfn = p;
			live[nlive].order = order;
			live[nlive++].low = low;
		} else {
			unsigned j = (unsigned)mm_test_rand(nlive);

			assert_int_equal(buddy_free(&b, live[j].pfn, live[j].order), 0);
			live[j] = live[--nlive];
		}
		if (i % 1000 == 0) {
			assert_int_equal(buddy_verify(&b), 0);
		}
	}
	while (nlive > 0) {
		nlive--;
		assert_int_equal(buddy_free(&b, live[nlive].pfn, live[nlive].order), 0);
	}
	assert_int_equal(buddy_free_pages(&b), free0);
	assert_int_equal(buddy_verify(&b), 0);
	release_meta();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rangeset_merge_and_split),
		cmocka_unit_test(test_rangeset_full),
		cmocka_unit_test(test_memmap_overlaps),
		cmocka_unit_test(test_alloc_every_order),
		cmocka_unit_test(test_exhaust_and_coalesce),
		cmocka_unit_test(test_below_4g),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_large_map),
		cmocka_unit_test(test_random_cycles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
