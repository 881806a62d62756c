/*
 * KC_MMIO_MAP(phys = rdi, len = rsi) -> the address of phys in the
 * caller, mapped uncached and writable (whole pages around the range).
 * The range must lie in one of the record's MMIO ranges and hold no RAM
 * (else -ECALLDENIED); -EINVAL for a zero or wrapping length, or one
 * over 1 GiB (one call's bounded work).
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_mmio_map(struct proc *caller, struct trap_frame *tf)
{
	return res_mmio_map(caller, tf->rdi, tf->rsi);
}
KCALL_HANDLER(KC_MMIO_MAP, do_mmio_map);
