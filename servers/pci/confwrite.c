/*
 * What a driver may write into its device's configuration space.  The
 * header's identity, BARs, ROM address and interrupt line belong to the
 * firmware and the pci server: a driver that moved a BAR could make its
 * device decode someone else's memory.  The command register is
 * writable in the bits a driver needs; everything from 0x40 on
 * (capabilities: MSI, MSI-X, power management, device-specific) is the
 * driver's.
 */
#include <xinim/errno.h>
#include "pci.h"

#define CONF_COMMAND 0x04
#define CONF_CAPS_START 0x40
#define COMMAND_DRIVER_BITS 0x0407u /* I/O, memory, bus master, INTx disable */

int
pci_conf_write_check(unsigned off, unsigned width, uint32_t cur, uint32_t *value)
{
	if ((width != 1 && width != 2 && width != 4) || off % width != 0 ||
	    off + width > PCI_CONF_SIZE) {
		return -EINVAL;
	}
	if (off >= CONF_CAPS_START) {
		return 0;
	}
	if (off == CONF_COMMAND && width == 2) {
		*value = (cur & ~COMMAND_DRIVER_BITS) | (*value & COMMAND_DRIVER_BITS);
		return 0;
	}
	return -EPERM;
}
