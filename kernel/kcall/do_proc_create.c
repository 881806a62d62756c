/*
 * KC_PROC_CREATE (rdi: const char *name, rsi: len) -> the new process's
 * endpoint, or -EINVAL (empty name), -EFAULT, -EAGAIN (table full),
 * -ENOMEM.  The process is the caller's child, has an empty address space
 * and no privileges, and does not run until KC_PROC_START.  Names longer
 * than 15 bytes are cut.
 */
#include <arch/trap.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/vm.h>
#include <xinim/errno.h>

#define NAME_MAX 15

static int64_t
do_proc_create(struct proc *caller, struct trap_frame *tf)
{
	char name[NAME_MAX];
	size_t len = tf->rsi;
	struct proc *p;
	int err;

	if (len == 0) {
		return -EINVAL;
	}
	if (len > NAME_MAX) {
		len = NAME_MAX;
	}
	if (copy_from_user(name, tf->rdi, len) != 0) {
		return -EFAULT;
	}
	p = proc_create(name, len, caller, &err);
	if (p == NULL) {
		return err;
	}
	return p->p_endpoint;
}
KCALL_HANDLER(KC_PROC_CREATE, do_proc_create);
