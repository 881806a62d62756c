/*
 * Pure checks of a privilege record (xinim/priv.h) against what a process
 * asks for: an IRQ line, an MMIO window, and the I/O permission bitmap its
 * port ranges give.  Nothing here touches hardware or locks, so the rules
 * are unit-tested on the host (tests/unit/test_priv.c); kernel calls use
 * them before they change anything.
 *
 * A record comes from user space through KC_PROC_SETPRIV, so every count in
 * it is clamped to its array's size rather than trusted.  KC_DEV_GRANT may
 * grow the lists of a running process's record meanwhile: counts are read
 * with acquire loads (see kern/priv_grant.h).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/bootinfo.h>
#include <xinim/priv.h>

#define RES_IO_PORTS 65536
#define RES_IOBITMAP_BYTES (RES_IO_PORTS / 8) /* one bit per port, 1 = denied */

/* Whether the record lists IRQ line `line`. */
bool res_check_irq(const struct priv_desc *pd, unsigned line);

/* Whether the record lists the PCI function bdf (pd_dev). */
bool res_check_dev(const struct priv_desc *pd, uint32_t bdf);

/* Whether [phys, phys+len) lies inside one of the record's MMIO ranges.
 * Returns 0, -EINVAL for a zero length or a range that wraps, -EPERM when
 * no range holds it. */
int res_check_mmio(const struct priv_desc *pd, uint64_t phys, uint64_t len);

/* Whether [base, end) touches RAM according to the firmware memory map
 * (usable, ACPI reclaimable or NVS ranges): such frames are never MMIO,
 * whatever a privilege record says. */
bool res_check_is_ram(const struct mem_range *map, unsigned n, uint64_t base, uint64_t end);

/* Clears the bits of ports [base, base+count) (cut at 65535) in bitmap,
 * allowing them; returns how many were still set. */
unsigned res_check_io_open(uint8_t *bitmap, uint32_t base, uint32_t count);

/* Fills bitmap (RES_IOBITMAP_BYTES) in the TSS format: a clear bit allows
 * the port.  Ranges past port 65535 are cut there.  Returns the number of
 * ports allowed (0: the process needs no bitmap). */
unsigned res_check_io_bitmap(const struct priv_desc *pd, uint8_t *bitmap);
