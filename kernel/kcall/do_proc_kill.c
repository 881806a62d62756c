/*
 * KC_PROC_KILL (rdi: target) -> 0.  Ends a process (cause EXIT_KILLED);
 * only its parent or rs may.  A running process ends on its next way out
 * of the kernel (at once if it is in ring 3 or blocked in IPC), so the
 * call returns before it is gone; the parent learns of the end with
 * NOTIFY_EXIT as for any other.  Errors: -ESRCH, -EPERM.
 */
#include <arch/trap.h>
#include <kern/proc.h>
#include <kern/syscall.h>

static int64_t
do_proc_kill(struct proc *caller, struct trap_frame *tf)
{
	return proc_kill(caller, (endpoint_t)tf->rdi);
}
KCALL_HANDLER(KC_PROC_KILL, do_proc_kill);
