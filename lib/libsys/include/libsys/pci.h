/*
 * The client side of the pci server (include/xinim/proto/pci.h), for
 * drivers.  Each call reaches pci through ds_call("pci"), so a driver
 * carries on across a restart of pci.  pci_claim() must come first: the
 * other calls act on the claimed device.  A driver of several devices
 * claims them with pci_claim_nth(0, ...), (1, ...), ... until -ENODEV and
 * names each by its BDF (pi_bdf) in the *_dev calls.
 */
#pragma once
#include <stdint.h>
#include <xinim/pci.h>
#include <xinim/proto/pci.h>

/* Claims the device matching our services.conf rule; fills *info and
 * *bars (the BARs now in our privilege record, bit n: BAR n).  0, or
 * -EPERM, -ENODEV, an IPC error. */
int pci_claim(struct pci_info *info, uint32_t *bars);

/* Claims the n-th device (0 first, in PCI order) matching our rule that
 * no other service holds; as pci_claim(), -ENODEV past the last. */
int pci_claim_nth(unsigned n, struct pci_info *info, uint32_t *bars);

/* The calls below on the claimed device of that BDF (-EPERM if we did
 * not claim it). */
int pci_conf_read_dev(uint32_t bdf, unsigned offset, unsigned width, uint32_t *value);
int pci_conf_write_dev(uint32_t bdf, unsigned offset, unsigned width, uint32_t value);

/* Reads width (1, 2, 4) bytes at offset of the claimed device's
 * configuration space into *value. */
int pci_conf_read(unsigned offset, unsigned width, uint32_t *value);

/* Writes them; see PCI_CONF_WRITE for what is writable. */
int pci_conf_write(unsigned offset, unsigned width, uint32_t value);
