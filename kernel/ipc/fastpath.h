/*
 * The IPC fast path (fastpath.c): SYS_CALL to a process already waiting
 * in SYS_RECEIVE, and SYS_REPLY to a caller waiting for it, both on the
 * caller's CPU; and (fastpath_rr.c) SYS_REPLY_RECV that answers such a
 * caller and leaves the replier receiving.  Anything else is left to the
 * slow path.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/percpu.h>
#include <kern/proc.h>
#include <kern/thread.h>

struct trap_frame;

/* Not handled here: take the slow path (no state was changed). */
#define IPC_FASTPATH_MISS INT64_MIN

/* SYS_CALL: returns the call's result, with the reply written into tf,
 * or IPC_FASTPATH_MISS. */
int64_t ipc_fastpath_call(struct proc *caller, struct trap_frame *tf);

/* SYS_REPLY: returns 0, or IPC_FASTPATH_MISS. */
int64_t ipc_fastpath_reply(struct proc *caller, struct trap_frame *tf);

/* SYS_REPLY_RECV: returns the receive's result, with the message written
 * into tf and the reply's result (0) beside it, or IPC_FASTPATH_MISS. */
int64_t ipc_fastpath_reply_recv(struct proc *caller, struct trap_frame *tf);

/* Both fast paths' common end, with ipc_lock held (interrupts as saved
 * in was) and dst checked: the message in tf's registers goes to dst,
 * which waited for it; the caller waits for wait_for (in the receive half
 * of a call when in_call); the CPU switches to dst; once woken, what the
 * caller received is written into tf.  Returns the caller's wait's
 * result. */
int64_t ipc_fast_handoff(struct proc *caller, struct proc *dst, struct trap_frame *tf,
    endpoint_t wait_for, bool in_call, bool was);

/* Whether p's thread runs on the calling CPU. */
static inline bool
ipc_fast_local(const struct proc *p)
{
	return p->p_thread != NULL && p->p_thread->t_cpu == (int)this_cpu()->c_id;
}
