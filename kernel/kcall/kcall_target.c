/*
 * kcall_target() (see kern/kcall.h).  An unstarted child is changed only
 * by its parent's single thread (kern/vm.h), so once found it stays valid
 * for the rest of the call without a lock: only that thread can start or
 * destroy it.
 */
#include <kern/kcall.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>

struct proc *
kcall_target(struct proc *caller, endpoint_t ep, bool self_ok, int *err)
{
	struct proc *p;
	bool was;

	if (ep == ENDPOINT_SELF || ep == caller->p_endpoint) {
		if (!self_ok) {
			*err = -EINVAL;
			return NULL;
		}
		return caller;
	}
	was = spin_lock_irqsave(&proc_lock);
	p = proc_lookup(ep);
	if (p == NULL) {
		*err = -ESRCH;
	} else if (p->p_parent != caller->p_endpoint) {
		*err = -EPERM;
		p = NULL;
	} else if (p->p_state != PROC_NEW) {
		*err = -EBUSY;
		p = NULL;
	}
	spin_unlock_irqrestore(&proc_lock, was);
	return p;
}
