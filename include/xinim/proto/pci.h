/*
 * The pci server's IPC protocol.  pci owns the PCI bus: it matches each
 * driver to a device by the driver's `pci` rule in services.conf (which it
 * asks rs for, RS_PCI_RULE), grants the driver exactly that device's BARs
 * and interrupt (KC_DEV_GRANT), and is the driver's only way to its
 * device's configuration space.  A device stays reserved for the service
 * that claimed it, so a restarted instance claims it again and no other
 * driver can.  Replies have m_type PCI_REPLY and m_arg[0] 0 or a negative
 * E* code, results following.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

enum pci_msg {
	/* driver -> pci: [0] index n (0 first; a message without arguments
	 * asks for the first).  Claims the n-th device, in the table's (PCI)
	 * order, of those matching the caller's rule that no other service
	 * holds (the ones its own service holds count: a restarted instance
	 * gets the same devices at the same indices), and receives its
	 * resources.  A driver of several devices claims 0, 1, ... until
	 * -ENODEV.  Reply: [1] BDF, [2] the BARs granted (bit n: BAR n).
	 * -EPERM: the caller is no driver with a `pci` rule; -ENODEV: no
	 * n-th device matches. */
	PCI_CLAIM = 0x0300,
	/* owner -> pci: [0] a GRANT_WRITE grant, [1] its size (at least
	 * sizeof(struct pci_info)), [PCI_ARG_DEV] the device.  Copies the
	 * device's struct pci_info (xinim/pci.h) into it. */
	PCI_INFO = 0x0301,
	/* owner -> pci: [0] offset, [1] width 1, 2 or 4, [PCI_ARG_DEV] the
	 * device.  Reply: [1] value. */
	PCI_CONF_READ = 0x0302,
	/* owner -> pci: [0] offset, [1] width, [2] value, [PCI_ARG_DEV] the
	 * device.  Writable: the command register's I/O, memory, bus-master
	 * and INTx-disable bits, and everything from 0x40 on (capabilities,
	 * MSI and MSI-X control); the rest of the header (BARs above all) is
	 * -EPERM. */
	PCI_CONF_WRITE = 0x0303,
	/* anyone -> pci: [0] index (0 first).  Reply: [1] BDF, [2] vendor |
	 * device << 16 | class << 32 | subclass << 40 | progif << 48,
	 * [3..5] the name of the service holding it ("" when free),
	 * [6] the next index, 0 after the last. */
	PCI_LIST = 0x0304,
	PCI_REPLY = 0x03ff,
};

/* Which device PCI_INFO, PCI_CONF_READ and PCI_CONF_WRITE act on:
 * m_arg[PCI_ARG_DEV] is PCI_DEV(bdf), a device the caller claimed
 * (-EPERM otherwise), or 0: the first device the caller claimed (what
 * drivers of one device send). */
#define PCI_ARG_DEV 4
#define PCI_DEV_GIVEN (1ULL << 32)
#define PCI_DEV(bdf) (PCI_DEV_GIVEN | (uint32_t)(bdf))
