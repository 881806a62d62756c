/*
 * SYS_RECEIVE: from one endpoint, from ENDPOINT_KERNEL (kernel
 * notifications only) or from ENDPOINT_ANY.  What is waiting is taken in
 * this order: kernel notifications (one message carrying every pending
 * NOTIFY_* bit and IRQ hook, both sets then cleared), notifications from
 * processes (lowest slot first, one per source however many were sent),
 * then queued senders, oldest first.  With nothing there the receiver
 * blocks until a sender, notifier or the kernel hands it a message.
 */
#include <stdbool.h>
#include <stddef.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

#define NOTIFY_WORDS (ENDPOINT_SLOTS / 64)

/* A notification message from source (an endpoint or ENDPOINT_KERNEL). */
static void
ipc_notify_msg(struct message *m, endpoint_t source, uint64_t arg0, uint64_t arg1)
{
	memset(m, 0, sizeof(*m));
	m->m_source = source;
	m->m_type = MSG_NOTIFY;
	m->m_arg[0] = arg0;
	m->m_arg[1] = arg1;
}

/* Takes p's notification from the process in the lowest pending slot that
 * src allows (a slot's bit is cleared when its process dies, so its
 * p_endpoint is the sender's). */
static bool
ipc_pending_proc(struct proc *p, endpoint_t src, struct message *m)
{
	unsigned slot;

	if (src >= 0) {
		slot = ENDPOINT_SLOT(src);
		if ((p->p_notify_pending[slot / 64] & (1ULL << (slot % 64))) == 0) {
			return false;
		}
	} else {
		unsigned w = 0;

		while (w < NOTIFY_WORDS && p->p_notify_pending[w] == 0) {
			w++;
		}
		if (w == NOTIFY_WORDS) {
			return false;
		}
		slot = w * 64 + (unsigned)__builtin_ctzll(p->p_notify_pending[w]);
	}
	p->p_notify_pending[slot / 64] &= ~(1ULL << (slot % 64));
	ipc_notify_msg(m, proc_table[slot].p_endpoint, 0, 0);
	return true;
}

bool
ipc_pending_take(struct proc *p, endpoint_t src, struct message *m)
{
	bool from_kernel = src == ENDPOINT_ANY || src == ENDPOINT_KERNEL;

	if (from_kernel && (p->p_kernel_pending != 0 || p->p_irq_pending != 0)) {
		ipc_notify_msg(m, ENDPOINT_KERNEL, p->p_kernel_pending, p->p_irq_pending);
		p->p_kernel_pending = 0;
		p->p_irq_pending = 0;
		return true;
	}
	if (src == ENDPOINT_KERNEL) {
		return false;
	}
	return ipc_pending_proc(p, src, m);
}

bool
ipc_nothing_pending(const struct proc *p)
{
	uint64_t any = p->p_kernel_pending | p->p_irq_pending;

	for (unsigned w = 0; w < NOTIFY_WORDS; w++) {
		any |= p->p_notify_pending[w];
	}
	return any == 0 && p->p_ipc_q_head == NULL;
}

int64_t
ipc_receive_locked(struct proc *p, endpoint_t src)
{
	struct proc *s;

	if (ipc_pending_take(p, src, &p->p_ipc_msg)) {
		return 0;
	}
	if (src != ENDPOINT_KERNEL && (s = ipc_queue_take(p, src)) != NULL) {
		p->p_ipc_msg = s->p_ipc_msg;
		if (s->p_ipc_in_call) {
			/* The caller now waits for our reply, and only that. */
			s->p_ipc_block = IPC_RECEIVING;
		} else {
			ipc_wake(s, 0);
		}
		return 0;
	}
	p->p_ipc_block = IPC_RECEIVING;
	p->p_ipc_peer = src;
	p->p_ipc_in_call = false;
	return IPC_BLOCKED;
}

int64_t
ipc_receive(struct proc *caller, endpoint_t src)
{
	struct proc *from;
	bool was = spin_lock_irqsave(&ipc_lock);
	int64_t r = 0;

	if (src != ENDPOINT_ANY && src != ENDPOINT_KERNEL) {
		r = ipc_endpoint_check(caller, src, &from);
	}
	if (r == 0) {
		r = ipc_receive_locked(caller, src);
	}
	spin_unlock_irqrestore(&ipc_lock, was);
	if (r == IPC_BLOCKED) {
		r = ipc_wait(caller);
	}
	return r;
}
