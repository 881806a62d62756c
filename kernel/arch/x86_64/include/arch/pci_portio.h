/*
 * PCI configuration mechanism #1: the 0xCF8 address and 0xCFC data ports.
 * Reaches the first 256 bytes of each function on segment 0.  A spinlock
 * keeps the address/data pair of one access together.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* True when the address port keeps what is written to it, i.e. the
 * mechanism exists. */
bool pci_portio_probe(void);

/* width is 1, 2 or 4 and off must be aligned to it and below 256; reads
 * outside that return all ones, writes are dropped. */
uint32_t pci_portio_read(unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width);
void pci_portio_write(unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width,
    uint32_t value);
