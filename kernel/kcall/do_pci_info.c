/*
 * KC_PCI_INFO(index = rdi, struct pci_info *out = rsi) -> 0 with *out
 * describing the index-th PCI function the kernel found at boot (in its
 * enumeration order, from 0), -ENOENT past the last one, -EFAULT when out
 * cannot be written.  The pci server walks the bus this way; the list
 * never changes after boot.
 */
#include <arch/trap.h>
#include <kern/pci.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include <xinim/pci.h>

static int64_t
do_pci_info(struct proc *caller, struct trap_frame *tf)
{
	const struct pci_device *d;
	struct pci_info info;

	d = tf->rdi < PCI_MAX_DEVICES ? pci_device_at((unsigned)tf->rdi) : NULL;
	if (d == NULL) {
		return -ENOENT;
	}
	pci_info_fill(d, &info);
	return copy_to_user(tf->rsi, &info, sizeof(info));
}
KCALL_HANDLER(KC_PCI_INFO, do_pci_info);
