/*
 * Grants, the kernel side: each process's grant table (kern/grant.h,
 * allocated with its first grant), safecopy between a grantee and a
 * granter, and revocation when either dies.
 *
 * Safecopy never trusts a pointer of either process: the window is
 * checked against the grant, then the bytes move page by page with
 * vm_copy(), which walks both page tables and copies through the direct
 * map.  Each page is copied under res_lock after the grant has been
 * checked again, so a revocation or the granter's death is seen at the
 * next page, and the granter's memory cannot go away while a page is
 * copied (its release takes res_lock before its page tables go).
 *
 * Entry points: res_grant_create, res_grant_revoke, res_safecopy,
 * res_grant_release, res_grant_lookup.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/grant.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/vm.h>
#include <xinim/errno.h>
#include "res_impl.h"

/* A table with no grant left is taken away from rs and returned for the
 * caller to free after res_lock (NULL otherwise): a process that holds no
 * grant holds no memory for them.  Caller holds res_lock. */
static struct grant_table *
res_grant_table_trim(struct res_state *rs)
{
	struct grant_table *t = rs->rs_grants;

	if (t == NULL || t->gt_used != 0) {
		return NULL;
	}
	rs->rs_grant_seq = grant_table_next_seq(t);
	rs->rs_grants = NULL;
	return t;
}

int64_t
res_grant_create(struct proc *p, endpoint_t grantee, uint64_t addr, uint64_t len, unsigned access)
{
	struct res_state *rs = res_state_get(p);
	struct grant_table *fresh = NULL, *empty = NULL;
	int64_t id;
	bool was;

	if (rs == NULL) {
		return -ENOMEM;
	}
	if (grantee < 0 || proc_lookup(grantee) == NULL) {
		pr_debug("res: %s: grant to %d: no such process\n", p->p_name, grantee);
		return -EDEADSRCDST;
	}
	was = spin_lock_irqsave(&res_lock);
	while (rs->rs_grants == NULL && fresh == NULL) {
		/* No table yet, or the death of our last grantee has just
		 * trimmed it (res_grant_release(), on another CPU): allocate
		 * one outside the lock and look again. */
		spin_unlock_irqrestore(&res_lock, was);
		fresh = kmalloc(sizeof(*fresh));
		if (fresh == NULL) {
			return -ENOMEM;
		}
		was = spin_lock_irqsave(&res_lock);
	}
	if (rs->rs_grants == NULL) {
		grant_table_init(fresh, rs->rs_grant_seq);
		rs->rs_grants = fresh;
		fresh = NULL;
	}
	id = grant_table_add(rs->rs_grants, addr, len, grantee, access, VM_USER_END);
	if (id < 0) {
		empty = res_grant_table_trim(rs);
	}
	spin_unlock_irqrestore(&res_lock, was);
	kfree(fresh);
	kfree(empty);
	if (id < 0) {
		pr_debug("res: %s: grant [%#lx+%#lx) refused (%ld)\n", p->p_name, addr, len, id);
	}
	return id;
}

int
res_grant_revoke(struct proc *p, int64_t id)
{
	struct res_state *rs = p->p_res;
	struct grant_table *empty = NULL;
	bool was;
	int err = -ENOENT;

	was = spin_lock_irqsave(&res_lock);
	if (rs != NULL && rs->rs_grants != NULL) {
		err = grant_table_revoke(rs->rs_grants, id);
		empty = res_grant_table_trim(rs);
	}
	spin_unlock_irqrestore(&res_lock, was);
	kfree(empty);
	return err;
}

int
res_grant_lookup(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct proc **owner, uint64_t *addr)
{
	struct proc *o = proc_lookup(owner_ep);
	struct res_state *rs;

	if (owner_ep < 0 || o == NULL || o->p_state != PROC_LIVE) {
		return -EDEADSRCDST;
	}
	rs = o->p_res;
	if (rs == NULL || rs->rs_grants == NULL) {
		return -ENOENT;
	}
	*owner = o;
	return grant_table_check(rs->rs_grants, id, caller->p_endpoint, access, offset, len, addr);
}

int
res_safecopy(struct proc *caller, endpoint_t owner_ep, int64_t id, uint64_t offset, uint64_t uaddr,
    uint64_t len, bool to_owner)
{
	unsigned access = to_owner ? GRANT_WRITE : GRANT_READ;
	struct proc *owner;
	uint64_t addr, done = 0;
	bool was;
	int err;

	if (!vm_user_range(uaddr, len)) {
		return len == 0 ? -EINVAL : -EFAULT;
	}
	was = spin_lock_irqsave(&res_lock);
	err = res_grant_lookup(caller, owner_ep, id, access, offset, len, &owner, &addr);
	spin_unlock_irqrestore(&res_lock, was);
	while (err == 0 && done < len) {
		uint64_t chunk = VM_PAGE - ((addr + done) & (VM_PAGE - 1)), at;

		if (chunk > len - done) {
			chunk = len - done;
		}
		was = spin_lock_irqsave(&res_lock);
		err = res_grant_lookup(caller, owner_ep, id, access, offset + done, chunk, &owner,
		    &at);
		if (err == 0) {
			err = to_owner ? vm_copy(caller, uaddr + done, owner, at, chunk, 0) :
			                 vm_copy(owner, at, caller, uaddr + done, chunk, 0);
		}
		spin_unlock_irqrestore(&res_lock, was);
		done += chunk;
	}
	if (err != 0) {
		pr_debug("res: %s: safecopy %s %d grant %ld: %d\n", caller->p_name,
		    to_owner ? "to" : "from", owner_ep, id, err);
	}
	return err;
}

void
res_grant_release(struct proc *p)
{
	struct res_state *rs = p->p_res;
	struct grant_table *t = NULL, *empty[32];
	unsigned n_empty = 0;
	bool was = spin_lock_irqsave(&res_lock);

	if (rs != NULL) {
		t = rs->rs_grants;
		rs->rs_grants = NULL;
	}
	/* Grants others made to p name an endpoint no process will have
	 * again; drop them so nothing of p is left behind. */
	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		struct res_state *other = proc_table[i].p_res;

		if (other == NULL || other->rs_grants == NULL ||
		    grant_table_revoke_grantee(other->rs_grants, p->p_endpoint) == 0) {
			continue;
		}
		/* Tables emptied here are freed after the lock, a batch at a
		 * time; one left over is freed at its owner's next revoke. */
		if (n_empty < sizeof(empty) / sizeof(empty[0])) {
			empty[n_empty] = res_grant_table_trim(other);
			n_empty += empty[n_empty] != NULL;
		}
	}
	spin_unlock_irqrestore(&res_lock, was);
	kfree(t);
	while (n_empty > 0) {
		kfree(empty[--n_empty]);
	}
}
