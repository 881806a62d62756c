/*
 * KC_PROC_COPYTO (rdi: target, rsi: dst vaddr in target, rdx: src in the
 * caller, r10: len) -> 0.  Copies from the caller into an unstarted child
 * (the loader's way of filling its memory), even into its read-only pages.
 * Errors: -EFAULT (a page on either side missing or not readable), -ESRCH,
 * -EPERM, -EBUSY, -EINVAL (target is the caller).
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_proc_copyto(struct proc *caller, struct trap_frame *tf)
{
	struct proc *p;
	int err;

	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	return vm_copy(caller, tf->rdx, p, tf->rsi, tf->r10, VM_COPY_FORCE);
}
KCALL_HANDLER(KC_PROC_COPYTO, do_proc_copyto);
