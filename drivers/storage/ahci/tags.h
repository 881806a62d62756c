/*
 * Command slots (NCQ tags) of one port: which of the 32 are free, within
 * the depth the HBA and the device allow.  Pure, for the host tests.
 */
#pragma once
#include <stdint.h>

struct ahci_tags {
	uint32_t tg_busy;  /* bit n: slot n holds a command */
	unsigned tg_depth; /* usable slots: 0 .. tg_depth - 1 */
};

/* Makes all depth (1..32; clamped) slots free. */
void ahci_tags_init(struct ahci_tags *t, unsigned depth);

/* The lowest free slot, now busy, or -1 when all are busy. */
int ahci_tags_get(struct ahci_tags *t);

/* Frees slot (a busy one; others are ignored). */
void ahci_tags_put(struct ahci_tags *t, unsigned slot);

/* How many slots are busy. */
unsigned ahci_tags_busy(const struct ahci_tags *t);

/* How many bits of mask are set (no libgcc in user space). */
unsigned ahci_bits(uint32_t mask);
