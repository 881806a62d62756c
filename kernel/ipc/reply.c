/*
 * SYS_REPLY: the answer to a SYS_CALL.  It goes only to a process blocked
 * in the receive half of a call to the replier, and never blocks: anyone
 * else gets -ENOTREADY at once, so a server cannot be held up by a client
 * that stopped waiting.  No privilege check: the caller asked us.
 */
#include <stdbool.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

int64_t
ipc_reply_locked(struct proc *src, struct proc *dst, const struct message *m)
{
	if (dst->p_ipc_block != IPC_RECEIVING || !dst->p_ipc_in_call ||
	    dst->p_ipc_peer != src->p_endpoint) {
		return -ENOTREADY;
	}
	dst->p_ipc_msg = *m;
	dst->p_ipc_msg.m_source = src->p_endpoint;
	ipc_wake(dst, 0);
	return 0;
}

int64_t
ipc_reply(struct proc *caller, endpoint_t ep, const struct message *m)
{
	struct proc *dst;
	bool was = spin_lock_irqsave(&ipc_lock);
	int64_t r = ipc_endpoint_check(caller, ep, &dst);

	if (r == 0) {
		r = ipc_reply_locked(caller, dst, m);
	}
	spin_unlock_irqrestore(&ipc_lock, was);
	return r;
}
