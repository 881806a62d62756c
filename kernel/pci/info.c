/*
 * pci_info_fill(): what user space learns of a PCI function (struct
 * pci_info, xinim/pci.h), converted from the kernel's own record.  The
 * kernel's BAR kinds fold into memory or I/O (a 64-bit BAR's upper slot
 * stays "none"), and the MSI and MSI-X capabilities become offsets, with
 * the MSI-X table and pending-bit array located by BAR and offset.  Pure
 * code, unit-tested on the host.
 */
#include <kern/pci.h>
#include <kern/string.h>
#include <xinim/pci.h>

_Static_assert(PCI_INFO_BARS == PCI_NUM_BARS, "BAR counts differ");

static uint32_t
info_bar_kind(enum pci_bar_kind kind)
{
	switch (kind) {
	case PCI_BAR_IO:
		return PCI_INFO_BAR_IO;
	case PCI_BAR_MEM32:
	case PCI_BAR_MEM64:
		return PCI_INFO_BAR_MEM;
	default:
		return PCI_INFO_BAR_NONE;
	}
}

void
pci_info_fill(const struct pci_device *d, struct pci_info *out)
{
	memset(out, 0, sizeof(*out));
	out->pi_bdf = PCI_BDF(d->segment, d->bus, d->dev, d->fn);
	out->pi_vendor = d->vendor;
	out->pi_device = d->device;
	out->pi_class = d->class_code;
	out->pi_subclass = d->subclass;
	out->pi_progif = d->prog_if;
	out->pi_revision = d->revision;
	out->pi_irq_pin = d->irq_pin;
	out->pi_irq_line = d->irq_line;
	out->pi_header_type = d->header_type;
	if (d->msi.present) {
		out->pi_msi_offset = d->msi.offset;
	}
	if (d->msix.present) {
		out->pi_msix_offset = d->msix.offset;
		out->pi_msix_size = d->msix.table_size;
		out->pi_msix_table_bar = d->msix.table_bir;
		out->pi_msix_table_offset = d->msix.table_offset;
		out->pi_msix_pba_bar = d->msix.pba_bir;
		out->pi_msix_pba_offset = d->msix.pba_offset;
	}
	/* Slots past bar_count (bridges have two) stay empty. */
	for (unsigned i = 0; i < d->bar_count && i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bars[i];
		uint32_t kind = info_bar_kind(b->kind);

		if (kind == PCI_INFO_BAR_NONE) {
			continue;
		}
		out->pi_bar[i].pib_kind = kind;
		out->pi_bar[i].pib_base = b->base;
		out->pi_bar[i].pib_size = b->size;
		out->pi_bar[i].pib_prefetch = b->prefetchable;
	}
}
