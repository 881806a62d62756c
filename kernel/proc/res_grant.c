/*
 * Grants, the kernel side: each process's grant table (kern/grant.h,
 * allocated with its first grant), the calls that change it
 * (KC_GRANT_CREATE, KC_GRANT_INDIRECT, KC_GRANT_REVOKE), and revocation
 * when a process dies.  Copies through grants are in res_safecopy.c, the
 * locks and the walk along chains of indirect grants in
 * res_grant_chain.c.
 *
 * A table changes only under its slot's grant lock, taken for writing,
 * one at a time.  An indirect grant is checked against its source (and
 * the whole chain behind it) under the read locks first, then recorded
 * under the write lock of the caller's own table: a revocation in
 * between leaves a grant that fails from its first copy, exactly as if
 * the revocation had come just after.
 *
 * Entry points: res_grant_create, res_grant_indirect, res_grant_revoke,
 * res_grant_release.
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
 * caller to free after the lock (NULL otherwise): a process that holds
 * no grant holds no memory for them.  Caller holds rs's slot's grant
 * lock for writing. */
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

/* What a new grant records: a window of p's own memory (src_owner
 * ENDPOINT_NONE), or a window of src_owner's grant src_id. */
struct grant_new {
	endpoint_t gn_grantee;
	unsigned gn_access;
	uint64_t gn_addr; /* or the offset in the source */
	uint64_t gn_len;
	endpoint_t gn_src_owner;
	int64_t gn_src_id;
	unsigned gn_src_depth;
};

/* Records n in p's table, which it makes when there is none. */
static int64_t
res_grant_add(struct proc *p, const struct grant_new *n)
{
	struct res_state *rs = res_state_get(p);
	struct grant_table *fresh = NULL, *empty = NULL;
	struct rwlock *l = res_grant_lock(p->p_endpoint);
	int64_t id;
	bool was;

	if (rs == NULL) {
		return -ENOMEM;
	}
	was = rw_write_lock_irqsave(l);
	while (rs->rs_grants == NULL && fresh == NULL) {
		/* No table yet, or the death of our last grantee has just
		 * trimmed it (res_grant_release(), on another CPU): allocate
		 * one outside the lock and look again. */
		rw_write_unlock_irqrestore(l, was);
		fresh = kmalloc(sizeof(*fresh));
		if (fresh == NULL) {
			return -ENOMEM;
		}
		was = rw_write_lock_irqsave(l);
	}
	if (rs->rs_grants == NULL) {
		grant_table_init(fresh, rs->rs_grant_seq);
		rs->rs_grants = fresh;
		fresh = NULL;
	}
	if (n->gn_src_owner == ENDPOINT_NONE) {
		id = grant_table_add(rs->rs_grants, n->gn_addr, n->gn_len, n->gn_grantee,
		    n->gn_access, VM_USER_END);
	} else {
		id = grant_table_add_indirect(rs->rs_grants, n->gn_grantee, n->gn_access,
		    n->gn_src_owner, n->gn_src_id, n->gn_addr, n->gn_len, n->gn_src_depth);
	}
	if (id < 0) {
		empty = res_grant_table_trim(rs);
	}
	rw_write_unlock_irqrestore(l, was);
	kfree(fresh);
	kfree(empty);
	return id;
}

int64_t
res_grant_create(struct proc *p, endpoint_t grantee, uint64_t addr, uint64_t len, unsigned access)
{
	struct grant_new n = { grantee, access, addr, len, ENDPOINT_NONE, -1, 0 };
	int64_t id;

	if (grantee < 0 || proc_lookup(grantee) == NULL) {
		pr_debug("res: %s: grant to %d: no such process\n", p->p_name, grantee);
		return -EDEADSRCDST;
	}
	id = res_grant_add(p, &n);
	if (id < 0) {
		pr_debug("res: %s: grant [%#lx+%#lx) refused (%ld)\n", p->p_name, addr, len, id);
	}
	return id;
}

int64_t
res_grant_indirect(struct proc *p, endpoint_t grantee, endpoint_t owner, int64_t owner_grant,
    uint64_t offset, uint64_t len, unsigned access)
{
	struct grant_new n = { grantee, access, offset, len, owner, owner_grant, 0 };
	struct grant_chain c;
	struct res_grant_end end;
	int64_t id;

	/* The request itself first, then the chain it would extend. */
	if (len == 0 || access == 0 || (access & ~GRANT_ACCESS_ALL) != 0 || owner_grant < 0 ||
	    owner_grant > INT32_MAX) {
		id = -EINVAL;
		goto refused;
	}
	if ((access & GRANT_MAP) != 0) {
		id = -EACCES;
		goto refused;
	}
	if (offset + len < offset) {
		id = -ERANGE;
		goto refused;
	}
	if (grantee < 0 || proc_lookup(grantee) == NULL) {
		id = -EDEADSRCDST;
		goto refused;
	}
	id = res_grant_chain_learn(p, owner, owner_grant, access, offset, len, &c, &end);
	if (id != 0) {
		goto refused;
	}
	n.gn_src_depth = end.ge_depth;
	id = res_grant_add(p, &n);
	if (id >= 0) {
		return id;
	}

refused:
	pr_debug("res: %s: indirect grant of %d's %ld [%#lx+%#lx) to %d refused (%ld)\n", p->p_name,
	    owner, owner_grant, offset, len, grantee, id);
	return id;
}

int
res_grant_revoke(struct proc *p, int64_t id)
{
	struct res_state *rs = p->p_res;
	struct grant_table *empty = NULL;
	struct rwlock *l = res_grant_lock(p->p_endpoint);
	bool was;
	int err = -ENOENT;

	was = rw_write_lock_irqsave(l);
	if (rs != NULL && rs->rs_grants != NULL) {
		err = grant_table_revoke(rs->rs_grants, id);
		empty = res_grant_table_trim(rs);
	}
	rw_write_unlock_irqrestore(l, was);
	kfree(empty);
	return err;
}

/*
 * p's table goes first, under its lock, so that nothing reaches p's
 * memory any more (its address space goes after this); then the grants
 * others made to p, a table at a time.  Grants made from p's grants
 * (indirect ones in other tables) stay, and fail at their next use.
 */
void
res_grant_release(struct proc *p)
{
	struct res_state *rs = p->p_res;
	struct grant_table *t = NULL;
	bool was = rw_write_lock_irqsave(res_grant_lock(p->p_endpoint));

	if (rs != NULL) {
		t = rs->rs_grants;
		rs->rs_grants = NULL;
	}
	rw_write_unlock_irqrestore(res_grant_lock(p->p_endpoint), was);
	kfree(t);
	/* Grants others made to p name an endpoint no process will have
	 * again; drop them so nothing of p is left behind. */
	for (unsigned i = 0; i < ENDPOINT_SLOTS; i++) {
		struct rwlock *l = res_grant_lock((endpoint_t)i);
		struct res_state *other;
		struct grant_table *empty = NULL;

		/* A slot without a record has no table to look at (a record
		 * made meanwhile cannot hold a grant to p made before p died). */
		if (i == ENDPOINT_SLOT(p->p_endpoint) ||
		    __atomic_load_n(&proc_table[i].p_res, __ATOMIC_RELAXED) == NULL) {
			continue;
		}
		was = rw_write_lock_irqsave(l);
		other = proc_table[i].p_res;
		if (other != NULL && other->rs_grants != NULL &&
		    grant_table_revoke_grantee(other->rs_grants, p->p_endpoint) != 0) {
			empty = res_grant_table_trim(other);
		}
		rw_write_unlock_irqrestore(l, was);
		kfree(empty);
	}
}
