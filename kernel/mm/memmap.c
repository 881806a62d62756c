/*
 * memmap_free_ranges (see kern/memmap.h): the usable entries are merged
 * first, then every other entry and every reservation is cut out, so that
 * the order of the entries never matters and a conflict always resolves to
 * "not free".
 */
#include <stdint.h>
#include <kern/memmap.h>

#define FRAME_MASK 0xfffULL

/* Clamps base + length to the top of the address space. */
static uint64_t
end_of(uint64_t base, uint64_t length)
{
	return length > UINT64_MAX - base ? UINT64_MAX : base + length;
}

/* Cuts [base, end), widened to whole frames, out of free. */
static int
cut(struct rangeset *free, uint64_t base, uint64_t end)
{
	uint64_t e = end > UINT64_MAX - FRAME_MASK ? UINT64_MAX : (end + FRAME_MASK) & ~FRAME_MASK;

	if (end <= base) {
		return 0;
	}
	return rangeset_remove(free, base & ~FRAME_MASK, e);
}

int
memmap_free_ranges(struct rangeset *free, const struct mem_range *map, unsigned n,
    const struct range *res, unsigned nres, uint64_t *usable)
{
	int err = 0;

	rangeset_init(free);
	for (unsigned i = 0; i < n; i++) {
		if (map[i].type == MEM_USABLE &&
		    rangeset_add(free, map[i].base, end_of(map[i].base, map[i].length)) != 0) {
			err = -1;
		}
	}
	rangeset_align(free, 12);
	*usable = rangeset_total(free);
	for (unsigned i = 0; i < n; i++) {
		if (map[i].type != MEM_USABLE &&
		    cut(free, map[i].base, end_of(map[i].base, map[i].length)) != 0) {
			err = -1;
		}
	}
	for (unsigned i = 0; i < nres; i++) {
		if (cut(free, res[i].base, res[i].end) != 0) {
			err = -1;
		}
	}
	return err;
}
