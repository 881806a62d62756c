/*
 * DMA buffers, the bookkeeping: what a process holds, what it is charged,
 * and how a request (size, alignment, DMA_* flags) becomes one buddy block.
 *
 * A buffer is a single naturally aligned block of 2^order frames, so it is
 * physically contiguous and aligned to its own size; the order is the
 * larger of what the size needs and what the alignment needs.  A process
 * is charged the whole block against its quota.  The frames come from a
 * dma_frames backend: the frame allocator in the kernel
 * (kernel/proc/res_dma.c), a plain buddy instance in the unit tests
 * (tests/unit/test_dma.c).  Mapping and unmapping are the caller's job.
 *
 * No locks: a list belongs to one process and is changed only by the
 * process itself (its kernel calls) or by its teardown.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define DMA_PAGE 4096ULL
#define DMA_MAX_ORDER 10                         /* 4 MiB, the largest buddy block */
#define DMA_MAX_SIZE (DMA_PAGE << DMA_MAX_ORDER) /* largest buffer */
#define DMA_MAX_ALIGN (2ULL << 20)               /* largest alignment: 2 MiB */

struct dma_region {
	uint64_t dr_vaddr; /* where it is mapped in the owner */
	uint64_t dr_phys;
	unsigned dr_order;
	struct dma_region *dr_next;
};

struct dma_list {
	struct dma_region *dl_head;
	uint64_t dl_bytes; /* charged: the sum of the blocks' sizes */
	unsigned dl_count;
};

struct dma_frames {
	/* A zeroed block of 2^order frames (below 4 GiB if asked), its
	 * physical address, or 0. */
	uint64_t (*df_alloc)(void *ctx, unsigned order, bool below_4g);
	void (*df_free)(void *ctx, uint64_t phys, unsigned order);
	void *df_ctx;
};

static inline uint64_t
dma_region_size(const struct dma_region *r)
{
	return DMA_PAGE << r->dr_order;
}

/* The block order for size bytes aligned to align (a power of two up to
 * DMA_MAX_ALIGN; 0 means a page).  Returns 0 and sets *order, or -EINVAL
 * for a zero or too large size or a bad alignment. */
int dma_order(uint64_t size, uint64_t align, unsigned *order);

/*
 * Takes a block for a request of l's owner: checks the request and the
 * quota (l->dl_bytes plus the block must stay within quota), then gets the
 * frames.  Fills r's phys and order; the list is not changed until
 * dma_insert().  Returns 0, -EINVAL (bad request or flags), or -ENOMEM
 * (over quota, or no such block free).  flags: DMA_BELOW_4G (xinim/kcall.h).
 */
int dma_reserve(const struct dma_list *l, const struct dma_frames *f, uint64_t size, uint64_t align,
    unsigned flags, uint64_t quota, struct dma_region *r);

/* Adds a reserved (and by now mapped) region to l and charges it. */
void dma_insert(struct dma_list *l, struct dma_region *r);

/* Unlinks the region mapped at vaddr and uncharges it; NULL if none. */
struct dma_region *dma_remove(struct dma_list *l, uint64_t vaddr);

/* Unlinks and uncharges the first region, or returns NULL: for teardown. */
struct dma_region *dma_pop(struct dma_list *l);

/* Gives r's frames back to the backend. */
void dma_release(const struct dma_frames *f, const struct dma_region *r);
