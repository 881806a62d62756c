/*
 * IOAPIC redirection tables (82093AA datasheet; Intel SDM vol. 3, 11.6).
 * Registers are reached indirectly: write the register number to IOREGSEL
 * (offset 0x00), then read or write IOWIN (offset 0x10).  Register 1 holds
 * the highest entry number in bits 16-23; entry n is registers 0x10+2n
 * (low word: vector, modes, mask) and 0x11+2n (high word: destination in
 * bits 24-31).  Because selection and access are two steps, each IOAPIC
 * has a lock.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/io.h>
#include <arch/ioapic.h>
#include <arch/paging.h>
#include <kern/log.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_ENTRY 0x10
#define IOAPIC_MMIO_SIZE 0x20

/* Low word of an entry: vector in bits 0-7; delivery mode (bits 8-10)
 * and destination mode (bit 11) stay 0, fixed and physical. */
#define ENTRY_ACTIVE_LOW (1U << 13) /* polarity */
#define ENTRY_LEVEL (1U << 15)      /* trigger mode */
#define ENTRY_MASKED (1U << 16)

#define ISA_IRQS 16

struct ioapic {
	uint8_t io_id;
	uint64_t io_phys;
	volatile uint8_t *io_regs;
	uint32_t io_gsi_base;
	uint32_t io_pins;        /* entries in the redirection table */
	struct spinlock io_lock; /* IOREGSEL/IOWIN pairs */
};

/* Filled by ioapic_add() on the boot CPU before anything routes; read
 * only afterwards, so lookups need no lock. */
static struct ioapic ioapics[IOAPIC_MAX];
static unsigned ioapic_n;

/* ISA IRQ to GSI and flags; an IRQ without an override maps to itself. */
static struct {
	bool set;
	uint32_t gsi;
	unsigned flags;
} isa_override[ISA_IRQS];

/* Register access; the caller holds io_lock (or is alone, at init). */
static uint32_t
reg_read(struct ioapic *io, uint32_t reg)
{
	mmio_write32(io->io_regs + IOREGSEL, reg);
	return mmio_read32(io->io_regs + IOWIN);
}

static void
reg_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	mmio_write32(io->io_regs + IOREGSEL, reg);
	mmio_write32(io->io_regs + IOWIN, v);
}

/* The IOAPIC whose pins include gsi, or NULL. */
static struct ioapic *
ioapic_for(uint32_t gsi)
{
	for (unsigned i = 0; i < ioapic_n; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->io_gsi_base && gsi - io->io_gsi_base < io->io_pins) {
			return io;
		}
	}
	return NULL;
}

/*
 * The number of pins is read from the chip rather than assumed (24 on
 * the usual 82093AA-compatible parts), and a GSI range that overlaps an
 * earlier IOAPIC's is refused: a GSI must have one owner.
 */
int
ioapic_add(uint8_t id, uint64_t phys, uint32_t gsi_base)
{
	struct ioapic *io;
	uint32_t ver, pins;

	if (ioapic_n == IOAPIC_MAX) {
		pr_err("ioapic %u: more than %u IOAPICs, ignored\n", id, IOAPIC_MAX);
		return -ENOSPC;
	}
	io = &ioapics[ioapic_n];
	io->io_regs = vm_map_mmio(phys, IOAPIC_MMIO_SIZE);
	if (io->io_regs == NULL) {
		pr_err("ioapic %u: cannot map registers at %#lx\n", id, phys);
		return -ENOMEM;
	}
	ver = reg_read(io, IOAPIC_REG_VER);
	if (ver == 0xFFFFFFFF) {
		pr_err("ioapic %u: nothing answers at %#lx\n", id, phys);
		return -ENODEV;
	}
	pins = ((ver >> 16) & 0xFF) + 1;
	for (unsigned i = 0; i < ioapic_n; i++) {
		const struct ioapic *o = &ioapics[i];

		if (gsi_base < o->io_gsi_base + o->io_pins && o->io_gsi_base < gsi_base + pins) {
			pr_err("ioapic %u: GSIs %u-%u overlap ioapic %u's, ignored\n", id, gsi_base,
			    gsi_base + pins - 1, o->io_id);
			return -EEXIST;
		}
	}
	io->io_id = id;
	io->io_phys = phys;
	io->io_gsi_base = gsi_base;
	io->io_pins = pins;
	io->io_lock = (struct spinlock)SPINLOCK_INIT("ioapic");
	/* Mask everything the firmware may have left routed; the vector
	 * field is left 0, which the ISA-era defaults also use. */
	for (uint32_t pin = 0; pin < pins; pin++) {
		reg_write(io, IOAPIC_REG_ENTRY + 2 * pin, ENTRY_MASKED);
		reg_write(io, IOAPIC_REG_ENTRY + 2 * pin + 1, 0);
	}
	ioapic_n++;
	pr_info("ioapic %u: GSIs %u-%u at %#lx\n", id, gsi_base, gsi_base + pins - 1, phys);
	return 0;
}

unsigned
ioapic_count(void)
{
	return ioapic_n;
}

void
ioapic_set_override(uint8_t isa_irq, uint32_t gsi, unsigned flags)
{
	if (isa_irq >= ISA_IRQS) {
		pr_warn("ioapic: override for ISA IRQ %u (not an ISA IRQ) ignored\n", isa_irq);
		return;
	}
	isa_override[isa_irq].set = true;
	isa_override[isa_irq].gsi = gsi;
	isa_override[isa_irq].flags = flags;
	pr_debug("ioapic: ISA IRQ %u -> GSI %u%s%s\n", isa_irq, gsi,
	    (flags & IOAPIC_LEVEL) ? ", level" : "", (flags & IOAPIC_LOW) ? ", active low" : "");
}

/* On QEMU and most PCs the overrides move the PIT (IRQ 0) to GSI 2 and
 * make the ACPI SCI (IRQ 9) level-triggered. */
uint32_t
ioapic_isa_to_gsi(uint8_t irq, unsigned *flags)
{
	uint32_t gsi = irq;
	unsigned f = IOAPIC_EDGE | IOAPIC_HIGH;

	if (irq < ISA_IRQS && isa_override[irq].set) {
		gsi = isa_override[irq].gsi;
		f = isa_override[irq].flags;
	}
	if (flags != NULL) {
		*flags = f;
	}
	return gsi;
}

/* The entry is written masked, so that a half-written entry (new
 * destination, old vector) can never deliver. */
int
ioapic_route(uint32_t gsi, uint8_t vector, uint32_t dest_apic_id, unsigned flags)
{
	struct ioapic *io = ioapic_for(gsi);
	uint32_t low = ENTRY_MASKED | vector, reg;
	bool was;

	if (io == NULL) {
		return -ENOENT;
	}
	/* Physical destination mode has 8 bits; more needs interrupt
	 * remapping, which XINIM does not use. */
	if (dest_apic_id > 0xFF) {
		return -ERANGE;
	}
	if (flags & IOAPIC_LEVEL) {
		low |= ENTRY_LEVEL;
	}
	if (flags & IOAPIC_LOW) {
		low |= ENTRY_ACTIVE_LOW;
	}
	reg = IOAPIC_REG_ENTRY + 2 * (gsi - io->io_gsi_base);
	was = spin_lock_irqsave(&io->io_lock);
	/* Mask, then the destination, then vector and modes (still masked). */
	reg_write(io, reg, ENTRY_MASKED);
	reg_write(io, reg + 1, dest_apic_id << 24);
	reg_write(io, reg, low);
	spin_unlock_irqrestore(&io->io_lock, was);
	return 0;
}

/* Sets or clears the mask bit of gsi's entry, leaving the rest; a
 * read-modify-write of the low word, hence under the lock. */
static int
ioapic_set_mask(uint32_t gsi, bool masked)
{
	struct ioapic *io = ioapic_for(gsi);
	uint32_t reg, low;
	bool was;

	if (io == NULL) {
		return -ENOENT;
	}
	reg = IOAPIC_REG_ENTRY + 2 * (gsi - io->io_gsi_base);
	was = spin_lock_irqsave(&io->io_lock);
	low = reg_read(io, reg);
	low = masked ? (low | ENTRY_MASKED) : (low & ~ENTRY_MASKED);
	reg_write(io, reg, low);
	spin_unlock_irqrestore(&io->io_lock, was);
	return 0;
}

int
ioapic_mask(uint32_t gsi)
{
	return ioapic_set_mask(gsi, true);
}

int
ioapic_unmask(uint32_t gsi)
{
	return ioapic_set_mask(gsi, false);
}

int
ioapic_read_entry(uint32_t gsi, uint64_t *entry)
{
	struct ioapic *io = ioapic_for(gsi);
	uint32_t reg;
	bool was;

	if (io == NULL) {
		return -ENOENT;
	}
	reg = IOAPIC_REG_ENTRY + 2 * (gsi - io->io_gsi_base);
	was = spin_lock_irqsave(&io->io_lock);
	*entry = ((uint64_t)reg_read(io, reg + 1) << 32) | reg_read(io, reg);
	spin_unlock_irqrestore(&io->io_lock, was);
	return 0;
}
