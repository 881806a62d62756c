/*
 * KC_SAFECOPY_TO(owner = rdi, grant id = rsi, offset = rdx, src = r10,
 * len = r8) -> 0: copies len bytes from the caller's buffer at src to
 * offset in owner's grant window.  The caller must be the grantee and the
 * grant must allow GRANT_WRITE.  Errors: see res_safecopy() (kern/res.h).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_safecopy_to(struct proc *caller, struct trap_frame *tf)
{
	return res_safecopy(caller, (endpoint_t)(uint32_t)tf->rdi, (int64_t)tf->rsi, tf->rdx,
	    tf->r10, tf->r8, true);
}
KCALL_HANDLER(KC_SAFECOPY_TO, do_safecopy_to);
