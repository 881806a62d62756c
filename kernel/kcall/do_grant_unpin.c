/*
 * KC_GRANT_UNPIN(owner = rdi, grant id = rsi, offset = rdx, len = r10)
 * -> 0: ends the caller's KC_GRANT_PHYS pin made with exactly these
 * arguments (the most recent, when there are several), whether or not
 * the grant still exists; its frames are freed if their owner has let go
 * of them.  -ENOENT when the caller holds no such pin.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_grant_unpin(struct proc *caller, struct trap_frame *tf)
{
	return res_grant_unpin(caller, (endpoint_t)(uint32_t)tf->rdi, (int64_t)tf->rsi, tf->rdx,
	    tf->r10);
}
KCALL_HANDLER(KC_GRANT_UNPIN, do_grant_unpin);
