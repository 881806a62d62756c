/*
 * KC_PROC_WAIT (rdi: child endpoint or ENDPOINT_ANY, rsi: struct
 * exit_info *out) -> 0 with the child's exit record, after which its slot
 * is free.  Never blocks: -EAGAIN when the children asked about all still
 * run (wait for NOTIFY_EXIT, then ask again), -ECHILD when there is no
 * such child, -EFAULT for a bad out pointer (nothing is collected then).
 */
#include <arch/trap.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

static int64_t
do_proc_wait(struct proc *caller, struct trap_frame *tf)
{
	struct exit_info info = { 0 };
	int err;

	/* The pointer is checked before the record is taken. */
	if (copy_to_user(tf->rsi, &info, sizeof(info)) != 0) {
		return -EFAULT;
	}
	err = proc_wait(caller, (endpoint_t)tf->rdi, &info);
	if (err != 0) {
		return err;
	}
	return copy_to_user(tf->rsi, &info, sizeof(info));
}
KCALL_HANDLER(KC_PROC_WAIT, do_proc_wait);
