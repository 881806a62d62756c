/*
 * KC_PCI_CONF(bdf = rdi, offset = rsi, width = rdx, PCI_CONF_* op = r10,
 * value = r8) -> for PCI_CONF_OP_READ the value read (zero-extended, never
 * negative), for PCI_CONF_OP_WRITE 0 once value is written.  The function
 * must be one the kernel listed at boot (else -ENODEV); width is 1, 2 or
 * 4, offset a multiple of it inside the configuration space the kernel
 * reaches (4 KiB with ECAM, 256 bytes by ports), and a written value must
 * fit in width bytes (else -EINVAL).  Only the pci server holds this
 * call: it decides what each driver may touch.
 */
#include <arch/trap.h>
#include <kern/log.h>
#include <kern/pci.h>
#include <kern/syscall.h>
#include <xinim/errno.h>
#include <xinim/pci.h>

static int64_t
do_pci_conf(struct proc *caller, struct trap_frame *tf)
{
	uint64_t bdf = tf->rdi, off = tf->rsi, width = tf->rdx, op = tf->r10, value = tf->r8;
	const struct pci_device *d;

	d = bdf <= UINT32_MAX ? pci_device_find((uint32_t)bdf) : NULL;
	if (d == NULL) {
		pr_debug("pci: %s: config access to unknown function %#lx\n", caller->p_name, bdf);
		return -ENODEV;
	}
	if ((width != 1 && width != 2 && width != 4) || (off & (width - 1)) != 0 ||
	    off >= pci_config_size() || pci_config_size() - off < width) {
		return -EINVAL;
	}
	switch (op) {
	case PCI_CONF_OP_READ:
		return pci_config_read(d, (unsigned)off, (unsigned)width);
	case PCI_CONF_OP_WRITE:
		if (value >> (8 * width) != 0) {
			return -EINVAL;
		}
		pci_config_write(d, (unsigned)off, (unsigned)width, (uint32_t)value);
		return 0;
	default:
		return -EINVAL;
	}
}
KCALL_HANDLER(KC_PCI_CONF, do_pci_conf);
