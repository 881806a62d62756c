/*
 * What the death of a process means for IPC.  Nothing may go on waiting
 * for it: its senders, its callers (queued, or already waiting for its
 * reply) and the processes receiving from it specifically are woken with
 * -EDEADSRCDST.  It leaves the queue it was in, if any, and its
 * notification bit is cleared in every process, since its slot will come
 * back with a new generation.  What was pending for it, and its alarm,
 * are dropped.
 *
 * The scan of the whole table is the price of keeping no reverse links;
 * a death is rare next to a message.
 */
#include <stddef.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

/* Whether q receives from the process in slot, specifically or in a
 * call (compared by slot: the process code may already have retired p's
 * endpoint).  Senders to p are all in p's queue. */
static bool
ipc_receives_from_slot(const struct proc *q, unsigned slot)
{
	if (q->p_ipc_block != IPC_RECEIVING || q->p_ipc_peer < 0) {
		return false;
	}
	return ENDPOINT_SLOT(q->p_ipc_peer) == slot;
}

void
ipc_died_locked(struct proc *p)
{
	unsigned slot = (unsigned)(p - proc_table);
	struct proc *q;

	if (p->p_ipc_block == IPC_SENDING) {
		q = &proc_table[ENDPOINT_SLOT(p->p_ipc_peer)];
		ipc_queue_remove(q, p);
	}
	while ((q = p->p_ipc_q_head) != NULL) {
		p->p_ipc_q_head = q->p_ipc_q_next;
		q->p_ipc_q_next = NULL;
		ipc_wake(q, -EDEADSRCDST);
	}
	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		q = &proc_table[i];
		if (q == p) {
			continue;
		}
		q->p_notify_pending[slot / 64] &= ~(1ULL << (slot % 64));
		if (ipc_receives_from_slot(q, slot)) {
			ipc_wake(q, -EDEADSRCDST);
		}
	}
	/* If p's own thread still waits in IPC (a killed process), let it go,
	 * so that it can finish dying. */
	if (p->p_ipc_block != IPC_NONE) {
		ipc_wake(p, -EDEADSRCDST);
	}
	p->p_ipc_q_next = NULL;
	memset(p->p_notify_pending, 0, sizeof(p->p_notify_pending));
	p->p_kernel_pending = 0;
	p->p_irq_pending = 0;
	ipc_alarm_clear_locked(p);
}

void
ipc_proc_died(struct proc *p)
{
	bool was = spin_lock_irqsave(&ipc_lock);

	ipc_died_locked(p);
	spin_unlock_irqrestore(&ipc_lock, was);
}
