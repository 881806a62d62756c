/*
 * KC_MUNMAP (rdi: vaddr, rsi: len) -> 0.  Unmaps [vaddr, vaddr + len)
 * (page-aligned) from the caller; pages not mapped are skipped.  Memory
 * the caller owns returns to the kernel; borrowed pages (the boot image,
 * MMIO, shared memory) only disappear from its view.  Errors: -EINVAL.
 */
#include <arch/trap.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>

static int64_t
do_munmap(struct proc *caller, struct trap_frame *tf)
{
	uint64_t va = tf->rdi, len = tf->rsi;
	int err = vm_unmap(caller, va, len);

	/* Unmapping the boot image means KC_BOOTIMAGE maps it again. */
	if (err == 0 && caller->p_bootimage_va != 0 && caller->p_bootimage_va < va + len &&
	    caller->p_bootimage_va + VM_PAGE > va) {
		caller->p_bootimage_va = 0;
	}
	return err;
}
KCALL_HANDLER(KC_MUNMAP, do_munmap);
