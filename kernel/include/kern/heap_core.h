/*
 * The kernel heap's logic, free of any hardware: size classes, slabs and
 * large blocks over a page source the caller supplies (the frame allocator
 * in the kernel, host memory in the unit tests).  No locking: the caller
 * serialises every call.
 *
 * A slab is one page: a 64-byte header (magic, class, allocation bitmap,
 * list links) and then objects of its class.  Objects never sit at a page
 * boundary, so a page-aligned pointer is always a large block; the page
 * source tells that block's order back (so a page-aligned pointer to some
 * other live block of the same source passes for a large block: the one
 * foreign pointer kfree cannot refuse).  One empty slab per class is kept
 * for reuse; others go back to the page source at once.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <kern/heap.h>

#define HEAP_PAGE 4096
#define HEAP_SLAB_HEADER 64
#define HEAP_MAX_SMALL 2016 /* the largest slab class */
#define HEAP_MAX_ORDER 10   /* large blocks up to 4 MiB */
#define HEAP_CLASSES 15

#define HEAP_EBADPTR (-1) /* not a pointer the heap returned */
#define HEAP_EDOUBLE (-2) /* an object already free */

struct heap_pages {
	/* 2^order pages aligned to their size, or NULL. */
	void *(*hp_alloc)(void *ctx, unsigned order);
	void (*hp_free)(void *ctx, void *pages, unsigned order);
	/* The order of the live block hp_alloc returned at pages, else -1. */
	int (*hp_order)(void *ctx, void *pages);
	void *hp_ctx;
};

struct slab;

struct heap_class {
	uint32_t hc_size;        /* object size */
	uint32_t hc_per_slab;    /* objects per slab */
	struct slab *hc_partial; /* slabs with a free object */
	uint32_t hc_empty;       /* slabs on that list with no live object */
};

struct heap {
	struct heap_pages h_src;
	struct heap_class h_class[HEAP_CLASSES];
	uint8_t h_class_of[HEAP_MAX_SMALL / 16 + 1]; /* by (size + 15) / 16 */
	struct heap_stats h_stats;
};

void heap_core_init(struct heap *h, const struct heap_pages *src);

/* An object of at least size bytes, or NULL. */
void *heap_core_alloc(struct heap *h, size_t size);

/* Frees p (not NULL); returns 0 or HEAP_EBADPTR / HEAP_EDOUBLE, in which
 * case nothing changed.  *size (if not NULL) gets the bytes freed. */
int heap_core_free(struct heap *h, void *p, size_t *size);
