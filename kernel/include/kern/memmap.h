/*
 * From a firmware memory map to the set of frames the kernel may allocate.
 *
 * The map may be unsorted, have overlapping entries and empty ones.  The
 * rule: an address is free when some entry calls it usable, no entry calls
 * it anything else, and it lies in no reservation the kernel names; only
 * whole 4 KiB frames count.  Pure code, unit-tested on the host.
 */
#pragma once
#include <stdint.h>
#include <kern/bootinfo.h>
#include <kern/rangeset.h>

/* Fills free with the free frames of map[0..n) minus the reservations
 * res[0..nres) (any alignment; widened to whole frames).  *usable gets the
 * bytes of whole frames the map calls usable, before anything is taken
 * away.  Returns 0, or -1 when the map had more pieces than a rangeset
 * holds (free then misses some memory but never holds a reserved frame). */
int memmap_free_ranges(struct rangeset *free, const struct mem_range *map, unsigned n,
    const struct range *res, unsigned nres, uint64_t *usable);
