/*
 * KC_GRANT_REVOKE(grant id = rdi) -> 0: the grant ends; copies through it
 * fail from the next page on.  Mappings already made through it stay
 * (shared memory is given up by unmapping).  -ENOENT for no such grant.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_grant_revoke(struct proc *caller, struct trap_frame *tf)
{
	return res_grant_revoke(caller, (int64_t)tf->rdi);
}
KCALL_HANDLER(KC_GRANT_REVOKE, do_grant_revoke);
