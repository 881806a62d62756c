/*
 * KC_PROC_SETREGS (rdi: target, rsi: rip, rdx: rsp, r10: rdi, r8: rsi) -> 0.
 * The registers an unstarted child starts with; the others start at zero.
 * rip and rsp must be user addresses (a kernel or non-canonical one would
 * make the first return to ring 3 fault in the kernel).  Errors: -EINVAL,
 * -ESRCH, -EPERM, -EBUSY.
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_proc_setregs(struct proc *caller, struct trap_frame *tf)
{
	uint64_t rip = tf->rsi, rsp = tf->rdx;
	struct proc *p;
	int err;

	if (rip < VM_USER_MIN || rip >= VM_USER_END || rsp < VM_USER_MIN || rsp > VM_USER_END) {
		return -EINVAL;
	}
	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	p->p_start_rip = rip;
	p->p_start_rsp = rsp;
	p->p_start_rdi = tf->r10;
	p->p_start_rsi = tf->r8;
	return 0;
}
KCALL_HANDLER(KC_PROC_SETREGS, do_proc_setregs);
