/*
 * KC_GRANT_MAP(owner = rdi, grant id = rsi) -> the address in the caller
 * where the frames of owner's page-aligned GRANT_MAP window now also
 * appear, writable if the grant has GRANT_WRITE.  The frames stay
 * allocated until both processes have unmapped them or exited.  Errors:
 * see res_grant_map() (kern/res.h).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_grant_map(struct proc *caller, struct trap_frame *tf)
{
	return res_grant_map(caller, (endpoint_t)(uint32_t)tf->rdi, (int64_t)tf->rsi);
}
KCALL_HANDLER(KC_GRANT_MAP, do_grant_map);
