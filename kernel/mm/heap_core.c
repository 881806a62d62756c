/*
 * Size classes, slabs and large blocks (see kern/heap_core.h).
 *
 * Each slab tracks its objects in a bitmap, never in a list threaded
 * through free objects: a write to a freed object cannot corrupt the heap,
 * and a second free of the same object is always seen.  Freed objects are
 * filled with 0x6b so that a use after free reads obvious garbage.
 *
 * Entry points: heap_core_init, heap_core_alloc, heap_core_free.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/heap_core.h>
#include <kern/string.h>

#define SLAB_MAGIC 0x51ab51ab0b1ec75aULL
#define POISON 0x6b

/* Sizes that fill the 4032 bytes after the header well. */
static const uint16_t class_sizes[HEAP_CLASSES] = {
	16,
	32,
	48,
	64,
	96,
	128,
	192,
	256,
	336,
	448,
	576,
	672,
	1008,
	1344,
	2016,
};

struct slab {
	uint64_t s_magic;             /* SLAB_MAGIC ^ the slab's address */
	struct slab *s_next, *s_prev; /* on the class's partial list */
	uint16_t s_class;
	uint16_t s_inuse; /* live objects */
	uint32_t s_pad;
	uint64_t s_used[4]; /* bit per object; set past the last one */
};

_Static_assert(sizeof(struct slab) == HEAP_SLAB_HEADER, "slab header size");
_Static_assert(HEAP_PAGE - HEAP_SLAB_HEADER <= 16 * 256, "bitmap too small");

void
heap_core_init(struct heap *h, const struct heap_pages *src)
{
	unsigned c = 0;

	/* The size-to-class table has one entry per 16 bytes of request, so
	 * kmalloc finds its class with one load. */
	memset(h, 0, sizeof(*h));
	h->h_src = *src;
	for (unsigned i = 0; i < HEAP_CLASSES; i++) {
		h->h_class[i].hc_size = class_sizes[i];
		h->h_class[i].hc_per_slab = (HEAP_PAGE - HEAP_SLAB_HEADER) / class_sizes[i];
	}
	for (unsigned i = 0; i <= HEAP_MAX_SMALL / 16; i++) {
		while (class_sizes[c] < i * 16) {
			c++;
		}
		h->h_class_of[i] = (uint8_t)c;
	}
}

static void
list_push(struct heap_class *hc, struct slab *s)
{
	s->s_prev = NULL;
	s->s_next = hc->hc_partial;
	if (hc->hc_partial != NULL) {
		hc->hc_partial->s_prev = s;
	}
	hc->hc_partial = s;
}

static void
list_remove(struct heap_class *hc, struct slab *s)
{
	if (s->s_prev != NULL) {
		s->s_prev->s_next = s->s_next;
	} else {
		hc->hc_partial = s->s_next;
	}
	if (s->s_next != NULL) {
		s->s_next->s_prev = s->s_prev;
	}
	s->s_next = s->s_prev = NULL;
}

/* A new empty slab of class c, already on the class's partial list.  The
 * bitmap bits past the last object are set, so the allocation scan never
 * needs to know how many objects fit. */
static struct slab *
slab_create(struct heap *h, unsigned c)
{
	struct heap_class *hc = &h->h_class[c];
	struct slab *s = h->h_src.hp_alloc(h->h_src.hp_ctx, 0);

	if (s == NULL) {
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	s->s_magic = SLAB_MAGIC ^ (uint64_t)(uintptr_t)s;
	s->s_class = (uint16_t)c;
	for (unsigned i = hc->hc_per_slab; i < 256; i++) {
		s->s_used[i / 64] |= 1ULL << (i % 64);
	}
	list_push(hc, s);
	hc->hc_empty++;
	h->h_stats.hs_slab_pages++;
	return s;
}

/* Sizes above the largest class: the smallest block of whole pages. */
static void *
alloc_large(struct heap *h, size_t size)
{
	unsigned order = 0;
	void *p;

	while (((size_t)HEAP_PAGE << order) < size) {
		if (++order > HEAP_MAX_ORDER) {
			return NULL;
		}
	}
	p = h->h_src.hp_alloc(h->h_src.hp_ctx, order);
	if (p != NULL) {
		h->h_stats.hs_large_pages += 1ULL << order;
		h->h_stats.hs_bytes += (uint64_t)HEAP_PAGE << order;
	}
	return p;
}

/* Takes the lowest free object of the first partial slab; a slab that
 * becomes full leaves the list until one of its objects is freed. */
static void *
alloc_small(struct heap *h, size_t size)
{
	unsigned c = h->h_class_of[(size + 15) / 16];
	struct heap_class *hc = &h->h_class[c];
	struct slab *s = hc->hc_partial;
	unsigned w, idx;

	if (s == NULL && (s = slab_create(h, c)) == NULL) {
		return NULL;
	}
	for (w = 0; s->s_used[w] == UINT64_MAX; w++) {
	}
	idx = w * 64 + (unsigned)__builtin_ctzll(~s->s_used[w]);
	s->s_used[w] |= 1ULL << (idx % 64);
	if (s->s_inuse++ == 0) {
		hc->hc_empty--;
	}
	if (s->s_inuse == hc->hc_per_slab) {
		list_remove(hc, s);
	}
	h->h_stats.hs_bytes += hc->hc_size;
	return (char *)s + HEAP_SLAB_HEADER + (size_t)idx * hc->hc_size;
}

void *
heap_core_alloc(struct heap *h, size_t size)
{
	void *p;

	p = size > HEAP_MAX_SMALL ? alloc_large(h, size) : alloc_small(h, size);
	if (p == NULL) {
		h->h_stats.hs_failures++;
		return NULL;
	}
	h->h_stats.hs_objects++;
	h->h_stats.hs_allocs++;
	return p;
}

static int
free_large(struct heap *h, void *p, size_t *size)
{
	struct slab *s = p;
	int order;

	/* A slab page is order 0 too: tell it apart by its header. */
	if (s->s_magic == (SLAB_MAGIC ^ (uint64_t)(uintptr_t)s)) {
		return HEAP_EBADPTR;
	}
	order = h->h_src.hp_order(h->h_src.hp_ctx, p);
	if (order < 0 || order > HEAP_MAX_ORDER) {
		return HEAP_EBADPTR;
	}
	*size = (size_t)HEAP_PAGE << order;
	h->h_stats.hs_large_pages -= 1ULL << order;
	h->h_src.hp_free(h->h_src.hp_ctx, p, (unsigned)order);
	return 0;
}

/* Every check runs before the first change, so a refused free leaves the
 * heap exactly as it was.  A slab that empties is kept if it is its
 * class's only empty one, else it goes back to the page source. */
static int
free_small(struct heap *h, void *p, size_t *size)
{
	struct slab *s = (struct slab *)((uintptr_t)p & ~(uintptr_t)(HEAP_PAGE - 1));
	uintptr_t off = (uintptr_t)p - (uintptr_t)s - HEAP_SLAB_HEADER;
	struct heap_class *hc;
	unsigned idx;

	if (s->s_magic != (SLAB_MAGIC ^ (uint64_t)(uintptr_t)s) || s->s_class >= HEAP_CLASSES ||
	    (uintptr_t)p - (uintptr_t)s < HEAP_SLAB_HEADER) {
		return HEAP_EBADPTR;
	}
	hc = &h->h_class[s->s_class];
	idx = (unsigned)(off / hc->hc_size);
	if (off % hc->hc_size != 0 || idx >= hc->hc_per_slab) {
		return HEAP_EBADPTR;
	}
	if ((s->s_used[idx / 64] & (1ULL << (idx % 64))) == 0) {
		return HEAP_EDOUBLE;
	}
	s->s_used[idx / 64] &= ~(1ULL << (idx % 64));
	memset(p, POISON, hc->hc_size);
	*size = hc->hc_size;
	if (s->s_inuse-- == hc->hc_per_slab) {
		list_push(hc, s);
	}
	if (s->s_inuse == 0) {
		if (hc->hc_empty > 0) {
			list_remove(hc, s);
			s->s_magic = 0;
			h->h_stats.hs_slab_pages--;
			h->h_src.hp_free(h->h_src.hp_ctx, s, 0);
		} else {
			hc->hc_empty++;
		}
	}
	return 0;
}

int
heap_core_free(struct heap *h, void *p, size_t *size)
{
	size_t freed = 0;
	int err;

	/* Objects never start at a page boundary (the slab header is there). */
	if (((uintptr_t)p & (HEAP_PAGE - 1)) == 0) {
		err = free_large(h, p, &freed);
	} else {
		err = free_small(h, p, &freed);
	}
	if (err != 0) {
		return err;
	}
	h->h_stats.hs_bytes -= freed;
	h->h_stats.hs_objects--;
	h->h_stats.hs_frees++;
	if (size != NULL) {
		*size = freed;
	}
	return 0;
}
