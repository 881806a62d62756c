/*
 * KC_GRANT_INDIRECT(grantee = rdi, owner = rsi, owner's grant id = rdx,
 * offset = r10, len = r8, GRANT_* access = r9) -> grant id in the
 * caller's table: passes on [offset, offset+len) of the grant owner made
 * to the caller, to grantee, with no more than the caller's rights (see
 * xinim/kcall.h).  Errors: see res_grant_indirect() (kern/res.h).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

static int64_t
do_grant_indirect(struct proc *caller, struct trap_frame *tf)
{
	if (tf->r9 > UINT32_MAX) {
		return -EINVAL;
	}
	return res_grant_indirect(caller, (endpoint_t)(uint32_t)tf->rdi,
	    (endpoint_t)(uint32_t)tf->rsi, (int64_t)tf->rdx, tf->r10, tf->r8, (unsigned)tf->r9);
}
KCALL_HANDLER(KC_GRANT_INDIRECT, do_grant_indirect);
