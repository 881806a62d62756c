/*
 * The boot log's picture of one PCI function: a head line that tests grep
 * ("pci BB:DD.F VVVV:DDDD class CC.SS.PP name, irq ..."), then one
 * indented line per BAR, bridge window and capability.
 */
#include <kern/log.h>
#include <kern/pci.h>
#include <kern/printf.h>
#include "pci_internal.h"

/* The device/port type field of the PCI Express capability, in words. */
static const char *
pcie_type_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "endpoint";
	case 1:
		return "legacy endpoint";
	case 4:
		return "root port";
	case 5:
		return "switch upstream port";
	case 6:
		return "switch downstream port";
	case 7:
		return "pcie-to-pci bridge";
	case 8:
		return "pci-to-pcie bridge";
	case 9:
		return "integrated endpoint";
	case 10:
		return "event collector";
	default:
		return "unknown type";
	}
}

/* One line per implemented BAR: "bar<i> <kind> [pref] <base> size <n>".
 * Unimplemented slots and the upper halves of 64-bit BARs print nothing. */
static void
print_bar(unsigned i, const struct pci_bar *b)
{
	char size[24];

	pci_format_size(b->size, size, sizeof(size));
	switch (b->kind) {
	case PCI_BAR_IO:
		pr_info("    bar%u io %#lx size %s\n", i, (unsigned long)b->base, size);
		break;
	case PCI_BAR_MEM32:
	case PCI_BAR_MEM64:
		pr_info("    bar%u %s%s %#lx size %s\n", i,
		    b->kind == PCI_BAR_MEM64 ? "mem64" : "mem32", b->prefetchable ? " pref" : "",
		    (unsigned long)b->base, size);
		break;
	default:
		break;
	}
}

void
pci_print_device(const struct pci_device *d)
{
	char where[16], irq[32];

	/* Segment 0, the common case, is left out of the address. */
	if (d->segment != 0) {
		ksnprintf(where, sizeof(where), "%04x:%02x:%02x.%x", d->segment, d->bus, d->dev,
		    d->fn);
	} else {
		ksnprintf(where, sizeof(where), "%02x:%02x.%x", d->bus, d->dev, d->fn);
	}
	/* The line is what firmware routed the pin to (legacy PIC numbering);
	 * 0xff means it did not route it. */
	if (d->irq_pin == 0) {
		ksnprintf(irq, sizeof(irq), "no irq");
	} else if (d->irq_line == 0xff) {
		ksnprintf(irq, sizeof(irq), "irq pin %c not routed", 'A' + d->irq_pin - 1);
	} else {
		ksnprintf(irq, sizeof(irq), "irq pin %c line %u", 'A' + d->irq_pin - 1,
		    d->irq_line);
	}
	pr_info("pci %s %04x:%04x class %02x.%02x.%02x %s, %s\n", where, d->vendor, d->device,
	    d->class_code, d->subclass, d->prog_if, pci_class_name(d->class_code), irq);

	/* The details, indented so that a grep for the head line skips them. */
	for (unsigned i = 0; i < d->bar_count; i++) {
		print_bar(i, &d->bars[i]);
	}
	if (d->header_type == 1) {
		pr_info("    bridge to buses %u-%u\n", d->secondary_bus, d->subordinate_bus);
	}
	if (d->msix.present) {
		pr_info("    msi-x %u vectors table bar%u+0x%x pba bar%u+0x%x\n",
		    d->msix.table_size, d->msix.table_bir, d->msix.table_offset, d->msix.pba_bir,
		    d->msix.pba_offset);
	}
	if (d->msi.present) {
		pr_info("    msi %u vectors%s%s\n", d->msi.max_vectors,
		    d->msi.addr64 ? " 64-bit" : "", d->msi.per_vector_mask ? " maskable" : "");
	}
	if (d->pcie.present) {
		pr_info("    pcie v%u %s\n", d->pcie.version, pcie_type_name(d->pcie.port_type));
	}
}
