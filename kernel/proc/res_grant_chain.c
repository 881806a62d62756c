/*
 * The locks of grant tables, and walking a chain of grants (direct, or
 * indirect ones passed on, kern/grant.h) from the grant a process uses
 * down to the memory at its end.
 *
 * Locking.  Each process-table slot has its own reader-writer lock
 * (kern/rwlock.h), in a static array so that it outlives every process
 * of the slot.  It guards the slot's p_res pointer and the grant table in
 * it: readers are copies, mappings and pins through the slot's grants;
 * writers are the owner's KC_GRANT_* calls, the record's creation and
 * freeing, and revocation at a death.  So copies through grants of
 * different processes never meet, and copies through the same process's
 * grants (vfs's, with every client's grant passed on) run side by side.
 *
 * Lock order, outermost first:
 *   1. grant-slot locks, read: several at once (a chain's tables), always
 *      in ascending slot order, each once;
 *      grant-slot locks, write: one at a time, with no other grant-slot
 *      lock held;
 *   2. a process's p_vm_lock (two at once by address, kern/vm.h);
 *   3. pageref_lock, the heap's lock.
 * Nothing here is taken in interrupt handlers, but interrupts stay off
 * while a lock is held so that a holder is never preempted.
 *
 * Why this keeps the old guarantees.  A table is taken out of a dying
 * process (res_grant_release) under the write lock, before its address
 * space goes; so a copy that finds the owner's table under the read lock
 * is copying from memory that stays until it lets go.  A revocation takes
 * the write lock, so a copy sees it from its next page on.  A chain is
 * checked whole, with all of its tables' read locks held, for every page.
 *
 * A copy first learns which tables its chain crosses (res_grant_chain_learn,
 * one lock at a time), then for each page locks them all in order, walks
 * the chain again and copies.  Grants never change once made and ids are
 * never reused, so a walk under the locks either follows the same tables
 * or meets a link that is gone (-ENOENT, -EDEADSRCDST).
 *
 * Entry points: res_grant_lock, res_grant_table_at, res_grant_lookup,
 * res_grant_chain_learn, res_grant_chain_lock, res_grant_chain_unlock,
 * res_grant_chain_walk.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/grant.h>
#include <kern/rwlock.h>
#include <xinim/errno.h>
#include "res_impl.h"

static struct rwlock grant_locks[ENDPOINT_SLOTS];

struct rwlock *
res_grant_lock(endpoint_t ep)
{
	return &grant_locks[ENDPOINT_SLOT(ep)];
}

int
res_grant_table_at(endpoint_t owner_ep, struct proc **owner, struct grant_table **t)
{
	struct proc *o;
	struct res_state *rs;

	if (owner_ep < 0) {
		return -EDEADSRCDST;
	}
	o = &proc_table[ENDPOINT_SLOT(owner_ep)];
	rs = o->p_res;
	/* rs_owner tells the generation: the record (and so the table) of a
	 * later process in the slot is never taken for the one named. */
	if (__atomic_load_n(&o->p_state, __ATOMIC_RELAXED) != PROC_LIVE ||
	    (rs != NULL && rs->rs_owner != owner_ep) ||
	    (rs == NULL && __atomic_load_n(&o->p_endpoint, __ATOMIC_RELAXED) != owner_ep)) {
		return -EDEADSRCDST;
	}
	/* A live process that never made a grant has no record. */
	if (rs == NULL || rs->rs_grants == NULL) {
		return -ENOENT;
	}
	*owner = o;
	*t = rs->rs_grants;
	return 0;
}

int
res_grant_lookup(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct proc **owner, uint64_t *addr)
{
	struct grant_table *t;
	struct grant_hop hop = { owner_ep, id, offset };
	int err = res_grant_table_at(owner_ep, owner, &t);

	if (err != 0) {
		return err;
	}
	err = grant_table_step(t, caller->p_endpoint, access, len, &hop, addr);
	/* Only direct grants reach memory of owner itself. */
	return err == GRANT_STEP_NEXT ? -EACCES : err;
}

/* Adds slot to c, keeping it sorted and without repeats. */
static void
chain_add(struct grant_chain *c, unsigned slot)
{
	unsigned i = 0;

	while (i < c->gc_n && c->gc_slot[i] < slot) {
		i++;
	}
	if (i < c->gc_n && c->gc_slot[i] == slot) {
		return;
	}
	for (unsigned j = c->gc_n; j > i; j--) {
		c->gc_slot[j] = c->gc_slot[j - 1];
	}
	c->gc_slot[i] = (uint16_t)slot;
	c->gc_n++;
}

static bool
chain_has(const struct grant_chain *c, unsigned slot)
{
	for (unsigned i = 0; i < c->gc_n; i++) {
		if (c->gc_slot[i] == slot) {
			return true;
		}
	}
	return false;
}

/*
 * The walk itself.  With c NULL each table is read-locked on its own
 * (learning), and its slot added to *learn; else every table must be one
 * of c's, all locked by the caller.
 */
static int
chain_walk(const struct grant_chain *c, struct grant_chain *learn, struct proc *caller,
    endpoint_t owner_ep, int64_t id, unsigned access, uint64_t offset, uint64_t len,
    struct res_grant_end *end)
{
	struct grant_hop hop = { owner_ep, id, offset };
	endpoint_t user = caller->p_endpoint;

	for (unsigned links = 0; links <= GRANT_DEPTH_MAX; links++) {
		endpoint_t here = hop.gh_owner;
		struct grant_table *t;
		struct rwlock *l;
		struct proc *o;
		uint64_t addr;
		bool was = false;
		int r;

		if (here < 0) {
			return -EDEADSRCDST;
		}
		l = res_grant_lock(here);
		if (c == NULL) {
			was = rw_read_lock_irqsave(l);
		} else if (!chain_has(c, ENDPOINT_SLOT(hop.gh_owner))) {
			return -ENOENT;
		}
		r = res_grant_table_at(hop.gh_owner, &o, &t);
		if (r == 0) {
			if (links == 0) {
				const struct grant *g = grant_table_get(t, id);

				end->ge_depth = g != NULL ? g->g_depth : 0;
			}
			r = grant_table_step(t, user, access, len, &hop, &addr);
		}
		if (c == NULL) {
			rw_read_unlock_irqrestore(l, was);
			chain_add(learn, ENDPOINT_SLOT(here));
		}
		if (r < 0) {
			return r;
		}
		if (r == GRANT_STEP_DONE) {
			end->ge_owner = o;
			end->ge_addr = addr;
			return 0;
		}
		user = here;
	}
	/* Deeper than any grant can be made: a broken invariant, refused. */
	return -ELOOP;
}

int
res_grant_chain_learn(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct grant_chain *c, struct res_grant_end *end)
{
	c->gc_n = 0;
	return chain_walk(NULL, c, caller, owner_ep, id, access, offset, len, end);
}

bool
res_grant_chain_lock(const struct grant_chain *c)
{
	bool was = irq_save();

	for (unsigned i = 0; i < c->gc_n; i++) {
		rw_read_lock(&grant_locks[c->gc_slot[i]]);
	}
	return was;
}

void
res_grant_chain_unlock(const struct grant_chain *c, bool was)
{
	for (unsigned i = c->gc_n; i > 0; i--) {
		rw_read_unlock(&grant_locks[c->gc_slot[i - 1]]);
	}
	irq_restore(was);
}

int
res_grant_chain_walk(const struct grant_chain *c, struct proc *caller, endpoint_t owner_ep,
    int64_t id, unsigned access, uint64_t offset, uint64_t len, struct res_grant_end *end)
{
	return chain_walk(c, NULL, caller, owner_ep, id, access, offset, len, end);
}
