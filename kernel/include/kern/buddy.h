/*
 * The buddy allocator behind the frame allocator, as pure code.
 *
 * It hands out naturally aligned blocks of 2^order frames (order 0 to
 * BUDDY_MAX_ORDER) and merges a freed block with its free buddy.  Every
 * piece of bookkeeping lives in metadata arrays (two 32-bit list links and
 * one state byte per frame), never inside the free frames themselves, so
 * building the allocator writes nothing to the memory it manages and a
 * stray write into a free frame cannot corrupt it.
 *
 * Physical memory is split into sections of 1 GiB; a section gets metadata
 * only for the part between its lowest and highest free frame, so holes in
 * the memory map cost nothing.  All metadata is carved out of free memory
 * below 4 GiB.  Free lists are kept apart for frames below 4 GiB (LOW) and
 * above (HIGH): an allocation that may use either takes HIGH first.
 *
 * No locking: the caller (frame.c) serialises every call.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/rangeset.h>

#define BUDDY_PAGE_SHIFT 12
#define BUDDY_MAX_ORDER 10     /* 4 MiB blocks */
#define BUDDY_SECTION_SHIFT 18 /* frames per section: 1 GiB */
#define BUDDY_MAX_SECTIONS 1024
#define BUDDY_PHYS_LIMIT (1ULL << 40) /* memory above 1 TiB is not used */
#define BUDDY_LOW_PFN (1ULL << 20)    /* first frame at 4 GiB */
#define BUDDY_NONE UINT64_MAX

/* buddy_free() and buddy_build() errors. */
#define BUDDY_EALIGN (-1) /* frame not aligned to the order, or order too big */
#define BUDDY_ERANGE (-2) /* frame not managed by the allocator */
#define BUDDY_EFREE (-3)  /* frame already free: a double free */
#define BUDDY_EORDER (-4) /* not the first frame of a block of that order */
#define BUDDY_ENOMEM (-5) /* no room below 4 GiB for the metadata */

enum buddy_class {
	BUDDY_LOW,  /* frames below 4 GiB */
	BUDDY_HIGH, /* frames at or above 4 GiB */
	BUDDY_CLASSES,
};

struct buddy_section {
	uint32_t *bs_link; /* next and prev frame number, per frame */
	uint8_t *bs_state; /* see buddy.c, per frame */
	uint32_t bs_first; /* first frame number covered */
	uint32_t bs_count; /* frames covered; 0: no metadata */
};

struct buddy {
	struct buddy_section b_sec[BUDDY_MAX_SECTIONS];
	uint32_t b_head[BUDDY_CLASSES][BUDDY_MAX_ORDER + 1]; /* free lists */
	uint64_t b_free[BUDDY_CLASSES];                      /* free frames */
	uint64_t b_total;                                    /* frames managed, free or not */
	uint64_t b_meta_pages;                               /* frames taken for the metadata */
};

/* Returns a pointer through which the caller can write size bytes of
 * physical memory at phys (the metadata the allocator just carved out). */
typedef void *(*buddy_meta_fn)(void *ctx, uint64_t phys, size_t size);

/* Sets b up to manage the frames in free (byte addresses; it is aligned to
 * whole frames and loses what the metadata takes).  Returns 0 or
 * BUDDY_ENOMEM. */
int buddy_build(struct buddy *b, struct rangeset *free, buddy_meta_fn meta, void *ctx);

/* Takes a block of 2^order frames; from LOW only when low_only.  Returns
 * its first frame number, or BUDDY_NONE. */
uint64_t buddy_alloc(struct buddy *b, unsigned order, bool low_only);

/* Gives back a block buddy_alloc() returned, with the same order.  Returns
 * 0, or a BUDDY_E* code (and changes nothing) when the call is wrong. */
int buddy_free(struct buddy *b, uint64_t pfn, unsigned order);

/* The order of the allocated block that starts at pfn, or -1. */
int buddy_block_order(const struct buddy *b, uint64_t pfn);

/* Checks every free list against the state bytes and the counters;
 * returns 0 or -1.  Slow: for tests. */
int buddy_verify(const struct buddy *b);

static inline uint64_t
buddy_free_pages(const struct buddy *b)
{
	return b->b_free[BUDDY_LOW] + b->b_free[BUDDY_HIGH];
}
