/*
 * Shared memory through grants (KC_GRANT_MAP): the frames behind a
 * page-aligned GRANT_MAP window of the owner are mapped into the grantee
 * as borrowed pages, each with a reference (kern/pageref.h), so a frame
 * stays allocated until both processes have unmapped it or exited,
 * whichever order that happens in.  Only the owner's own anonymous memory
 * can be shared this way: MMIO pages and DMA buffers (which the owner
 * itself only borrows) are refused, as their lifetime is not the frame's.
 *
 * KC_PROC_SHARE lends frames the other way: a loader maps its own
 * read-only copy of a program's text into a child it is building, so
 * every instance of a program runs from the same frames (less memory,
 * nothing to copy or zero when a driver restarts, and under TCG the
 * translated code stays valid).  The pages can never be written there.
 *
 * Entry points: res_grant_map, res_proc_share.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/uvm.h>
#include <kern/log.h>
#include <kern/pageref.h>
#include <kern/res.h>
#include <kern/spinlock.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

/* Takes a reference to the owned frame at owner's va; under owner's
 * p_vm_lock so the frame cannot be unmapped in between. */
static int
shm_borrow(struct proc *owner, uint64_t va, bool writable, uint64_t *pa)
{
	unsigned flags;
	bool was = spin_lock_irqsave(&owner->p_vm_lock);
	int err = 0;

	if (owner->p_cr3 == 0 || !uvm_lookup(owner->p_cr3, va, pa, &flags)) {
		err = -EFAULT;
	} else if ((flags & UVM_BORROWED) || (writable && !(flags & UVM_WRITE))) {
		err = -EFAULT;
	} else {
		err = pageref_borrow(*pa);
	}
	spin_unlock_irqrestore(&owner->p_vm_lock, was);
	return err;
}

/* The window of the grant: its length and whether it is writable. */
static int
shm_window(struct proc *caller, endpoint_t owner_ep, int64_t id, uint64_t *len, bool *writable)
{
	struct proc *owner;
	const struct grant *g;
	uint64_t addr;
	struct rwlock *l = res_grant_lock(owner_ep);
	bool was = rw_read_lock_irqsave(l);
	int err = res_grant_lookup(caller, owner_ep, id, GRANT_MAP, 0, 1, &owner, &addr);

	if (err == 0) {
		g = grant_table_get(((struct res_state *)owner->p_res)->rs_grants, id);
		*len = g->g_len;
		*writable = (g->g_access & GRANT_WRITE) != 0;
	}
	rw_read_unlock_irqrestore(l, was);
	return err;
}

int64_t
res_grant_map(struct proc *caller, endpoint_t owner_ep, int64_t id)
{
	struct proc *owner;
	uint64_t len, va, done, at, pa;
	bool writable, was;
	int err;

	err = shm_window(caller, owner_ep, id, &len, &writable);
	if (err != 0) {
		return err;
	}
	va = vm_reserve(caller, len);
	if (va == 0) {
		return -ENOMEM;
	}
	for (done = 0; done < len; done += VM_PAGE) {
		/* The grant is checked again for every page: a revocation
		 * midway stops the mapping. */
		was = rw_read_lock_irqsave(res_grant_lock(owner_ep));
		err = res_grant_lookup(caller, owner_ep, id, GRANT_MAP, done, VM_PAGE, &owner, &at);
		if (err == 0) {
			err = shm_borrow(owner, at, writable, &pa);
		}
		rw_read_unlock_irqrestore(res_grant_lock(owner_ep), was);
		if (err != 0) {
			goto fail;
		}
		err = vm_map_borrowed(caller, va + done, pa, VM_PAGE,
		    PROT_READ | (writable ? PROT_WRITE : 0), 0);
		if (err != 0) {
			pageref_borrow_drop(pa);
			goto fail;
		}
	}
	return (int64_t)va;

fail:
	/* Unmapping a borrowed page drops its reference (vm.c). */
	if (done > 0) {
		vm_unmap(caller, va, done);
	}
	pr_debug("res: %s: grant map from %d grant %ld: %d\n", caller->p_name, owner_ep, id, err);
	return err;
}

int
res_proc_share(struct proc *caller, struct proc *target, uint64_t dst, uint64_t src, uint64_t len,
    unsigned prot)
{
	uint64_t done, pa;
	int err = 0;

	if ((prot & PROT_WRITE) != 0 || (prot & PROT_READ) == 0 || len == 0 ||
	    ((dst | src | len) & (VM_PAGE - 1)) != 0 || target == caller) {
		return -EINVAL;
	}
	for (done = 0; done < len; done += VM_PAGE) {
		err = shm_borrow(caller, src + done, false, &pa);
		if (err != 0) {
			break;
		}
		err = vm_map_borrowed(target, dst + done, pa, VM_PAGE, prot, 0);
		if (err != 0) {
			pageref_borrow_drop(pa);
			break;
		}
	}
	if (err != 0 && done > 0) {
		vm_unmap(target, dst, done);
	}
	return err;
}
