/*
 * ipc_kernel_notify(): a notification from the kernel itself (NOTIFY_EXIT,
 * and later NOTIFY_IRQ and NOTIFY_ALARM) to process dst: the bits join
 * dst's p_kernel_pending and dst is woken if it waits.  Called with
 * proc_lock held, from any CPU.
 *
 * A first version for the process module; the IPC module replaces it with
 * one that delivers the message to a process blocked in SYS_RECEIVE.
 */
#include <kern/proc.h>
#include <kern/thread.h>

void
ipc_kernel_notify(struct proc *dst, uint32_t bits)
{
	struct thread *t;

	__atomic_fetch_or(&dst->p_kernel_pending, bits, __ATOMIC_RELEASE);
	t = __atomic_load_n(&dst->p_thread, __ATOMIC_ACQUIRE);
	if (t != NULL) {
		thread_wake(t);
	}
}
