/*
 * The IPC fast path (fastpath.c): SYS_CALL to a process already waiting
 * in SYS_RECEIVE, and SYS_REPLY to a caller waiting for it, both on the
 * caller's CPU.  Anything else is left to the slow path.
 */
#pragma once
#include <stdint.h>
#include <kern/proc.h>

struct trap_frame;

/* Not handled here: take the slow path (no state was changed). */
#define IPC_FASTPATH_MISS INT64_MIN

/* SYS_CALL: returns the call's result, with the reply written into tf,
 * or IPC_FASTPATH_MISS. */
int64_t ipc_fastpath_call(struct proc *caller, struct trap_frame *tf);

/* SYS_REPLY: returns 0, or IPC_FASTPATH_MISS. */
int64_t ipc_fastpath_reply(struct proc *caller, struct trap_frame *tf);
