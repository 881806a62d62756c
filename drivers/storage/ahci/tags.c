/*
 * The command-slot allocator (tags.h): a bitmap, lowest slot first.
 */
#include "tags.h"

void
ahci_tags_init(struct ahci_tags *t, unsigned depth)
{
	t->tg_busy = 0;
	t->tg_depth = depth == 0 ? 1 : depth > 32 ? 32 : depth;
}

int
ahci_tags_get(struct ahci_tags *t)
{
	uint32_t usable = t->tg_depth == 32 ? 0xffffffffu : (1u << t->tg_depth) - 1;
	uint32_t free = ~t->tg_busy & usable;
	int slot;

	if (free == 0) {
		return -1;
	}
	slot = __builtin_ctz(free);
	t->tg_busy |= 1u << slot;
	return slot;
}

void
ahci_tags_put(struct ahci_tags *t, unsigned slot)
{
	if (slot < 32) {
		t->tg_busy &= ~(1u << slot);
	}
}

unsigned
ahci_tags_busy(const struct ahci_tags *t)
{
	return ahci_bits(t->tg_busy);
}

unsigned
ahci_bits(uint32_t mask)
{
	unsigned n = 0;

	for (; mask != 0; mask &= mask - 1) {
		n++;
	}
	return n;
}
