/*
 * Private to kernel/ipc/: the global IPC lock and the state transitions
 * the system calls, the fast path and the kernel notifiers are built from.
 *
 * The state of a process (the "ipc" fields of struct proc):
 *   IPC_NONE       running, or blocked on something other than IPC.
 *   IPC_SENDING    queued on p_ipc_peer's p_ipc_q_head list with its
 *                  message in p_ipc_msg; p_ipc_in_call says it then waits
 *                  for the reply.
 *   IPC_RECEIVING  waiting for a message from p_ipc_peer (an endpoint,
 *                  ENDPOINT_ANY or ENDPOINT_KERNEL); with p_ipc_in_call
 *                  only the peer's SYS_REPLY ends the wait.
 * A blocked process leaves its state only through ipc_wake() (which also
 * hands it a result), or the send half of a call, which moves it from
 * SENDING to RECEIVING-in-call when the callee takes the message.
 *
 * Invariant: a process receiving from ENDPOINT_ANY (not in a call) has
 * nothing pending that it could receive; every path that makes something
 * pending delivers it instead when the process waits for it.
 *
 * Every function here is called with ipc_lock held and never blocks; the
 * ones that may need the caller to wait return IPC_BLOCKED, after which
 * the caller drops the lock and calls ipc_wait().
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/proc.h>
#include <kern/spinlock.h>

/* Not an error: the caller must wait (ipc_wait()) for its result. */
#define IPC_BLOCKED 1

extern struct spinlock ipc_lock;

/* Whether the fast path may be used (ipc_init()). */
extern bool ipc_fastpath_enabled;

/* The live (or new) process whose endpoint is exactly ep, or NULL for a
 * special, malformed, free or stale endpoint. */
struct proc *ipc_endpoint_proc(endpoint_t ep);

/* Checks ep as a destination or specific source for caller: 0 and *out
 * set, -EDEADSRCDST (malformed, dead, stale) or -EINVAL (itself). */
int ipc_endpoint_check(const struct proc *caller, endpoint_t ep, struct proc **out);

/* ipc_endpoint_check() of a destination, and then whether caller's
 * privilege record lets it send there: -ECALLDENIED if not. */
int ipc_target_check(const struct proc *caller, endpoint_t ep, struct proc **out);

/* Ends p's wait: its state becomes IPC_NONE, its result r, and its thread
 * is woken. */
void ipc_wake(struct proc *p, int64_t r);

/* Whether p waits in a plain receive (not a call's) that a message or
 * notification from src would satisfy; src is an endpoint or
 * ENDPOINT_KERNEL. */
bool ipc_accepts(const struct proc *p, endpoint_t src);

/* The sender queue of dst, oldest first: append, unlink (p must be in
 * it), and unlink the oldest sender that src (an endpoint or ENDPOINT_ANY)
 * names, or NULL. */
void ipc_queue_append(struct proc *dst, struct proc *p);
void ipc_queue_remove(struct proc *dst, struct proc *p);
struct proc *ipc_queue_take(struct proc *dst, endpoint_t src);

/* Whether src blocking on dst would close a cycle of blocked processes. */
bool ipc_deadlock(const struct proc *src, const struct proc *dst);

/* The transitions behind the system calls; arguments already checked. */
int64_t ipc_send_locked(struct proc *src, struct proc *dst, const struct message *m, bool call);
int64_t ipc_receive_locked(struct proc *p, endpoint_t src);
int64_t ipc_reply_locked(struct proc *src, struct proc *dst, const struct message *m);
int64_t ipc_reply_recv_locked(struct proc *p, endpoint_t reply_to, const struct message *m,
    endpoint_t src, int64_t *reply_r);
void ipc_notify_locked(struct proc *src, struct proc *dst);
void ipc_kernel_notify_locked(struct proc *dst, uint32_t bits, uint64_t irqs);
void ipc_died_locked(struct proc *p);

/* Takes what is pending for p that src (endpoint, ENDPOINT_ANY or
 * ENDPOINT_KERNEL) allows, in receive order (kernel, then processes), into
 * *m; false if nothing is. */
bool ipc_pending_take(struct proc *p, endpoint_t src, struct message *m);

/* Whether nothing at all waits for p: no kernel notification, no
 * notification from a process, no queued sender.  Then p may block in a
 * receive from anyone without a check (the fast path's condition). */
bool ipc_nothing_pending(const struct proc *p);

/* Alarms (alarm.c), ipc_lock held: drop p's alarm; deliver the alarms
 * due at now and return the earliest deadline left (0: none armed). */
void ipc_alarm_clear_locked(struct proc *p);
uint64_t ipc_alarm_expire_locked(uint64_t now);

/* Waits, without ipc_lock, until p's state is IPC_NONE again; returns the
 * result its waker handed over. */
int64_t ipc_wait(struct proc *p);
