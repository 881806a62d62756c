/*
 * PCI configuration mechanism #1 (see arch/pci_portio.h).  The address
 * register at 0xCF8 selects bus, device, function and dword; the 4 bytes
 * at 0xCFC-0xCFF are that dword, so a byte or word access uses the data
 * port plus the offset's low bits.
 */
#include <arch/io.h>
#include <arch/pci_portio.h>
#include <kern/spinlock.h>

#define PCI_ADDR_PORT 0xcf8
#define PCI_DATA_PORT 0xcfc
#define PCI_ADDR_ENABLE 0x80000000u

/* Held from writing the address port to the data access, so another
 * CPU cannot redirect the access in between.  Interrupts are off meanwhile
 * in case a handler also reads configuration space. */
static struct spinlock portio_lock = SPINLOCK_INIT("pci_portio");

/* In range, and naturally aligned so the access stays in one dword. */
static bool
valid(unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width)
{
	if (bus > 255 || dev > 31 || fn > 7 || off > 255) {
		return false;
	}
	if (width != 1 && width != 2 && width != 4) {
		return false;
	}
	return (off & (width - 1)) == 0;
}

/* Enable bit 31, bus in 23:16, device 15:11, function 10:8, dword 7:2. */
static uint32_t
address(unsigned bus, unsigned dev, unsigned fn, unsigned off)
{
	return PCI_ADDR_ENABLE | bus << 16 | dev << 11 | fn << 8 | (off & 0xfc);
}

/* Mechanism #1 latches a 32-bit write to 0xCF8; the old mechanism #2 and
 * machines without PCI do not read the same value back. */
bool
pci_portio_probe(void)
{
	bool was = spin_lock_irqsave(&portio_lock);
	uint32_t saved = inl(PCI_ADDR_PORT);

	outl(PCI_ADDR_PORT, PCI_ADDR_ENABLE);
	bool ok = inl(PCI_ADDR_PORT) == PCI_ADDR_ENABLE;
	outl(PCI_ADDR_PORT, saved);
	spin_unlock_irqrestore(&portio_lock, was);
	return ok;
}

uint32_t
pci_portio_read(unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width)
{
	uint32_t v;

	if (!valid(bus, dev, fn, off, width)) {
		return 0xffffffffu;
	}
	bool was = spin_lock_irqsave(&portio_lock);
	outl(PCI_ADDR_PORT, address(bus, dev, fn, off));
	switch (width) {
	case 1:
		v = inb(PCI_DATA_PORT + (off & 3));
		break;
	case 2:
		v = inw(PCI_DATA_PORT + (off & 2));
		break;
	default:
		v = inl(PCI_DATA_PORT);
		break;
	}
	spin_unlock_irqrestore(&portio_lock, was);
	return v;
}

void
pci_portio_write(unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width,
    uint32_t value)
{
	if (!valid(bus, dev, fn, off, width)) {
		return;
	}
	bool was = spin_lock_irqsave(&portio_lock);
	outl(PCI_ADDR_PORT, address(bus, dev, fn, off));
	switch (width) {
	case 1:
		outb(PCI_DATA_PORT + (off & 3), (uint8_t)value);
		break;
	case 2:
		outw(PCI_DATA_PORT + (off & 2), (uint16_t)value);
		break;
	default:
		outl(PCI_DATA_PORT, value);
		break;
	}
	spin_unlock_irqrestore(&portio_lock, was);
}
