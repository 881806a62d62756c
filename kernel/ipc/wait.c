/*
 * Blocking and waking.  A process that must wait records what it waits
 * for in its IPC state under ipc_lock, drops the lock and blocks its
 * thread; whoever satisfies the wait sets the result and the state
 * IPC_NONE under the same lock, then wakes the thread.  thread_block()
 * remembers a wake that came first, and the waiter re-reads its state
 * under the lock each time it wakes, so neither a wake-up between the
 * unlock and the block nor a stray wake (from another subsystem) is
 * mistaken for anything.
 *
 * A process being killed (proc_should_die()) stops waiting at once: it
 * leaves the queue it was in and returns -EINTR on its way to the exit.
 */
#include <stddef.h>
#include <kern/proc.h>
#include <kern/spinlock.h>
#include <kern/thread.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

struct spinlock ipc_lock = SPINLOCK_INIT("ipc");

void
ipc_wake(struct proc *p, int64_t r)
{
	p->p_ipc_result = r;
	p->p_ipc_block = IPC_NONE;
	p->p_ipc_in_call = false;
	p->p_ipc_peer = ENDPOINT_NONE;
	if (p->p_thread != NULL) {
		thread_wake(p->p_thread);
	}
}

bool
ipc_accepts(const struct proc *p, endpoint_t src)
{
	if (p->p_ipc_block != IPC_RECEIVING || p->p_ipc_in_call) {
		return false;
	}
	return p->p_ipc_peer == ENDPOINT_ANY || p->p_ipc_peer == src;
}

/* Gives up p's wait: out of the queue it is in, state IPC_NONE. */
static void
ipc_cancel_locked(struct proc *p)
{
	if (p->p_ipc_block == IPC_SENDING) {
		ipc_queue_remove(&proc_table[ENDPOINT_SLOT(p->p_ipc_peer)], p);
	}
	p->p_ipc_block = IPC_NONE;
	p->p_ipc_in_call = false;
	p->p_ipc_peer = ENDPOINT_NONE;
}

int64_t
ipc_wait(struct proc *p)
{
	int64_t r;
	bool was;

	for (;;) {
		was = spin_lock_irqsave(&ipc_lock);
		if (p->p_ipc_block == IPC_NONE) {
			r = p->p_ipc_result;
			spin_unlock_irqrestore(&ipc_lock, was);
			return r;
		}
		if (proc_should_die(p)) {
			ipc_cancel_locked(p);
			spin_unlock_irqrestore(&ipc_lock, was);
			return -EINTR;
		}
		spin_unlock_irqrestore(&ipc_lock, was);
		thread_block();
	}
}
