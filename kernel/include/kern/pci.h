/*
 * PCI: configuration space access and the list of functions found at boot.
 *
 * pci_init() picks a configuration method (ECAM from the ACPI MCFG table,
 * else the 0xCF8/0xCFC ports), walks the hierarchy from bus 0 through
 * PCI-PCI bridges, and records each function's identity, BARs (sized),
 * interrupt pin and line, and MSI, MSI-X and PCI Express capabilities.  The
 * list is fixed after pci_init() and read without a lock; config accesses
 * are safe from any CPU.  Later, the pci server hands devices to drivers.
 *
 * The BAR decoder and the formatting helpers at the end are pure code,
 * unit-tested on the host.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/cmdline.h>

struct pci_info;

#define PCI_MAX_DEVICES 256
#define PCI_NUM_BARS 6

/* Standard configuration header offsets. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION 0x08
#define PCI_PROG_IF 0x09
#define PCI_SUBCLASS 0x0a
#define PCI_CLASS 0x0b
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_STATUS_CAP_LIST 0x0010

enum pci_bar_kind {
	PCI_BAR_NONE, /* unimplemented, or the upper half of a mem64 */
	PCI_BAR_IO,
	PCI_BAR_MEM32,
	PCI_BAR_MEM64,
};

struct pci_bar {
	enum pci_bar_kind kind;
	bool prefetchable;
	uint64_t base; /* bus address as programmed by firmware */
	uint64_t size; /* bytes decoded */
};

struct pci_msi {
	bool present;
	uint8_t offset; /* of the capability in config space */
	bool addr64;
	bool per_vector_mask;
	uint8_t max_vectors; /* multiple message capable: 1..32 */
};

struct pci_msix {
	bool present;
	uint8_t offset;
	uint16_t table_size; /* number of vectors */
	uint8_t table_bir;   /* BAR index holding the vector table */
	uint32_t table_offset;
	uint8_t pba_bir; /* BAR index holding the pending bit array */
	uint32_t pba_offset;
};

struct pci_express {
	bool present;
	uint8_t offset;
	uint8_t port_type; /* device/port type, bits 7:4 of the caps */
	uint8_t version;
};

struct pci_device {
	uint16_t segment;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type; /* without the multi-function bit */
	bool multifunction;
	uint8_t irq_pin;                        /* 0 none, 1..4 = INTA#..INTD# */
	uint8_t irq_line;                       /* as routed by firmware; 0xff unknown */
	uint8_t secondary_bus, subordinate_bus; /* bridges only */
	unsigned bar_count;                     /* 6 for devices, 2 for bridges, else 0 */
	struct pci_bar bars[PCI_NUM_BARS];
	struct pci_msi msi;
	struct pci_msix msix;
	struct pci_express pcie;
};

/* Chooses the access method (AUTO: ECAM when ACPI has an MCFG, else port
 * I/O; a forced ECAM without MCFG falls back with a warning), enumerates,
 * and logs every function. */
void pci_init(enum pci_method method);

unsigned pci_device_count(void);
/* The i-th function in enumeration order, or NULL past the end. */
const struct pci_device *pci_device_at(unsigned i);
/* The listed function with that BDF (xinim/pci.h packing), or NULL. */
const struct pci_device *pci_device_find(uint32_t bdf);

/* Bytes of configuration space per function that the access method
 * reaches: 4096 with ECAM, 256 with port I/O, 0 with no PCI at all. */
unsigned pci_config_size(void);

/* Reads or writes width (1, 2 or 4) bytes at off, aligned to width, in the
 * function's configuration space (4 KiB with ECAM, 256 bytes with port
 * I/O).  Bad arguments read as all ones and drop writes. */
uint32_t pci_config_read(const struct pci_device *d, unsigned off, unsigned width);
void pci_config_write(const struct pci_device *d, unsigned off, unsigned width, uint32_t value);

/*
 * Decodes BAR slot index of count from the values firmware left (vals) and
 * what each slot read back after writing all ones (masks).  Returns how
 * many slots the BAR occupies (1, or 2 for a 64-bit memory BAR), or
 * -EINVAL for a 64-bit BAR in the last slot or a reserved memory type; *out
 * is then PCI_BAR_NONE.  Pure.
 */
int pci_bar_decode(const uint32_t *vals, const uint32_t *masks, unsigned index, unsigned count,
    struct pci_bar *out);

/* The user-space view of d (xinim/pci.h: the pci server's KC_PCI_INFO):
 * identity, interrupt pin and line, MSI and MSI-X capabilities, BARs as
 * memory or I/O ranges.  Pure. */
void pci_info_fill(const struct pci_device *d, struct pci_info *out);

/* "4K", "16M", "32" (bytes): the largest unit that divides size.  Pure. */
void pci_format_size(uint64_t size, char *buf, size_t len);

/* A short name for a base class ("network", "bridge"...).  Pure. */
const char *pci_class_name(uint8_t class_code);
