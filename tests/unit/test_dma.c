/*
 * Host tests of the DMA bookkeeping (kernel/mm/dma.c) over a real buddy
 * allocator: orders for sizes and alignments, the quota, the below-4 GiB
 * flag, and long random runs that must give every frame back.
 */
/* unit-sources: kernel/mm/dma.c kernel/mm/buddy.c kernel/mm/rangeset.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <kern/buddy.h>
#include <kern/dma.h>
#include <kern/rangeset.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include "mm_test.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define CYCLES 10000
#define LIVE_MAX 64

static struct buddy b;
static void *meta_blocks[BUDDY_MAX_SECTIONS];
static unsigned meta_count;

static void *
meta_alloc(void *ctx, uint64_t phys, size_t size)
{
	void *p = malloc(size);

	assert_non_null(p);
	meta_blocks[meta_count++] = p;
	return p;
}

static uint64_t
buddy_backend_alloc(void *ctx, unsigned order, bool below_4g)
{
	uint64_t pfn = buddy_alloc(&b, order, below_4g);

	return pfn == BUDDY_NONE ? 0 : pfn << BUDDY_PAGE_SHIFT;
}

static void
buddy_backend_free(void *ctx, uint64_t phys, unsigned order)
{
	assert_int_equal(buddy_free(&b, phys >> BUDDY_PAGE_SHIFT, order), 0);
}

static const struct dma_frames frames = { buddy_backend_alloc, buddy_backend_free, NULL };

/* 256 MiB below 4 GiB and 256 MiB above, so both classes are in play. */
static int
setup(void **state)
{
	struct rangeset set;

	rangeset_init(&set);
	assert_int_equal(rangeset_add(&set, 16 * MiB, 272 * MiB), 0);
	assert_int_equal(rangeset_add(&set, 4 * GiB, 4 * GiB + 256 * MiB), 0);
	assert_int_equal(buddy_build(&b, &set, meta_alloc, NULL), 0);
	return 0;
}

static int
teardown(void **state)
{
	while (meta_count > 0) {
		free(meta_blocks[--meta_count]);
	}
	return 0;
}

/* Sizes round up to whole buddy orders; alignments can only grow them. */
static void
test_orders(void **state)
{
	unsigned k;

	assert_int_equal(dma_order(1, 0, &k), 0);
	assert_int_equal(k, 0);
	assert_int_equal(dma_order(4 * KiB, 4 * KiB, &k), 0);
	assert_int_equal(k, 0);
	assert_int_equal(dma_order(4 * KiB + 1, 0, &k), 0);
	assert_int_equal(k, 1);
	assert_int_equal(dma_order(12 * KiB, 0, &k), 0);
	assert_int_equal(k, 2);
	assert_int_equal(dma_order(2 * MiB, 0, &k), 0);
	assert_int_equal(k, 9);
	assert_int_equal(dma_order(4 * KiB, 2 * MiB, &k), 0);
	assert_int_equal(k, 9);
	assert_int_equal(dma_order(64, 64, &k), 0); /* small alignments: a page */
	assert_int_equal(k, 0);
	assert_int_equal(dma_order(DMA_MAX_SIZE, 0, &k), 0);
	assert_int_equal(k, DMA_MAX_ORDER);
	assert_int_equal(dma_order(0, 0, &k), -EINVAL);
	assert_int_equal(dma_order(DMA_MAX_SIZE + 1, 0, &k), -EINVAL);
	assert_int_equal(dma_order(UINT64_MAX, 0, &k), -EINVAL);
	assert_int_equal(dma_order(4 * KiB, 3 * KiB, &k), -EINVAL);
	assert_int_equal(dma_order(4 * KiB, 4 * MiB, &k), -EINVAL);
}

/* The quota counts whole blocks; a refused request changes nothing. */
static void
test_quota(void **state)
{
	struct dma_list l = { 0 };
	struct dma_region r[3];
	uint64_t free0 = buddy_free_pages(&b);

	assert_int_equal(dma_reserve(&l, &frames, 5 * KiB, 0, 0, 16 * KiB, &r[0]), 0);
	r[0].dr_vaddr = 0x1000;
	dma_insert(&l, &r[0]);
	assert_int_equal(l.dl_bytes, 8 * KiB);
	assert_int_equal(dma_reserve(&l, &frames, 8 * KiB, 0, 0, 16 * KiB, &r[1]), 0);
	r[1].dr_vaddr = 0x2000;
	dma_insert(&l, &r[1]);
	assert_int_equal(dma_reserve(&l, &frames, 1, 0, 0, 16 * KiB, &r[2]), -ENOMEM);
	assert_int_equal(dma_reserve(&l, &frames, 1, 0, 0x8, 1 * MiB, &r[2]), -EINVAL);
	assert_int_equal(buddy_free_pages(&b), free0 - 4);
	assert_null(dma_remove(&l, 0x3000));
	assert_ptr_equal(dma_remove(&l, 0x1000), &r[0]);
	dma_release(&frames, &r[0]);
	assert_int_equal(l.dl_bytes, 8 * KiB);
	assert_int_equal(l.dl_count, 1);
	assert_ptr_equal(dma_pop(&l), &r[1]);
	dma_release(&frames, &r[1]);
	assert_null(dma_pop(&l));
	assert_int_equal(l.dl_bytes, 0);
	assert_int_equal(buddy_free_pages(&b), free0);
	/* A quota of zero allows nothing. */
	assert_int_equal(dma_reserve(&l, &frames, 1, 0, 0, 0, &r[0]), -ENOMEM);
}

/* A request that needs more contiguous memory than exists fails cleanly. */
static void
test_exhaustion(void **state)
{
	struct dma_list l = { 0 };
	struct dma_region *r = calloc(1024, sizeof(*r));
	uint64_t free0 = buddy_free_pages(&b);
	unsigned n = 0;

	assert_non_null(r);
	while (n < 1024 &&
	    dma_reserve(&l, &frames, DMA_MAX_SIZE, 0, DMA_BELOW_4G, UINT64_MAX, &r[n]) == 0) {
		assert_true(r[n].dr_phys + DMA_MAX_SIZE <= 4 * GiB);
		r[n].dr_vaddr = n;
		dma_insert(&l, &r[n++]);
	}
	assert_true(n > 0 && n < 1024);
	assert_int_equal(l.dl_count, n);
	for (struct dma_region *x; (x = dma_pop(&l)) != NULL;) {
		dma_release(&frames, x);
	}
	assert_int_equal(buddy_free_pages(&b), free0);
	assert_int_equal(buddy_verify(&b), 0);
	free(r);
}

/*
 * 10,000 random requests of 4 KiB to 2 MiB with random alignments and
 * flags, freed in random order: every block is aligned, below 4 GiB when
 * asked, never overlaps another live one, the charge always equals the
 * live blocks, and in the end the free total is where it started.
 */
static void
test_random_cycles(void **state)
{
	struct dma_list l = { 0 };
	struct dma_region *live[LIVE_MAX] = { 0 };
	uint64_t free0 = buddy_free_pages(&b), quota = 48 * MiB, charged = 0;
	unsigned done = 0, refused = 0;

	mm_test_srand(0xd3a);
	while (done < CYCLES) {
		unsigned i = (unsigned)mm_test_rand(LIVE_MAX);

		if (live[i] != NULL) {
			struct dma_region *r = dma_remove(&l, live[i]->dr_vaddr);

			assert_ptr_equal(r, live[i]);
			charged -= dma_region_size(r);
			dma_release(&frames, r);
			free(r);
			live[i] = NULL;
			continue;
		}
		uint64_t size = 4 * KiB + mm_test_rand(2 * MiB - 4 * KiB + 1);
		uint64_t align = 4 * KiB << mm_test_rand(10);
		unsigned flags = mm_test_rand(2) ? DMA_BELOW_4G : 0;
		struct dma_region *r = malloc(sizeof(*r));

		assert_non_null(r);
		int err = dma_reserve(&l, &frames, size, align, flags, quota, r);
		done++;
		if (err != 0) {
			assert_int_equal(err, -ENOMEM);
			refused++;
			free(r);
			continue;
		}
		assert_true(dma_region_size(r) >= size && dma_region_size(r) >= align);
		assert_int_equal(r->dr_phys % dma_region_size(r), 0);
		assert_int_equal(r->dr_phys % align, 0);
		if (flags & DMA_BELOW_4G) {
			assert_true(r->dr_phys + dma_region_size(r) <= 4 * GiB);
		}
		for (unsigned j = 0; j < LIVE_MAX; j++) {
			if (live[j] != NULL) {
				assert_true(r->dr_phys + dma_region_size(r) <= live[j]->dr_phys ||
				    live[j]->dr_phys + dma_region_size(live[j]) <= r->dr_phys);
			}
		}
		r->dr_vaddr = 0x10000000ULL * (i + 1);
		dma_insert(&l, r);
		charged += dma_region_size(r);
		assert_true(l.dl_bytes <= quota);
		live[i] = r;
		assert_int_equal(l.dl_bytes, charged);
	}
	for (struct dma_region *r; (r = dma_pop(&l)) != NULL;) {
		dma_release(&frames, r);
		free(r);
	}
	assert_int_equal(l.dl_bytes, 0);
	assert_int_equal(l.dl_count, 0);
	assert_int_equal(buddy_free_pages(&b), free0);
	assert_int_equal(buddy_verify(&b), 0);
	/* The quota must have bitten at times, or the test proves little. */
	assert_true(refused > 0 && refused < CYCLES / 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_random_cycles),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
