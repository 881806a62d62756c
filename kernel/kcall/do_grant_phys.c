/*
 * KC_GRANT_PHYS(owner = rdi, grant id = rsi, offset = rdx, len = r10,
 * struct phys_seg *segs = r8, n = r9) -> how many segments it filled:
 * pins [offset, offset+len) of owner's grant to the caller for DMA and
 * writes the physical ranges behind it to segs (see xinim/kcall.h).
 * Errors: see res_grant_phys() (kern/res.h).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_grant_phys(struct proc *caller, struct trap_frame *tf)
{
	return res_grant_phys(caller, (endpoint_t)(uint32_t)tf->rdi, (int64_t)tf->rsi, tf->rdx,
	    tf->r10, tf->r8, tf->r9);
}
KCALL_HANDLER(KC_GRANT_PHYS, do_grant_phys);
