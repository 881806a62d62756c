/*
 * I/O APICs: the routers from global system interrupts (GSIs: the pins of
 * all IOAPICs, numbered from each one's base) to CPU vectors.  Every
 * entry starts masked; ioapic_route() programs one entry (still masked)
 * and ioapic_unmask() lets it through.  ISA IRQs map to the GSI of the
 * same number, edge-triggered and active high, unless the firmware
 * declared an override (ioapic_set_override(), from the ACPI MADT).
 * Entries are programmed under a lock (irqsave): callable from any CPU
 * once ioapic_add() has run on the boot CPU.
 */
#pragma once
#include <stdint.h>

#define IOAPIC_MAX 16

/* ioapic_route() flags; 0 means edge-triggered, active high. */
#define IOAPIC_EDGE 0
#define IOAPIC_HIGH 0
#define IOAPIC_LEVEL (1U << 0) /* level-triggered */
#define IOAPIC_LOW (1U << 1)   /* active low */

/* Registers the IOAPIC with APIC id `id` whose registers are at phys and
 * whose first pin is GSI gsi_base; masks all its entries and logs its GSI
 * range.  Boot CPU, before any other ioapic_* call.  Returns 0, -ENOSPC
 * past IOAPIC_MAX, -ENOMEM if it cannot be mapped, -ENODEV if nothing
 * answers there, or -EEXIST when its GSIs overlap another's. */
int ioapic_add(uint8_t id, uint64_t phys, uint32_t gsi_base);

/* How many IOAPICs were added. */
unsigned ioapic_count(void);

/* Records an ACPI interrupt source override: ISA IRQ isa_irq arrives on
 * gsi with IOAPIC_* flags (the caller resolves the MADT's "conforms to
 * the bus" to the ISA defaults, edge and active high).  Boot CPU, at
 * init. */
void ioapic_set_override(uint8_t isa_irq, uint32_t gsi, unsigned flags);

/* The GSI ISA IRQ irq arrives on, and its IOAPIC_* flags in *flags
 * (flags may be NULL).  IRQs above 15 map to themselves. */
uint32_t ioapic_isa_to_gsi(uint8_t irq, unsigned *flags);

/* Routes gsi to vector on the CPU whose APIC id is dest_apic_id (fixed
 * delivery, physical destination), with IOAPIC_* flags.  The entry is
 * left masked.  Returns 0, -ENOENT when no IOAPIC serves gsi, or -ERANGE
 * when dest_apic_id is above 255 (that needs interrupt remapping). */
int ioapic_route(uint32_t gsi, uint8_t vector, uint32_t dest_apic_id, unsigned flags);

/* Masks or unmasks gsi's entry.  Return 0 or -ENOENT. */
int ioapic_mask(uint32_t gsi);
int ioapic_unmask(uint32_t gsi);

/* Reads gsi's redirection entry (for tests and diagnostics); returns 0
 * or -ENOENT. */
int ioapic_read_entry(uint32_t gsi, uint64_t *entry);
