/*
 * The classic capability list: a chain of (id, next) pairs in the first
 * 256 bytes of configuration space, starting at the pointer at 0x34 (0x14
 * for CardBus bridges).  A broken chain (pointer into the header, a loop)
 * stops the walk after at most 48 entries, the most 192 bytes can hold.
 * Pure code: configuration space is read through a callback.
 */
#include <kern/pci.h>
#include "pci_internal.h"

#define CAP_ID_MSI 0x05
#define CAP_ID_PCIE 0x10
#define CAP_ID_MSIX 0x11
#define CAP_PTR_CARDBUS 0x14
#define CAP_MAX_ENTRIES 48

/* MSI message control. */
#define MSI_CTRL_64BIT 0x0080
#define MSI_CTRL_PER_VECTOR_MASK 0x0100
#define MSI_CTRL_MMC_SHIFT 1

/* MSI-X message control, table and PBA registers. */
#define MSIX_CTRL_SIZE_MASK 0x07ff
#define MSIX_BIR_MASK 0x7u

static void
parse_msi(pci_cfg_read_fn read, void *ctx, unsigned at, struct pci_msi *m)
{
	uint16_t ctrl = read(ctx, at + 2, 2);
	unsigned mmc = (ctrl >> MSI_CTRL_MMC_SHIFT) & 7;

	m->present = true;
	m->offset = at;
	m->addr64 = (ctrl & MSI_CTRL_64BIT) != 0;
	m->per_vector_mask = (ctrl & MSI_CTRL_PER_VECTOR_MASK) != 0;
	/* Encodings above 5 (32 vectors) are reserved. */
	m->max_vectors = 1u << (mmc > 5 ? 5 : mmc);
}

static void
parse_msix(pci_cfg_read_fn read, void *ctx, unsigned at, struct pci_msix *m)
{
	uint16_t ctrl = read(ctx, at + 2, 2);
	uint32_t table = read(ctx, at + 4, 4);
	uint32_t pba = read(ctx, at + 8, 4);

	m->present = true;
	m->offset = at;
	m->table_size = (ctrl & MSIX_CTRL_SIZE_MASK) + 1;
	m->table_bir = table & MSIX_BIR_MASK;
	m->table_offset = table & ~MSIX_BIR_MASK;
	m->pba_bir = pba & MSIX_BIR_MASK;
	m->pba_offset = pba & ~MSIX_BIR_MASK;
}

static void
parse_pcie(pci_cfg_read_fn read, void *ctx, unsigned at, struct pci_express *e)
{
	uint16_t caps = read(ctx, at + 2, 2);

	e->present = true;
	e->offset = at;
	e->version = caps & 0xf;
	e->port_type = (caps >> 4) & 0xf;
}

void
pci_caps_parse(pci_cfg_read_fn read, void *ctx, struct pci_device *d)
{
	uint16_t status = read(ctx, PCI_STATUS, 2);

	/* Only functions that set the status bit have a list at all. */
	if (status == 0xffff || (status & PCI_STATUS_CAP_LIST) == 0) {
		return;
	}
	unsigned at = read(ctx, d->header_type == 2 ? CAP_PTR_CARDBUS : PCI_CAP_PTR, 1);
	for (int n = 0; n < CAP_MAX_ENTRIES; n++) {
		at &= 0xfc;
		/* Capabilities live after the 64-byte header. */
		if (at < 0x40) {
			break;
		}
		switch (read(ctx, at, 1)) {
		case CAP_ID_MSI:
			parse_msi(read, ctx, at, &d->msi);
			break;
		case CAP_ID_MSIX:
			/* The only one here longer than 4 bytes. */
			if (at <= 256 - 12) {
				parse_msix(read, ctx, at, &d->msix);
			}
			break;
		case CAP_ID_PCIE:
			parse_pcie(read, ctx, at, &d->pcie);
			break;
		default:
			break;
		}
		/* The low two bits of a pointer are reserved: masked above. */
		at = read(ctx, at + 1, 1);
	}
}
