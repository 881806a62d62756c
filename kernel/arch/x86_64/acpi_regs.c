/*
 * Generic Address Structure access on x86 (see arch/acpi_regs.h): the
 * three address spaces the fixed ACPI registers use on PCs.
 */
#include <xinim/errno.h>
#include <arch/acpi_regs.h>
#include <arch/io.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/pci_portio.h>

/* The access width in bytes: the explicit access size, else the register's
 * bit width rounded up to a power of two; 0 if it makes no sense. */
static unsigned
access_bytes(const struct acpi_gas *g)
{
	if (g->access_size >= 1 && g->access_size <= 4) {
		return 1u << (g->access_size - 1);
	}
	if (g->access_size != 0) {
		return 0;
	}
	if (g->bit_width <= 8) {
		return 1;
	}
	if (g->bit_width <= 16) {
		return 2;
	}
	if (g->bit_width <= 32) {
		return 4;
	}
	return g->bit_width <= 64 ? 8 : 0;
}

/* System I/O space: ports are 16-bit and accesses at most 32 bits wide. */
static int
io_access(uint16_t port, unsigned bytes, uint64_t *value, bool write)
{
	switch (bytes) {
	case 1:
		if (write) {
			outb(port, (uint8_t)*value);
		} else {
			*value = inb(port);
		}
		return 0;
	case 2:
		if (write) {
			outw(port, (uint16_t)*value);
		} else {
			*value = inw(port);
		}
		return 0;
	case 4:
		if (write) {
			outl(port, (uint32_t)*value);
		} else {
			*value = inl(port);
		}
		return 0;
	default:
		return -ENOTSUP;
	}
}

/*
 * System memory: an uncached mapping of the register's page.  The last
 * page mapped is kept, since mappings are never removed and a polling loop
 * (waiting for SCI_EN) would otherwise use up address space.
 */
static int
mem_access(uint64_t phys, unsigned bytes, uint64_t *value, bool write)
{
	static uint64_t cached_page = ~0ull;
	static volatile uint8_t *cached_va;
	uint64_t page = phys & ~(uint64_t)(PAGE_SIZE - 1);

	if ((phys & (bytes - 1)) != 0) {
		return -ENOTSUP;
	}
	if (page != cached_page || cached_va == NULL) {
		cached_va = vm_map_mmio(page, PAGE_SIZE);
		cached_page = page;
	}
	if (cached_va == NULL) {
		return -ENOTSUP;
	}
	volatile void *p = cached_va + (phys - page);
	switch (bytes) {
	case 1:
		if (write) {
			*(volatile uint8_t *)p = (uint8_t)*value;
		} else {
			*value = *(volatile uint8_t *)p;
		}
		return 0;
	case 2:
		if (write) {
			*(volatile uint16_t *)p = (uint16_t)*value;
		} else {
			*value = *(volatile uint16_t *)p;
		}
		return 0;
	case 4:
		if (write) {
			mmio_write32(p, (uint32_t)*value);
		} else {
			*value = mmio_read32(p);
		}
		return 0;
	default:
		if (write) {
			mmio_write64(p, *value);
		} else {
			*value = mmio_read64(p);
		}
		return 0;
	}
}

/*
 * PCI configuration space on bus 0: the address holds the device in bits
 * 47:32, the function in bits 31:16 and the register offset in bits 15:0.
 */
static int
pci_access(uint64_t addr, unsigned bytes, uint64_t *value, bool write)
{
	unsigned dev = (addr >> 32) & 0xffff, fn = (addr >> 16) & 0xffff;
	unsigned off = addr & 0xffff;

	if (dev > 31 || fn > 7 || off > 255 || bytes > 4 || (off & (bytes - 1)) != 0) {
		return -ENOTSUP;
	}
	if (write) {
		pci_portio_write(0, dev, fn, off, bytes, (uint32_t)*value);
	} else {
		*value = pci_portio_read(0, dev, fn, off, bytes);
	}
	return 0;
}

/* Dispatches on the address space; the value is already shifted. */
static int
gas_access(const struct acpi_gas *g, uint64_t *value, bool write)
{
	unsigned bytes = access_bytes(g);

	if (g->address == 0) {
		return -ENODEV;
	}
	if (bytes == 0) {
		return -ENOTSUP;
	}
	switch (g->space) {
	case ACPI_SPACE_IO:
		if (g->address > 0xffff) {
			return -ENOTSUP;
		}
		return io_access((uint16_t)g->address, bytes, value, write);
	case ACPI_SPACE_MEMORY:
		return mem_access(g->address, bytes, value, write);
	case ACPI_SPACE_PCI_CONFIG:
		return pci_access(g->address, bytes, value, write);
	default:
		return -ENOTSUP;
	}
}

int
arch_acpi_read(const struct acpi_gas *g, uint64_t *value)
{
	int err = gas_access(g, value, false);

	if (err == 0 && g->bit_offset < 64) {
		*value >>= g->bit_offset;
	}
	return err;
}

int
arch_acpi_write(const struct acpi_gas *g, uint64_t value)
{
	uint64_t v = g->bit_offset < 64 ? value << g->bit_offset : 0;

	return gas_access(g, &v, true);
}

/* Port 0x80 is the POST code port: writes go nowhere but take about a
 * microsecond on the ISA/LPC bus, which is all the precision needed here. */
void
arch_acpi_delay_us(unsigned us)
{
	for (unsigned i = 0; i < us; i++) {
		outb(0x80, 0);
	}
}
