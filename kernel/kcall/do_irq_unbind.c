/*
 * KC_IRQ_UNBIND(hook id = rdi) -> 0: the hook is gone; a line left with no
 * hook is masked.  -ENOENT for a hook the caller does not hold.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_irq_unbind(struct proc *caller, struct trap_frame *tf)
{
	return res_irq_unbind(caller, tf->rdi > 63 ? 64 : (unsigned)tf->rdi);
}
KCALL_HANDLER(KC_IRQ_UNBIND, do_irq_unbind);
