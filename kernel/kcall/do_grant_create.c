/*
 * KC_GRANT_CREATE(grantee = rdi, addr = rsi, len = rdx, GRANT_* access =
 * r10) -> grant id: lets the live process grantee (that very generation)
 * copy from, copy into or map [addr, addr+len) of the caller.  Errors in
 * kern/grant.h; -EDEADSRCDST when grantee is not alive.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>
#include <xinim/errno.h>

static int64_t
do_grant_create(struct proc *caller, struct trap_frame *tf)
{
	if (tf->r10 > UINT32_MAX) {
		return -EINVAL;
	}
	return res_grant_create(caller, (endpoint_t)(uint32_t)tf->rdi, tf->rsi, tf->rdx,
	    (unsigned)tf->r10);
}
KCALL_HANDLER(KC_GRANT_CREATE, do_grant_create);
