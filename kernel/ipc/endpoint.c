/*
 * Endpoint checks: from an endpoint named by a user program to the process
 * it means, or a refusal.  An endpoint is good only while the process it
 * was issued for lives: the slot must hold a new or live process whose
 * p_endpoint (slot plus generation) is exactly the one given, so a stale
 * generation fails just like a malformed number.
 *
 * Called with ipc_lock held.  The process code changes p_state (or
 * p_endpoint) before it calls ipc_proc_died(), which takes ipc_lock; so a
 * lookup under the lock either sees the death, or happens before
 * ipc_proc_died() runs and everything it set up is undone there.
 */
#include <stddef.h>
#include <kern/ipc.h>
#include <kern/proc.h>
#include <xinim/errno.h>
#include "ipc_impl.h"

struct proc *
ipc_endpoint_proc(endpoint_t ep)
{
	struct proc *p;
	enum proc_state st;

	if (ep < 0) {
		return NULL;
	}
	p = &proc_table[ENDPOINT_SLOT(ep)];
	st = __atomic_load_n(&p->p_state, __ATOMIC_RELAXED);
	if (st != PROC_NEW && st != PROC_LIVE) {
		return NULL;
	}
	if (__atomic_load_n(&p->p_endpoint, __ATOMIC_RELAXED) != ep) {
		return NULL;
	}
	return p;
}

/* ENDPOINT_SELF (meant for kernel calls) names the caller here too, and
 * IPC with oneself is refused like any other. */
int
ipc_endpoint_check(const struct proc *caller, endpoint_t ep, struct proc **out)
{
	struct proc *p = ipc_endpoint_proc(ep);

	if (ep == ENDPOINT_SELF) {
		return -EINVAL;
	}
	if (p == NULL) {
		return -EDEADSRCDST;
	}
	if (p == caller) {
		return -EINVAL;
	}
	*out = p;
	return 0;
}

int
ipc_target_check(const struct proc *caller, endpoint_t ep, struct proc **out)
{
	int r = ipc_endpoint_check(caller, ep, out);

	if (r == 0 && !ipc_may_send(caller, *out)) {
		r = -ECALLDENIED;
	}
	return r;
}
