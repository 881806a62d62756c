/*
 * KC_PROC_START (rdi: target) -> 0.  Starts an unstarted child at the
 * registers KC_PROC_SETREGS gave it.  Errors: -EINVAL (no registers set),
 * -ESRCH, -EPERM, -EBUSY (already started), -ENOMEM.
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

static int64_t
do_proc_start(struct proc *caller, struct trap_frame *tf)
{
	struct proc *p;
	int err;

	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	if (p->p_start_rip == 0) {
		return -EINVAL;
	}
	return proc_start(p);
}
KCALL_HANDLER(KC_PROC_START, do_proc_start);
