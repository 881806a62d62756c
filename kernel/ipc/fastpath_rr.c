/*
 * The fast path of SYS_REPLY_RECV (STYLE.md, "Hot paths"), for a server's
 * loop: the reply goes to a caller blocked in the receive half of its
 * call to us on our CPU, and the receive is from ENDPOINT_ANY or from that
 * caller, with nothing at all pending for us.  Then, under one hold of
 * ipc_lock, the reply goes from our saved registers into the caller's
 * message buffer, the caller becomes runnable and we become a receiver,
 * and the CPU switches straight to the caller (sched_switch_to(), which
 * blocks us).  The caller's next SYS_CALL to us therefore finds us
 * waiting and takes the call fast path back.
 *
 * Since nothing was pending, blocking in the receive keeps the invariant
 * of ipc_impl.h.  Anything else (no reply to make, a target that is not
 * waiting for us, a specific source, something pending) returns
 * IPC_FASTPATH_MISS before touching anything, and reply_recv.c runs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <arch/cpu.h>
#include <arch/ipc_regs.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include "fastpath.h"
#include "ipc_impl.h"

int64_t
ipc_fastpath_reply_recv(struct proc *caller, struct trap_frame *tf)
{
	endpoint_t ep = ipc_regs_endpoint(tf);
	endpoint_t src = ipc_regs_rr_source(tf);
	struct proc *dst;
	bool was;
	int64_t r;

	if (!ipc_fastpath_enabled || ep < 0 || (src != ENDPOINT_ANY && src != ep)) {
		return IPC_FASTPATH_MISS;
	}
	was = spin_lock_irqsave(&ipc_lock);
	dst = ipc_endpoint_proc(ep);
	if (dst == NULL || dst == caller || dst->p_ipc_block != IPC_RECEIVING ||
	    !dst->p_ipc_in_call || dst->p_ipc_peer != caller->p_endpoint || !ipc_fast_local(dst) ||
	    !ipc_nothing_pending(caller)) {
		spin_unlock_irqrestore(&ipc_lock, was);
		return IPC_FASTPATH_MISS;
	}
	r = ipc_fast_handoff(caller, dst, tf, src, false, was);
	ipc_regs_rr_set_reply(tf, 0);
	return r;
}
