/*
 * The kernel heap: kmalloc and friends, for kernel objects of any size up
 * to 4 MiB.  Small sizes come from slabs (one 4 KiB page cut into objects of
 * one size class); larger ones are whole buddy blocks from the frame
 * allocator.  Memory is 16-byte aligned (page-aligned above 2016 bytes), in
 * the direct map, physically contiguous.  SMP-safe, never sleeps, callable
 * with interrupts off.  Needs frame_init() and paging_init() first.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

struct heap_stats {
	uint64_t hs_objects;     /* live allocations */
	uint64_t hs_bytes;       /* bytes they hold, rounded to their class */
	uint64_t hs_slab_pages;  /* pages the slabs hold, used or not */
	uint64_t hs_large_pages; /* pages in large allocations */
	uint64_t hs_allocs;      /* successful allocations since boot */
	uint64_t hs_frees;       /* frees since boot */
	uint64_t hs_failures;    /* allocations that returned NULL */
};

void heap_init(void);

/* Returns size bytes (kmalloc(0) gives a minimal object), or NULL when out
 * of memory or size is over 4 MiB.  kzalloc also zeroes them. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);

/* Frees what kmalloc returned; kfree(NULL) does nothing.  A double free or
 * a pointer the heap never returned is a kernel bug and panics. */
void kfree(void *p);

/* A consistent snapshot of the counters. */
struct heap_stats heap_stats(void);
