/*
 * KC_IRQ_MSI(bdf = rdi, struct msi_msg *out = rsi) -> hook id (0..63): a
 * message-signalled interrupt for PCI function bdf, which must be in the
 * caller's record (pd_dev, from KC_DEV_GRANT; else -ECALLDENIED).  *out
 * receives the address and data the device must write to raise it; the
 * hook then works as KC_IRQ_BIND's does.  -EFAULT for an unwritable out
 * (nothing is allocated then), -ENOSPC when no hook or vector is free.
 * See kernel/proc/res_irq_msi.c.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include <xinim/pci.h>

static int64_t
do_irq_msi(struct proc *caller, struct trap_frame *tf)
{
	struct msi_msg msg = { 0 };
	int64_t hook;

	if (tf->rdi > UINT32_MAX) {
		return -ECALLDENIED;
	}
	/* The destination first: a bad pointer takes no vector. */
	if (copy_to_user(tf->rsi, &msg, sizeof(msg)) != 0) {
		return -EFAULT;
	}
	hook = res_irq_msi(caller, (uint32_t)tf->rdi, &msg);
	if (hook < 0) {
		return hook;
	}
	if (copy_to_user(tf->rsi, &msg, sizeof(msg)) != 0) {
		res_irq_unbind(caller, (unsigned)hook);
		return -EFAULT;
	}
	return hook;
}
KCALL_HANDLER(KC_IRQ_MSI, do_irq_msi);
