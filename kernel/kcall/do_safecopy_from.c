/*
 * KC_SAFECOPY_FROM(owner = rdi, grant id = rsi, offset = rdx, dst = r10,
 * len = r8) -> 0: copies len bytes at offset in owner's grant window into
 * the caller's buffer at dst.  The caller must be the grantee and the
 * grant must allow GRANT_READ.  Errors: see res_safecopy() (kern/res.h).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_safecopy_from(struct proc *caller, struct trap_frame *tf)
{
	return res_safecopy(caller, (endpoint_t)(uint32_t)tf->rdi, (int64_t)tf->rsi, tf->rdx,
	    tf->r10, tf->r8, false);
}
KCALL_HANDLER(KC_SAFECOPY_FROM, do_safecopy_from);
