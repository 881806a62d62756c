/*
 * IPC between processes (kernel/ipc/): the rendezvous primitives behind
 * SYS_SEND, SYS_RECEIVE, SYS_CALL, SYS_REPLY, SYS_REPLY_RECV and
 * SYS_NOTIFY, kernel
 * notifications (timers, IRQs, exits) and what happens to a dead peer.
 *
 * Promises:
 * - A message is copied exactly once, from the sender's registers into
 *   the receiver's, and m_source is always the kernel's word.
 * - A process blocked on a peer that dies is woken with -EDEADSRCDST;
 *   nothing waits for a dead process.
 * - A send that would close a cycle of blocked processes fails with
 *   -EDEADLK instead of blocking, so two processes that send to each other
 *   never both hang.
 * - Notifications never block the sender and coalesce per source.
 *
 * Locking: all IPC state (the "ipc" fields of struct proc, the alarm
 * deadlines) is guarded by one global lock, taken with interrupts off.  It
 * nests inside proc_lock and outside the scheduler locks (thread_wake() is
 * called with it held); nothing takes it while holding a scheduler lock.
 * The functions below take it themselves: call them without it.
 *
 * This header is host-safe (tests/unit/test_ipc*.c).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/proc.h>

/*
 * Whether from's privilege record lets it send to (or call, or notify) to:
 * PRIV_IPC_ANY in pd_flags, or to's endpoint in pd_ipc[].  Replies need no
 * right: the caller asked us.  Reads only the two records, no lock needed
 * beyond keeping both processes alive.
 */
bool ipc_may_send(const struct proc *from, const struct proc *to);

/*
 * The system calls, with the message already read from the caller's
 * registers (the syscall glue in sys_ipc.c does that).  Each returns 0 or
 * a negative E* code; those that receive leave the message in
 * caller->p_ipc_msg when they return 0.  They may block.
 */
int64_t ipc_send(struct proc *caller, endpoint_t dst, const struct message *m);
int64_t ipc_receive(struct proc *caller, endpoint_t src);
int64_t ipc_call(struct proc *caller, endpoint_t dst, const struct message *m);
int64_t ipc_reply(struct proc *caller, endpoint_t dst, const struct message *m);
int64_t ipc_notify(struct proc *caller, endpoint_t dst);

/*
 * SYS_REPLY_RECV: replies *m to reply_to (ENDPOINT_NONE: no reply), then
 * receives from src, as one step under one hold of the IPC lock.  Returns
 * the receive's result; *reply_r gets the reply's (0, -ENOTREADY,
 * -EDEADSRCDST), which never stops the receive.  A bad src (as for
 * ipc_receive()) or a special or own reply_to (-EINVAL) refuses the whole
 * call before anything changes, with the error in *reply_r as well.
 */
int64_t ipc_reply_recv(struct proc *caller, endpoint_t reply_to, const struct message *m,
    endpoint_t src, int64_t *reply_r);

/*
 * Called by the process code once p is no longer reachable by endpoint
 * (its state is not PROC_NEW or PROC_LIVE any more, or its p_endpoint
 * changed) and before its slot can be reused: wakes every process blocked
 * sending to p, receiving from p or waiting for p's reply with
 * -EDEADSRCDST, takes p out of any queue, clears p's notification bit in
 * every other process, drops what was pending for p and cancels its alarm.
 */
void ipc_proc_died(struct proc *p);

/*
 * Kernel notifications: set NOTIFY_* bits (bits) or one IRQ hook's bit
 * (hook 0..63, which also sets NOTIFY_IRQ) in dst's pending sets and wake
 * dst if it is receiving from ENDPOINT_ANY or ENDPOINT_KERNEL.  They never
 * block and may be called from interrupt handlers.  A dst that is not
 * alive is ignored.
 */
void ipc_kernel_notify(struct proc *dst, uint32_t bits);
void ipc_irq_notify(struct proc *dst, unsigned hook);

/*
 * KC_ALARM: arms p's one alarm to expire ns nanoseconds from now
 * (replacing any earlier one); ns == 0 cancels it.  On expiry the kernel
 * sends NOTIFY_ALARM through ipc_kernel_notify(), never earlier than asked.
 */
uint64_t ipc_alarm_set(struct proc *p, uint64_t ns);

/* Prints the module's line; fastpath false keeps every call and reply on
 * the slow path (`ipcfast=off`, to measure what the fast path buys). */
void ipc_init(bool fastpath);
