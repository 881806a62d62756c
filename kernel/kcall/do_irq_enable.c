/*
 * KC_IRQ_ENABLE(hook id = rdi) -> 0: the caller has served the interrupt
 * behind the hook; its line is unmasked once every hook on it has said
 * so.  -ENOENT for a hook the caller does not hold.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_irq_enable(struct proc *caller, struct trap_frame *tf)
{
	return res_irq_enable(caller, tf->rdi > 63 ? 64 : (unsigned)tf->rdi);
}
KCALL_HANDLER(KC_IRQ_ENABLE, do_irq_enable);
