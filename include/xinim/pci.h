/*
 * PCI devices as user space sees them: the kernel enumerates the bus at
 * boot and hands the list to the pci server (KC_PCI_INFO), which hands
 * each driver its own device (include/xinim/proto/pci.h).  A function is
 * named by its BDF, packed as PCI_BDF(segment, bus, device, function).
 */
#pragma once
#include <stdint.h>

#define PCI_BDF(seg, bus, dev, fn) \
	((uint32_t)(seg) << 16 | (uint32_t)(bus) << 8 | (uint32_t)(dev) << 3 | (uint32_t)(fn))
#define PCI_BDF_SEG(bdf) ((uint16_t)((bdf) >> 16))
#define PCI_BDF_BUS(bdf) ((uint8_t)((bdf) >> 8))
#define PCI_BDF_DEV(bdf) ((uint8_t)(((bdf) >> 3) & 0x1f))
#define PCI_BDF_FN(bdf) ((uint8_t)((bdf)&7))

#define PCI_INFO_BARS 6

/* pib_kind */
#define PCI_INFO_BAR_NONE 0 /* unimplemented, or the upper half of a 64-bit BAR */
#define PCI_INFO_BAR_IO 1
#define PCI_INFO_BAR_MEM 2

struct pci_info_bar {
	uint64_t pib_base; /* physical (bus) address, or the first I/O port */
	uint64_t pib_size; /* bytes or ports decoded */
	uint32_t pib_kind; /* PCI_INFO_BAR_* */
	uint32_t pib_prefetch;
};

struct pci_info {
	uint32_t pi_bdf;
	uint16_t pi_vendor, pi_device;
	uint8_t pi_class, pi_subclass, pi_progif, pi_revision;
	uint8_t pi_irq_pin;  /* 0: none, 1..4: INTA#..INTD# */
	uint8_t pi_irq_line; /* as the firmware routed it; 0xff: unknown */
	uint8_t pi_header_type;
	uint8_t pi_msi_offset;  /* of the MSI capability; 0: none */
	uint8_t pi_msix_offset; /* of the MSI-X capability; 0: none */
	uint8_t pi_msix_table_bar, pi_msix_pba_bar;
	uint8_t pi_pad;
	uint16_t pi_msix_size; /* vectors in the MSI-X table */
	uint16_t pi_pad2;
	uint32_t pi_msix_table_offset, pi_msix_pba_offset;
	struct pci_info_bar pi_bar[PCI_INFO_BARS];
};

/* What a device writes to raise a message-signalled interrupt (KC_IRQ_MSI):
 * program it into an MSI capability or an MSI-X table entry. */
struct msi_msg {
	uint64_t mm_addr;
	uint32_t mm_data;
	uint32_t mm_pad;
};
