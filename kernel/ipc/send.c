/*
 * SYS_SEND and SYS_CALL, the slow path (the complete implementation; the
 * fast path in fastpath.c handles a common case of SYS_CALL first).
 *
 * A send to a process waiting for it hands the message over at once and
 * wakes the receiver; otherwise the sender joins the destination's queue
 * and blocks until a receive takes the message.  A call is a send whose
 * sender, once the message is taken, waits for the callee's SYS_REPLY and
 * nothing else: the hand-over and the switch to waiting happen under one
 * lock hold, so no other message can slip in between.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

int64_t
ipc_send_locked(struct proc *src, struct proc *dst, const struct message *m, bool call)
{
	if (ipc_accepts(dst, src->p_endpoint)) {
		dst->p_ipc_msg = *m;
		dst->p_ipc_msg.m_source = src->p_endpoint;
		ipc_wake(dst, 0);
		if (!call) {
			return 0;
		}
		src->p_ipc_block = IPC_RECEIVING;
		src->p_ipc_peer = dst->p_endpoint;
		src->p_ipc_in_call = true;
		return IPC_BLOCKED;
	}
	if (ipc_deadlock(src, dst)) {
		return -EDEADLK;
	}
	src->p_ipc_msg = *m;
	src->p_ipc_msg.m_source = src->p_endpoint;
	src->p_ipc_block = IPC_SENDING;
	src->p_ipc_peer = dst->p_endpoint;
	src->p_ipc_in_call = call;
	ipc_queue_append(dst, src);
	return IPC_BLOCKED;
}

/* Checks, then sends; for a call, returns with the reply in
 * caller->p_ipc_msg. */
static int64_t
ipc_send_common(struct proc *caller, endpoint_t ep, const struct message *m, bool call)
{
	struct proc *dst;
	bool was = spin_lock_irqsave(&ipc_lock);
	int64_t r = ipc_target_check(caller, ep, &dst);

	if (r == 0) {
		r = ipc_send_locked(caller, dst, m, call);
	}
	spin_unlock_irqrestore(&ipc_lock, was);
	if (r == IPC_BLOCKED) {
		r = ipc_wait(caller);
	}
	return r;
}

int64_t
ipc_send(struct proc *caller, endpoint_t dst, const struct message *m)
{
	return ipc_send_common(caller, dst, m, false);
}

int64_t
ipc_call(struct proc *caller, endpoint_t dst, const struct message *m)
{
	return ipc_send_common(caller, dst, m, true);
}
