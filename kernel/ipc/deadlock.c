/*
 * Deadlock refusal.  Before a sender blocks on a destination, follow the
 * chain of processes each blocked on the next: one sending to its peer,
 * one waiting for its peer's reply, one receiving from one specific peer.
 * None of those can move until its peer does, so if the chain leads back
 * to the sender, blocking would close a cycle nobody could break, and the
 * send fails with -EDEADLK instead.  A process that runs, or receives from
 * ENDPOINT_ANY or the kernel, ends the chain.
 *
 * Each process waits on at most one other, so the chain is a path; it is
 * bounded by the table size in case some other cycle (which this check
 * exists to prevent) was already there.  ipc_lock held.
 */
#include <stdbool.h>
#include <stddef.h>
#include <kern/proc.h>
#include "ipc_impl.h"

/* The process p cannot move without, or NULL if p is not blocked on one. */
static const struct proc *
ipc_blocked_on(const struct proc *p)
{
	switch (p->p_ipc_block) {
	case IPC_SENDING:
		break;
	case IPC_RECEIVING:
		if (p->p_ipc_peer < 0) {
			return NULL; /* ENDPOINT_ANY or ENDPOINT_KERNEL */
		}
		break;
	default:
		return NULL;
	}
	return ipc_endpoint_proc(p->p_ipc_peer);
}

bool
ipc_deadlock(const struct proc *src, const struct proc *dst)
{
	const struct proc *p = dst;

	for (unsigned n = 0; p != NULL && n < ENDPOINT_SLOTS; n++) {
		if (p == src) {
			return true;
		}
		p = ipc_blocked_on(p);
	}
	return false;
}
