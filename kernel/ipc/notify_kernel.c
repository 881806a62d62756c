/*
 * Notifications from the kernel itself: timers (NOTIFY_ALARM), child
 * exits (NOTIFY_EXIT) and IRQ hooks (NOTIFY_IRQ plus the hook's bit).
 * The bits accumulate in p_kernel_pending and p_irq_pending until the
 * process receives from ENDPOINT_ANY or ENDPOINT_KERNEL, which takes them
 * all in one message (m_arg[0] the NOTIFY_* bits, m_arg[1] the hooks).
 * Safe from interrupt handlers: ipc_lock is always taken with interrupts
 * off, and waking a thread is allowed there.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include "ipc_impl.h"

void
ipc_kernel_notify_locked(struct proc *dst, uint32_t bits, uint64_t irqs)
{
	struct message *m = &dst->p_ipc_msg;

	if (ipc_endpoint_proc(dst->p_endpoint) != dst) {
		return; /* exited: nobody to tell */
	}
	dst->p_kernel_pending |= bits;
	dst->p_irq_pending |= irqs;
	if (!ipc_accepts(dst, ENDPOINT_KERNEL)) {
		return;
	}
	memset(m, 0, sizeof(*m));
	m->m_source = ENDPOINT_KERNEL;
	m->m_type = MSG_NOTIFY;
	m->m_arg[0] = dst->p_kernel_pending;
	m->m_arg[1] = dst->p_irq_pending;
	dst->p_kernel_pending = 0;
	dst->p_irq_pending = 0;
	ipc_wake(dst, 0);
}

void
ipc_kernel_notify(struct proc *dst, uint32_t bits)
{
	bool was = spin_lock_irqsave(&ipc_lock);

	ipc_kernel_notify_locked(dst, bits, 0);
	spin_unlock_irqrestore(&ipc_lock, was);
}

void
ipc_irq_notify(struct proc *dst, unsigned hook)
{
	bool was;

	if (hook >= 64) {
		return;
	}
	was = spin_lock_irqsave(&ipc_lock);
	ipc_kernel_notify_locked(dst, NOTIFY_IRQ, 1ULL << hook);
	spin_unlock_irqrestore(&ipc_lock, was);
}
