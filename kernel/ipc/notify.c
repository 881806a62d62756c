/*
 * SYS_NOTIFY: a message without payload that never blocks the sender.  It
 * sets the sender's slot bit in the destination's p_notify_pending, so any
 * number of notifications from one source before the destination looks
 * arrive as one; a destination already waiting for it gets the
 * notification at once instead.  A notification does not end the receive
 * half of a call: only the reply does.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

void
ipc_notify_locked(struct proc *src, struct proc *dst)
{
	unsigned slot = ENDPOINT_SLOT(src->p_endpoint);

	if (ipc_accepts(dst, src->p_endpoint)) {
		memset(&dst->p_ipc_msg, 0, sizeof(dst->p_ipc_msg));
		dst->p_ipc_msg.m_source = src->p_endpoint;
		dst->p_ipc_msg.m_type = MSG_NOTIFY;
		ipc_wake(dst, 0);
		return;
	}
	dst->p_notify_pending[slot / 64] |= 1ULL << (slot % 64);
}

int64_t
ipc_notify(struct proc *caller, endpoint_t ep)
{
	struct proc *dst;
	bool was = spin_lock_irqsave(&ipc_lock);
	int64_t r = ipc_target_check(caller, ep, &dst);

	if (r == 0) {
		ipc_notify_locked(caller, dst);
	}
	spin_unlock_irqrestore(&ipc_lock, was);
	return r;
}
