/*
 * Sorted sets of disjoint address ranges (see kern/rangeset.h).  The sets
 * are small (a memory map has tens of entries), so every operation is a
 * linear pass with array shifts.
 */
#include <stdint.h>
#include <kern/rangeset.h>
#include <kern/string.h>

void
rangeset_init(struct rangeset *s)
{
	s->rs_count = 0;
}

/* Drops the n ranges starting at index i. */
static void
delete_at(struct rangeset *s, unsigned i, unsigned n)
{
	memmove(&s->rs_r[i], &s->rs_r[i + n], (s->rs_count - i - n) * sizeof(s->rs_r[0]));
	s->rs_count -= n;
}

/* Opens a slot at index i for [base, end); the caller checked for room and
 * that the result stays sorted and disjoint. */
static void
insert_at(struct rangeset *s, unsigned i, uint64_t base, uint64_t end)
{
	memmove(&s->rs_r[i + 1], &s->rs_r[i], (s->rs_count - i) * sizeof(s->rs_r[0]));
	s->rs_r[i].base = base;
	s->rs_r[i].end = end;
	s->rs_count++;
}

int
rangeset_add(struct rangeset *s, uint64_t base, uint64_t end)
{
	unsigned i = 0, j;

	if (end <= base) {
		return 0;
	}
	/* Ranges [i, j) overlap or touch [base, end]; they become one. */
	while (i < s->rs_count && s->rs_r[i].end < base) {
		i++;
	}
	j = i;
	while (j < s->rs_count && s->rs_r[j].base <= end) {
		j++;
	}
	/* Nothing to merge with: a new entry, which needs a free slot. */
	if (i == j) {
		if (s->rs_count == RANGESET_MAX) {
			return -1;
		}
		insert_at(s, i, base, end);
		return 0;
	}
	/* Grow the first of them to cover the union, drop the others. */
	if (base < s->rs_r[i].base) {
		s->rs_r[i].base = base;
	}
	s->rs_r[i].end = end > s->rs_r[j - 1].end ? end : s->rs_r[j - 1].end;
	delete_at(s, i + 1, j - i - 1);
	return 0;
}

int
rangeset_remove(struct rangeset *s, uint64_t base, uint64_t end)
{
	unsigned i = 0;

	if (end <= base) {
		return 0;
	}
	/* Each range is below the hole, above it, inside it (deleted),
	 * around it (split), or overlaps one of its edges (trimmed). */
	while (i < s->rs_count) {
		struct range *r = &s->rs_r[i];

		if (r->end <= base) {
			i++;
			continue;
		}
		if (r->base >= end) {
			break;
		}
		if (r->base >= base && r->end <= end) {
			delete_at(s, i, 1);
			continue;
		}
		if (r->base < base && r->end > end) {
			/* The hole is inside r: keep both sides if there is room. */
			if (s->rs_count == RANGESET_MAX) {
				r->end = base;
				return -1;
			}
			insert_at(s, i + 1, end, r->end);
			s->rs_r[i].end = base;
			return 0;
		}
		if (r->base < base) {
			r->end = base;
			i++;
		} else {
			r->base = end;
			break;
		}
	}
	return 0;
}

void
rangeset_align(struct rangeset *s, unsigned shift)
{
	uint64_t mask = (1ULL << shift) - 1;
	unsigned i = 0;

	while (i < s->rs_count) {
		struct range *r = &s->rs_r[i];
		uint64_t b, e;

		/* Rounding the base up must not wrap past the top. */
		e = r->end & ~mask;
		b = r->base > UINT64_MAX - mask ? e : (r->base + mask) & ~mask;
		if (e <= b) {
			delete_at(s, i, 1);
			continue;
		}
		r->base = b;
		r->end = e;
		i++;
	}
}

uint64_t
rangeset_total(const struct rangeset *s)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < s->rs_count; i++) {
		total += s->rs_r[i].end - s->rs_r[i].base;
	}
	return total;
}

bool
rangeset_contains(const struct rangeset *s, uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < s->rs_count; i++) {
		if (s->rs_r[i].base <= base && end <= s->rs_r[i].end) {
			return true;
		}
	}
	return false;
}
