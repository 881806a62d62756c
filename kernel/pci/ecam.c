/*
 * Enhanced Configuration Access Mechanism: each function's 4 KiB of
 * configuration space at a fixed place in a memory window,
 *
 *   base + (bus << 20 | dev << 15 | fn << 12 | offset)
 *
 * where base, from the MCFG, is the address bus 0 would have even when a
 * window starts at a higher bus.  Each bus's 1 MiB is mapped on first use,
 * so a 256-bus window does not cost 256 MiB of address space up front.
 */
#include <xinim/errno.h>
#include <arch/paging.h>
#include <kern/log.h>
#include <kern/spinlock.h>
#include "pci_internal.h"

#define ECAM_BUS_SIZE (1u << 20)

static struct acpi_mcfg_segment windows[ACPI_MAX_MCFG];
static unsigned window_count;

/* Mapped buses, per window; set once under map_lock, then only read. */
static volatile uint8_t *bus_map[ACPI_MAX_MCFG][256];
static struct spinlock map_lock = SPINLOCK_INIT("pci_ecam");
static bool map_warned[ACPI_MAX_MCFG];

int
pci_ecam_init(const struct acpi_mcfg_info *mcfg)
{
	window_count = 0;
	for (unsigned i = 0; i < mcfg->count && i < ACPI_MAX_MCFG; i++) {
		windows[window_count++] = mcfg->segments[i];
	}
	return window_count > 0 ? 0 : -ENODEV;
}

/* The configuration space of one function, or NULL if no window covers
 * it or its bus cannot be mapped. */
static volatile uint8_t *
function_base(unsigned seg, unsigned bus, unsigned dev, unsigned fn)
{
	for (unsigned w = 0; w < window_count; w++) {
		const struct acpi_mcfg_segment *s = &windows[w];
		if (s->segment != seg || bus < s->bus_start || bus > s->bus_end) {
			continue;
		}
		volatile uint8_t *b = __atomic_load_n(&bus_map[w][bus], __ATOMIC_ACQUIRE);
		if (b == NULL) {
			bool was = spin_lock_irqsave(&map_lock);
			b = bus_map[w][bus];
			if (b == NULL) {
				b = vm_map_mmio(s->base + ((uint64_t)bus << 20), ECAM_BUS_SIZE);
				__atomic_store_n(&bus_map[w][bus], b, __ATOMIC_RELEASE);
			}
			spin_unlock_irqrestore(&map_lock, was);
			if (b == NULL) {
				if (!map_warned[w]) {
					pr_warn("pci: cannot map ECAM for bus %u at %#lx\n", bus,
					    (unsigned long)(s->base + ((uint64_t)bus << 20)));
					map_warned[w] = true;
				}
				return NULL;
			}
		}
		return b + (dev << 15 | fn << 12);
	}
	return NULL;
}

static uint32_t
ecam_read(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width)
{
	volatile uint8_t *f = function_base(seg, bus, dev, fn);

	if (f == NULL) {
		return 0xffffffffu;
	}
	switch (width) {
	case 1:
		return *(volatile uint8_t *)(f + off);
	case 2:
		return *(volatile uint16_t *)(f + off);
	default:
		return *(volatile uint32_t *)(f + off);
	}
}

static void
ecam_write(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width,
    uint32_t value)
{
	volatile uint8_t *f = function_base(seg, bus, dev, fn);

	if (f == NULL) {
		return;
	}
	switch (width) {
	case 1:
		*(volatile uint8_t *)(f + off) = (uint8_t)value;
		break;
	case 2:
		*(volatile uint16_t *)(f + off) = (uint16_t)value;
		break;
	default:
		*(volatile uint32_t *)(f + off) = value;
		break;
	}
}

const struct pci_access pci_ecam_access = {
	.name = "ECAM",
	.limit = 4096,
	.read = ecam_read,
	.write = ecam_write,
};
