/*
 * KC_IRQ_BIND(line = rdi) -> hook id (0..63), the bit the caller will see
 * in NOTIFY_IRQ's bitmap when the line fires.  The line must be listed in
 * the caller's privilege record (else -ECALLDENIED); it is unmasked at
 * once.  See kernel/proc/res_irq.c.
 */
#include <arch/trap.h>
#include <kern/res.h>
#include <kern/syscall.h>

static int64_t
do_irq_bind(struct proc *caller, struct trap_frame *tf)
{
	return res_irq_bind(caller, tf->rdi > 255 ? 256 : (unsigned)tf->rdi);
}
KCALL_HANDLER(KC_IRQ_BIND, do_irq_bind);
