/*
 * PCI enumeration and configuration access (see kern/pci.h).
 *
 * The walk starts at each root bus (bus 0, plus one bus per extra function
 * of a multi-function host bridge at 00:00), visits every device and, for
 * multi-function devices, every function, and descends through PCI-PCI
 * bridges into the secondary bus firmware assigned.  A bus is visited at
 * most once, so a miswired bridge cannot make the walk loop.
 */
#include <xinim/errno.h>
#include <xinim/pci.h>
#include <arch/pci_portio.h>
#include <kern/acpi.h>
#include <kern/log.h>
#include <kern/pci.h>
#include <kern/string.h>
#include "pci_internal.h"

#define HEADER_MULTIFUNCTION 0x80
#define HEADER_TYPE_MASK 0x7f
#define MAX_BRIDGE_DEPTH 32

/* Written only by pci_init() on the boot CPU, read-only afterwards. */
static struct pci_device devices[PCI_MAX_DEVICES];
static unsigned device_count;
static unsigned bus_count;
static bool overflowed;                 /* the table filled up; warned once */
static const struct pci_access *access; /* NULL: no configuration space */

/* Per segment during the walk: buses already visited. */
static uint8_t bus_seen[256 / 8];

/* Port I/O knows no segments: only segment 0 is reachable through it. */
static uint32_t
portio_read(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width)
{
	return seg == 0 ? pci_portio_read(bus, dev, fn, off, width) : 0xffffffffu;
}

static void
portio_write(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off, unsigned width,
    uint32_t value)
{
	if (seg == 0) {
		pci_portio_write(bus, dev, fn, off, width, value);
	}
}

static const struct pci_access portio_access = {
	.name = "port I/O",
	.limit = 256,
	.read = portio_read,
	.write = portio_write,
};

/* A config access must be 1, 2 or 4 bytes, naturally aligned, and inside
 * what the current method reaches (4 KiB for ECAM, 256 bytes by ports). */
static bool
args_ok(const struct pci_device *d, unsigned off, unsigned width)
{
	if (d == NULL || access == NULL) {
		return false;
	}
	if (width != 1 && width != 2 && width != 4) {
		return false;
	}
	return (off & (width - 1)) == 0 && off + width <= access->limit;
}

uint32_t
pci_config_read(const struct pci_device *d, unsigned off, unsigned width)
{
	if (!args_ok(d, off, width)) {
		return 0xffffffffu;
	}
	return access->read(d->segment, d->bus, d->dev, d->fn, off, width);
}

void
pci_config_write(const struct pci_device *d, unsigned off, unsigned width, uint32_t value)
{
	if (args_ok(d, off, width)) {
		access->write(d->segment, d->bus, d->dev, d->fn, off, width, value);
	}
}

unsigned
pci_device_count(void)
{
	return device_count;
}

const struct pci_device *
pci_device_at(unsigned i)
{
	return i < device_count ? &devices[i] : NULL;
}

const struct pci_device *
pci_device_find(uint32_t bdf)
{
	for (unsigned i = 0; i < device_count; i++) {
		const struct pci_device *d = &devices[i];

		if (PCI_BDF(d->segment, d->bus, d->dev, d->fn) == bdf) {
			return d;
		}
	}
	return NULL;
}

unsigned
pci_config_size(void)
{
	return access != NULL ? access->limit : 0;
}

/* The capability decoder's view of one function. */
static uint32_t
caps_read(void *ctx, unsigned off, unsigned width)
{
	return pci_config_read(ctx, off, width);
}

/*
 * Sizes the BARs: with decoding off, write all ones to each slot, read
 * back what stuck, and put the old value back.  Host bridges keep decoding
 * on, since turning it off there can cut the CPU off from memory.
 */
static void
size_bars(struct pci_device *d)
{
	uint32_t vals[PCI_NUM_BARS], masks[PCI_NUM_BARS];
	uint16_t cmd = pci_config_read(d, PCI_COMMAND, 2);
	bool host_bridge = d->class_code == 0x06 && d->subclass == 0x00;

	if (!host_bridge) {
		pci_config_write(d, PCI_COMMAND, 2, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	}
	for (unsigned i = 0; i < d->bar_count; i++) {
		unsigned off = PCI_BAR0 + 4 * i;
		vals[i] = pci_config_read(d, off, 4);
		pci_config_write(d, off, 4, 0xffffffffu);
		masks[i] = pci_config_read(d, off, 4);
		pci_config_write(d, off, 4, vals[i]);
	}
	if (!host_bridge) {
		pci_config_write(d, PCI_COMMAND, 2, cmd);
	}

	/* A 64-bit BAR consumes two slots; an invalid one is skipped alone. */
	for (unsigned i = 0; i < d->bar_count;) {
		int used = pci_bar_decode(vals, masks, i, d->bar_count, &d->bars[i]);
		if (used < 0) {
			pr_warn("pci %02x:%02x.%x: bar%u (%#x) is invalid, ignored\n", d->bus,
			    d->dev, d->fn, i, vals[i]);
			used = 1;
		}
		i += used;
	}
}

/* Fills the record of one present function: identity from the common
 * header, the type-specific fields, then BARs and capabilities.  Kept out
 * of line so its buffers stay out of the recursive walk's frames. */
static __attribute__((noinline)) void
read_function(struct pci_device *d)
{
	uint8_t header = pci_config_read(d, PCI_HEADER_TYPE, 1);

	d->vendor = pci_config_read(d, PCI_VENDOR_ID, 2);
	d->device = pci_config_read(d, PCI_DEVICE_ID, 2);
	d->revision = pci_config_read(d, PCI_REVISION, 1);
	d->prog_if = pci_config_read(d, PCI_PROG_IF, 1);
	d->subclass = pci_config_read(d, PCI_SUBCLASS, 1);
	d->class_code = pci_config_read(d, PCI_CLASS, 1);
	d->header_type = header & HEADER_TYPE_MASK;
	d->multifunction = (header & HEADER_MULTIFUNCTION) != 0;
	d->irq_pin = pci_config_read(d, PCI_INTERRUPT_PIN, 1);
	d->irq_line = pci_config_read(d, PCI_INTERRUPT_LINE, 1);
	/* Header type 0 is an ordinary device, 1 a PCI-PCI bridge with two
	 * BARs and bus numbers, 2 a CardBus bridge with one register BAR. */
	switch (d->header_type) {
	case 0:
		d->bar_count = 6;
		break;
	case 1:
		d->bar_count = 2;
		d->secondary_bus = pci_config_read(d, PCI_SECONDARY_BUS, 1);
		d->subordinate_bus = pci_config_read(d, PCI_SUBORDINATE_BUS, 1);
		break;
	case 2:
		d->bar_count = 1;
		break;
	default:
		d->bar_count = 0;
		break;
	}
	/* Pins are 1..4 (INTA#..INTD#); anything else means no pin. */
	if (d->irq_pin > 4) {
		d->irq_pin = 0;
	}
	size_bars(d);
	pci_caps_parse(caps_read, d, d);
}

static void scan_bus(unsigned seg, unsigned bus, unsigned depth);

/* Records one function and follows it if it is a bridge; returns false
 * when nothing answers at that address. */
static bool
visit_function(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned depth,
    bool *multifunction)
{
	/* Nothing decodes this address: the read ends as all ones.  (No
	 * struct pci_device on the stack here: this frame recurses.) */
	if (access->read(seg, bus, dev, fn, PCI_VENDOR_ID, 2) == 0xffff) {
		return false;
	}
	if (device_count == PCI_MAX_DEVICES) {
		if (!overflowed) {
			pr_warn("pci: more than %u functions; the rest are not listed\n",
			    PCI_MAX_DEVICES);
			overflowed = true;
		}
		return true;
	}
	struct pci_device *d = &devices[device_count++];
	*d = (struct pci_device){ .segment = seg, .bus = bus, .dev = dev, .fn = fn };
	read_function(d);
	pci_print_device(d);
	*multifunction = d->multifunction;

	/* Firmware numbered the buses below each bridge; a secondary bus not
	 * above this one is unconfigured or a loop, and is left alone. */
	if (d->header_type == 1) {
		if (d->secondary_bus <= bus) {
			pr_warn("pci %02x:%02x.%x: bridge to bus %u not followed\n", bus, dev, fn,
			    d->secondary_bus);
		} else {
			scan_bus(seg, d->secondary_bus, depth + 1);
		}
	}
	return true;
}

/* Visits every device on one bus, and every function of the multi-
 * function ones (function 0's header says which). */
static void
scan_bus(unsigned seg, unsigned bus, unsigned depth)
{
	if (bus > 255 || (bus_seen[bus / 8] & (1u << (bus % 8))) != 0) {
		return;
	}
	if (depth > MAX_BRIDGE_DEPTH) {
		pr_warn("pci: bridges nested too deep at bus %u\n", bus);
		return;
	}
	bus_seen[bus / 8] |= 1u << (bus % 8);
	bus_count++;
	for (unsigned dev = 0; dev < 32; dev++) {
		bool multi = false;
		if (!visit_function(seg, bus, dev, 0, depth, &multi)) {
			continue;
		}
		for (unsigned fn = 1; multi && fn < 8; fn++) {
			bool ignored;
			visit_function(seg, bus, dev, fn, depth, &ignored);
		}
	}
}

/* Walks one segment from its first bus, plus the extra root buses of a
 * multi-function host bridge (function n serving bus n). */
static void
scan_segment(unsigned seg, unsigned first_bus)
{
	struct pci_device host = { .segment = seg, .bus = first_bus };

	memset(bus_seen, 0, sizeof(bus_seen));
	scan_bus(seg, first_bus, 0);
	if ((pci_config_read(&host, PCI_HEADER_TYPE, 1) & HEADER_MULTIFUNCTION) == 0) {
		return;
	}
	for (unsigned fn = 1; fn < 8; fn++) {
		host.fn = fn;
		if (pci_config_read(&host, PCI_VENDOR_ID, 2) != 0xffff &&
		    pci_config_read(&host, PCI_CLASS, 1) == 0x06 &&
		    pci_config_read(&host, PCI_SUBCLASS, 1) == 0x00) {
			scan_bus(seg, first_bus + fn, 0);
		}
	}
}

/* ECAM if asked for (or by default) and the MCFG has a window that answers;
 * port I/O otherwise. */
static const struct pci_access *
choose_access(enum pci_method method, const struct acpi_mcfg_info *mcfg)
{
	if (method == PCI_METHOD_PORTIO) {
		return &portio_access;
	}
	if (pci_ecam_init(mcfg) != 0) {
		if (method == PCI_METHOD_ECAM) {
			pr_warn("pci: pci=ecam but ACPI has no MCFG: using port I/O\n");
		}
		return &portio_access;
	}
	/* A window that returns nothing at its host bridge is not trusted. */
	access = &pci_ecam_access;
	struct pci_device host = { .segment = mcfg->segments[0].segment,
		.bus = mcfg->segments[0].bus_start };
	if (pci_config_read(&host, PCI_VENDOR_ID, 2) == 0xffff && pci_portio_probe() &&
	    pci_portio_read(0, 0, 0, PCI_VENDOR_ID, 2) != 0xffff) {
		pr_warn("pci: ECAM window at %#lx reads nothing: using port I/O\n",
		    (unsigned long)mcfg->segments[0].base);
		return &portio_access;
	}
	return &pci_ecam_access;
}

void
pci_init(enum pci_method method)
{
	const struct acpi_mcfg_info *mcfg = &acpi_info()->mcfg;

	/* acpi_init() has run: its MCFG (possibly empty) decides the method. */
	device_count = 0;
	bus_count = 0;
	access = choose_access(method, mcfg);
	if (access == &portio_access && !pci_portio_probe()) {
		pr_warn("pci: no configuration mechanism: no PCI\n");
		access = NULL;
		return;
	}
	if (access == &pci_ecam_access) {
		for (unsigned i = 0; i < mcfg->count; i++) {
			scan_segment(mcfg->segments[i].segment, mcfg->segments[i].bus_start);
		}
	} else {
		scan_segment(0, 0);
	}
	pr_info("pci: %u functions on %u buses via %s\n", device_count, bus_count, access->name);
}
