/*
 * The IPC fast path (STYLE.md, "Hot paths").  Two cases only:
 *
 *   SYS_CALL to a process blocked in SYS_RECEIVE from ENDPOINT_ANY or
 *   from the caller, on the caller's CPU, which the caller may send to;
 *
 *   SYS_REPLY to a process blocked in the receive half of a SYS_CALL to
 *   the replier, on the replier's CPU.
 *
 * Either way the message goes from the sender's saved registers straight
 * into the peer's message buffer (its syscall return writes it into its
 * registers), the IPC state of both changes under one hold of ipc_lock,
 * and the CPU switches to the peer's thread directly, address space
 * included, without a pass through the run queue: sched_switch_to() for a
 * caller, which blocks, and sched_yield_to() for a replier, which stays
 * runnable.  A receiver that waits has nothing pending (see ipc_impl.h),
 * so nothing is overtaken.  Any other case returns IPC_FASTPATH_MISS
 * before touching anything, and the slow path, complete on its own, runs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <arch/cpu.h>
#include <arch/ipc_regs.h>
#include <arch/percpu.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/thread.h>
#include "fastpath.h"
#include "ipc_impl.h"

int64_t
ipc_fast_handoff(struct proc *caller, struct proc *dst, struct trap_frame *tf, endpoint_t wait_for,
    bool in_call, bool was)
{
	int64_t r;

	ipc_regs_get(tf, &dst->p_ipc_msg);
	dst->p_ipc_msg.m_source = caller->p_endpoint;
	dst->p_ipc_result = 0;
	dst->p_ipc_block = IPC_NONE;
	dst->p_ipc_in_call = false;
	dst->p_ipc_peer = ENDPOINT_NONE;
	caller->p_ipc_block = IPC_RECEIVING;
	caller->p_ipc_peer = wait_for;
	caller->p_ipc_in_call = in_call;
	spin_unlock(&ipc_lock);
	/* Interrupts stay off until the switch is made. */
	sched_switch_to(dst->p_thread);
	irq_restore(was);
	/* Normally the message is already here; a stray wake-up waits on. */
	r = ipc_wait(caller);
	if (r == 0) {
		ipc_regs_put(tf, &caller->p_ipc_msg);
	}
	return r;
}

int64_t
ipc_fastpath_call(struct proc *caller, struct trap_frame *tf)
{
	endpoint_t ep = ipc_regs_endpoint(tf);
	struct proc *dst;
	bool was;

	if (!ipc_fastpath_enabled) {
		return IPC_FASTPATH_MISS;
	}
	was = spin_lock_irqsave(&ipc_lock);
	dst = ipc_endpoint_proc(ep);
	if (dst == NULL || dst == caller || !ipc_accepts(dst, caller->p_endpoint) ||
	    !ipc_fast_local(dst) || !ipc_may_send(caller, dst)) {
		spin_unlock_irqrestore(&ipc_lock, was);
		return IPC_FASTPATH_MISS;
	}
	return ipc_fast_handoff(caller, dst, tf, ep, true, was);
}

int64_t
ipc_fastpath_reply(struct proc *caller, struct trap_frame *tf)
{
	endpoint_t ep = ipc_regs_endpoint(tf);
	struct proc *dst;
	bool was;

	if (!ipc_fastpath_enabled) {
		return IPC_FASTPATH_MISS;
	}
	was = spin_lock_irqsave(&ipc_lock);
	dst = ipc_endpoint_proc(ep);
	if (dst == NULL || dst->p_ipc_block != IPC_RECEIVING || !dst->p_ipc_in_call ||
	    dst->p_ipc_peer != caller->p_endpoint || !ipc_fast_local(dst)) {
		spin_unlock_irqrestore(&ipc_lock, was);
		return IPC_FASTPATH_MISS;
	}
	ipc_regs_get(tf, &dst->p_ipc_msg);
	dst->p_ipc_msg.m_source = caller->p_endpoint;
	dst->p_ipc_result = 0;
	dst->p_ipc_block = IPC_NONE;
	dst->p_ipc_in_call = false;
	dst->p_ipc_peer = ENDPOINT_NONE;
	spin_unlock(&ipc_lock);
	sched_yield_to(dst->p_thread);
	irq_restore(was);
	return 0;
}
