/*
 * A set of physical address ranges, kept sorted, disjoint and merged.
 *
 * The frame allocator uses it to turn the firmware memory map (unsorted,
 * possibly overlapping) into the list of frames it may hand out: add every
 * usable range, then remove every reservation.  The paging code uses it to
 * merge the ranges it direct-maps.  Pure code with a fixed capacity, no
 * locking (callers own their sets); unit-tested on the host.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define RANGESET_MAX 256

struct range {
	uint64_t base;
	uint64_t end; /* exclusive; end > base */
};

struct rangeset {
	unsigned rs_count;
	struct range rs_r[RANGESET_MAX]; /* sorted by base, gaps between */
};

void rangeset_init(struct rangeset *s);

/* Adds [base, end), merging with overlapping or touching ranges.  An empty
 * range is ignored.  Returns 0, or -1 when the set is full (it is left
 * unchanged). */
int rangeset_add(struct rangeset *s, uint64_t base, uint64_t end);

/* Removes [base, end) from the set, splitting a range when needed.  Returns
 * 0, or -1 when a split would overflow the set; the set then keeps the part
 * above the hole dropped, which never hands out a reserved address. */
int rangeset_remove(struct rangeset *s, uint64_t base, uint64_t end);

/* Shrinks every range to whole pages of 2^shift bytes (base rounded up, end
 * rounded down), dropping the ones that become empty. */
void rangeset_align(struct rangeset *s, unsigned shift);

/* The number of bytes the set covers. */
uint64_t rangeset_total(const struct rangeset *s);

/* Whether [base, end) lies wholly inside one range of the set. */
bool rangeset_contains(const struct rangeset *s, uint64_t base, uint64_t end);
