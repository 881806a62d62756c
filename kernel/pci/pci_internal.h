/*
 * Private to kernel/pci/: the configuration access methods, the
 * capability decoder and the boot log printer.
 */
#pragma once
#include <stdint.h>
#include <kern/acpi.h>
#include <kern/pci.h>

/* One way of reaching configuration space; limit is its size per function. */
struct pci_access {
	const char *name;
	unsigned limit;
	uint32_t (*read)(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off,
	    unsigned width);
	void (*write)(unsigned seg, unsigned bus, unsigned dev, unsigned fn, unsigned off,
	    unsigned width, uint32_t value);
};

/* ECAM through the MCFG windows, buses mapped on first use (ecam.c).
 * pci_ecam_init returns 0, or -ENODEV when there is no window. */
extern const struct pci_access pci_ecam_access;
int pci_ecam_init(const struct acpi_mcfg_info *mcfg);

/* Reads width bytes at off of the function being decoded. */
typedef uint32_t (*pci_cfg_read_fn)(void *ctx, unsigned off, unsigned width);

/* Walks the capability list of d (its status and header type already
 * filled) and records MSI, MSI-X and PCI Express.  Pure (caps.c). */
void pci_caps_parse(pci_cfg_read_fn read, void *ctx, struct pci_device *d);

/* The boot log lines for one function (print.c). */
void pci_print_device(const struct pci_device *d);
