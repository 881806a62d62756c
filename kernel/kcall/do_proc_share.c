/*
 * KC_PROC_SHARE (rdi: target, rsi: dst vaddr in target, rdx: src vaddr in
 * the caller, r10: len, r8: PROT_* without PROT_WRITE) -> 0.  Maps the
 * caller's own frames into an unstarted child, read-only, shared: how a
 * loader gives every instance of a program the same text (see
 * kernel/proc/res_shm.c).  Errors: -EINVAL (alignment, length, a writable
 * prot, target is the caller), -EFAULT (a source page missing, or not the
 * caller's own memory), -EEXIST (the child has something there),
 * -ESRCH, -EPERM, -EBUSY (target), -ENOMEM.
 */
#include <arch/trap.h>
#include <kern/kcall.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

#define SHARE_MAX_LEN (1ULL << 30)

static int64_t
do_proc_share(struct proc *caller, struct trap_frame *tf)
{
	struct proc *p;
	int err;

	if (tf->r10 > SHARE_MAX_LEN || (tf->r8 & ~(uint64_t)(PROT_READ | PROT_EXEC)) != 0) {
		return -EINVAL;
	}
	p = kcall_target(caller, (endpoint_t)tf->rdi, false, &err);
	if (p == NULL) {
		return err;
	}
	return res_proc_share(caller, p, tf->rsi, tf->rdx, tf->r10, (unsigned)tf->r8);
}
KCALL_HANDLER(KC_PROC_SHARE, do_proc_share);
