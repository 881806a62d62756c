/*
 * Binary buddy allocator over metadata arrays (see kern/buddy.h).
 *
 * Each managed frame has a state byte: FREE|order at the first frame of a
 * free block, USED|order at the first frame of an allocated block, TAIL at
 * every other frame of a block, RESERVED where the allocator never hands
 * anything out.  Free blocks sit on doubly linked lists, one per class and
 * order, threaded through the per-frame link words by frame number.
 *
 * Entry points: buddy_build, buddy_alloc, buddy_free, buddy_block_order,
 * buddy_verify.
 */
#include <stdint.h>
#include <kern/buddy.h>
#include <kern/string.h>

#define ST_TAIL 0x00
#define ST_FREE 0x80
#define ST_USED 0x40
#define ST_RESERVED 0xff
#define ST_ORDER(st) ((st)&0x3f)

#define NIL UINT32_MAX
#define PAGE (1ULL << BUDDY_PAGE_SHIFT)
#define MAX_BLOCK (1ULL << BUDDY_MAX_ORDER) /* frames */
#define SECTION_FRAMES (1ULL << BUDDY_SECTION_SHIFT)
#define LOW_LIMIT (BUDDY_LOW_PFN << BUDDY_PAGE_SHIFT)

/* The section whose metadata covers pfn, or NULL (outside every section,
 * or in a section's uncovered part). */
static struct buddy_section *
section_of(const struct buddy *b, uint64_t pfn)
{
	uint64_t s = pfn >> BUDDY_SECTION_SHIFT;
	const struct buddy_section *sec;

	if (s >= BUDDY_MAX_SECTIONS) {
		return NULL;
	}
	sec = &b->b_sec[s];
	if (pfn < sec->bs_first || pfn - sec->bs_first >= sec->bs_count) {
		return NULL;
	}
	return (struct buddy_section *)sec;
}

/* The state byte of pfn, or NULL when no metadata covers it. */
static uint8_t *
state_of(const struct buddy *b, uint64_t pfn)
{
	struct buddy_section *sec = section_of(b, pfn);

	return sec == NULL ? NULL : &sec->bs_state[pfn - sec->bs_first];
}

/* The two link words of pfn, which must be covered. */
static uint32_t *
links_of(const struct buddy *b, uint64_t pfn)
{
	struct buddy_section *sec = section_of(b, pfn);

	return &sec->bs_link[2 * (pfn - sec->bs_first)];
}

/* Blocks never straddle 4 GiB (it is a multiple of the largest block), so
 * a block's class is its first frame's. */
static enum buddy_class
class_of(uint64_t pfn)
{
	return pfn < BUDDY_LOW_PFN ? BUDDY_LOW : BUDDY_HIGH;
}

/* Free lists are LIFO: the block freed last, likely still in the cache,
 * is handed out first. */
static void
list_push(struct buddy *b, uint64_t pfn, unsigned order)
{
	uint32_t *head = &b->b_head[class_of(pfn)][order];
	uint32_t *l = links_of(b, pfn);

	l[0] = *head;
	l[1] = NIL;
	if (*head != NIL) {
		links_of(b, *head)[1] = (uint32_t)pfn;
	}
	*head = (uint32_t)pfn;
}

/* Unlinks a free block from the middle of its list in O(1); the buddy
 * being merged is rarely at the head. */
static void
list_remove(struct buddy *b, uint64_t pfn, unsigned order)
{
	uint32_t *l = links_of(b, pfn);

	if (l[1] != NIL) {
		links_of(b, l[1])[0] = l[0];
	} else {
		b->b_head[class_of(pfn)][order] = l[0];
	}
	if (l[0] != NIL) {
		links_of(b, l[0])[1] = l[1];
	}
}

/* Puts the block at pfn on a free list, merged with its free buddies.  The
 * caller has counted its frames as free. */
static void
insert_free(struct buddy *b, uint64_t pfn, unsigned order)
{
	*state_of(b, pfn) = ST_TAIL;
	/* The buddy of a block differs from it in exactly bit `order` of the
	 * frame number; merging keeps the lower of the two as the head. */
	while (order < BUDDY_MAX_ORDER) {
		uint64_t mate = pfn ^ (1ULL << order);
		uint8_t *st = state_of(b, mate);

		if (st == NULL || *st != (ST_FREE | order)) {
			break;
		}
		list_remove(b, mate, order);
		*st = ST_TAIL;
		pfn &= ~(1ULL << order);
		order++;
	}
	*state_of(b, pfn) = ST_FREE | order;
	list_push(b, pfn, order);
}

/* Widens each section's covered span to include [first, end) of frames,
 * rounded out to whole maximal blocks. */
static void
cover_frames(struct buddy *b, uint64_t first, uint64_t end)
{
	while (first < end) {
		uint64_t s = first >> BUDDY_SECTION_SHIFT;
		uint64_t sec_end = (s + 1) << BUDDY_SECTION_SHIFT;
		uint64_t lo = first & ~(MAX_BLOCK - 1);
		uint64_t hi = ((end < sec_end ? end : sec_end) + MAX_BLOCK - 1) & ~(MAX_BLOCK - 1);
		struct buddy_section *sec = &b->b_sec[s];

		/* Sections are 1 GiB-aligned and the largest block is 4 MiB,
		 * so rounding out never leaves the section. */
		if (sec->bs_count == 0) {
			sec->bs_first = (uint32_t)lo;
			sec->bs_count = (uint32_t)(hi - lo);
		} else {
			uint64_t old_end = sec->bs_first + sec->bs_count;

			if (lo < sec->bs_first) {
				sec->bs_first = (uint32_t)lo;
			}
			sec->bs_count = (uint32_t)((hi > old_end ? hi : old_end) - sec->bs_first);
		}
		first = hi;
	}
}

/* Takes size bytes out of free, as high as possible below 4 GiB, which
 * leaves the lowest memory to whatever needs it (the boot direct map also
 * reaches it).  Taking the top of a range never splits it, so the removal
 * cannot overflow the set.  Returns the start, or BUDDY_NONE. */
static uint64_t
carve_low(struct rangeset *free, uint64_t size)
{
	for (unsigned i = free->rs_count; i-- > 0;) {
		const struct range *r = &free->rs_r[i];
		uint64_t top = r->end < LOW_LIMIT ? r->end : LOW_LIMIT;

		if (top > r->base && top - r->base >= size) {
			rangeset_remove(free, top - size, top);
			return top - size;
		}
	}
	return BUDDY_NONE;
}

/* Three passes: find which frames each section must describe, carve the
 * sections' metadata out of free memory, then hand every remaining free
 * frame to the lists. */
int
buddy_build(struct buddy *b, struct rangeset *free, buddy_meta_fn meta, void *ctx)
{
	memset(b, 0, sizeof(*b));
	memset(b->b_head, 0xff, sizeof(b->b_head));
	rangeset_remove(free, BUDDY_PHYS_LIMIT, UINT64_MAX);
	rangeset_align(free, BUDDY_PAGE_SHIFT);
	for (unsigned i = 0; i < free->rs_count; i++) {
		cover_frames(b, free->rs_r[i].base >> BUDDY_PAGE_SHIFT,
		    free->rs_r[i].end >> BUDDY_PAGE_SHIFT);
	}

	/* Metadata: links first (8-byte aligned), then the state bytes. */
	for (unsigned s = 0; s < BUDDY_MAX_SECTIONS; s++) {
		struct buddy_section *sec = &b->b_sec[s];
		uint64_t size, phys;
		uint8_t *p;

		if (sec->bs_count == 0) {
			continue;
		}
		size = ((uint64_t)sec->bs_count * 9 + PAGE - 1) & ~(PAGE - 1);
		phys = carve_low(free, size);
		if (phys == BUDDY_NONE) {
			return BUDDY_ENOMEM;
		}
		p = meta(ctx, phys, size);
		sec->bs_link = (uint32_t *)p;
		sec->bs_state = p + (uint64_t)sec->bs_count * 8;
		memset(sec->bs_state, ST_RESERVED, sec->bs_count);
		b->b_meta_pages += size >> BUDDY_PAGE_SHIFT;
	}

	/* Every free frame becomes TAIL, then blocks go in largest first. */
	for (unsigned i = 0; i < free->rs_count; i++) {
		uint64_t pfn = free->rs_r[i].base >> BUDDY_PAGE_SHIFT;
		uint64_t end = free->rs_r[i].end >> BUDDY_PAGE_SHIFT;

		for (uint64_t f = pfn; f < end; f++) {
			*state_of(b, f) = ST_TAIL;
		}
		/* The largest aligned block that still fits, from the bottom
		 * up; insert_free() would merge anything this misses. */
		while (pfn < end) {
			unsigned order = BUDDY_MAX_ORDER;

			while ((pfn & ((1ULL << order) - 1)) != 0 || pfn + (1ULL << order) > end) {
				order--;
			}
			b->b_free[class_of(pfn)] += 1ULL << order;
			b->b_total += 1ULL << order;
			insert_free(b, pfn, order);
			pfn += 1ULL << order;
		}
	}
	return 0;
}

uint64_t
buddy_alloc(struct buddy *b, unsigned order, bool low_only)
{
	static const enum buddy_class prefer[] = { BUDDY_HIGH, BUDDY_LOW };

	if (order > BUDDY_MAX_ORDER) {
		return BUDDY_NONE;
	}
	/* Smallest block that fits in the preferred class first: a request
	 * that may use any memory leaves what lies below 4 GiB for the
	 * requests that need it. */
	for (unsigned c = low_only ? 1 : 0; c < 2; c++) {
		enum buddy_class cls = prefer[c];

		for (unsigned k = order; k <= BUDDY_MAX_ORDER; k++) {
			uint64_t pfn = b->b_head[cls][k];

			if (pfn == NIL) {
				continue;
			}
			list_remove(b, pfn, k);
			/* Split: the upper halves go back on the free lists. */
			while (k > order) {
				k--;
				*state_of(b, pfn + (1ULL << k)) = ST_FREE | k;
				list_push(b, pfn + (1ULL << k), k);
			}
			*state_of(b, pfn) = ST_USED | order;
			b->b_free[cls] -= 1ULL << order;
			return pfn;
		}
	}
	return BUDDY_NONE;
}

/* Whether pfn lies inside a free block (a TAIL frame of one): the nearest
 * head at or below pfn on each alignment, the first one found decides.
 * Only used to word a panic precisely. */
static bool
inside_free_block(const struct buddy *b, uint64_t pfn)
{
	for (unsigned k = 1; k <= BUDDY_MAX_ORDER; k++) {
		const uint8_t *st = state_of(b, pfn & ~((1ULL << k) - 1));

		if (st != NULL && (*st & ST_FREE) != 0 && *st != ST_RESERVED) {
			return ST_ORDER(*st) >= k;
		}
	}
	return false;
}

int
buddy_free(struct buddy *b, uint64_t pfn, unsigned order)
{
	uint8_t *st;

	/* Check everything before touching anything: a bad call must leave
	 * the allocator as it was, so that the panic report is accurate. */
	if (order > BUDDY_MAX_ORDER || (pfn & ((1ULL << order) - 1)) != 0) {
		return BUDDY_EALIGN;
	}
	st = state_of(b, pfn);
	if (st == NULL || *st == ST_RESERVED) {
		return BUDDY_ERANGE;
	}
	if ((*st & ST_FREE) != 0 || (*st == ST_TAIL && inside_free_block(b, pfn))) {
		return BUDDY_EFREE;
	}
	if (*st != (ST_USED | order)) {
		return BUDDY_EORDER;
	}
	b->b_free[class_of(pfn)] += 1ULL << order;
	insert_free(b, pfn, order);
	return 0;
}

int
buddy_block_order(const struct buddy *b, uint64_t pfn)
{
	const uint8_t *st = state_of(b, pfn);

	if (st == NULL || *st == ST_RESERVED || (*st & ST_USED) == 0) {
		return -1;
	}
	return ST_ORDER(*st);
}

/* Walks every list: each entry must be a correctly aligned FREE head of the
 * list's class and order, with a consistent back link, and the lists must
 * add up to the free counters.  A cycle shows up as too many frames. */
int
buddy_verify(const struct buddy *b)
{
	for (unsigned c = 0; c < BUDDY_CLASSES; c++) {
		uint64_t frames = 0;

		for (unsigned k = 0; k <= BUDDY_MAX_ORDER; k++) {
			uint32_t prev = NIL;

			for (uint32_t p = b->b_head[c][k]; p != NIL; p = links_of(b, p)[0]) {
				const uint8_t *st = state_of(b, p);

				if (st == NULL || *st != (ST_FREE | k) || class_of(p) != c ||
				    (p & ((1u << k) - 1)) != 0 || links_of(b, p)[1] != prev) {
					return -1;
				}
				frames += 1ULL << k;
				if (frames > b->b_total) {
					return -1; /* a cycle */
				}
				prev = p;
			}
		}
		if (frames != b->b_free[c]) {
			return -1;
		}
	}
	return 0;
}
