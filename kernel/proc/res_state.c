/*
 * The per-process resource record (res_impl.h): allocated on first use,
 * freed once proc_release_resources() has emptied it.  p_res changes
 * under the slot's grant lock (res_grant_chain.c), which other processes
 * hold while they read p's grant table.
 *
 * Entry points: res_state_get, res_state_free.
 */
#include <stddef.h>
#include <kern/heap.h>
#include <kern/panic.h>
#include <kern/spinlock.h>
#include "res_impl.h"

struct res_state *
res_state_get(struct proc *p)
{
	struct res_state *rs = p->p_res, *fresh;
	bool was;

	if (rs != NULL) {
		return rs;
	}
	fresh = kzalloc(sizeof(*fresh));
	if (fresh == NULL) {
		return NULL;
	}
	fresh->rs_owner = p->p_endpoint;
	/* Only p's own kernel calls create the record, so nobody races us;
	 * the lock orders the store before readers on other CPUs. */
	was = rw_write_lock_irqsave(res_grant_lock(p->p_endpoint));
	p->p_res = fresh;
	rw_write_unlock_irqrestore(res_grant_lock(p->p_endpoint), was);
	return fresh;
}

void
res_state_free(struct proc *p)
{
	struct res_state *rs;
	bool was = rw_write_lock_irqsave(res_grant_lock(p->p_endpoint));

	rs = p->p_res;
	p->p_res = NULL;
	rw_write_unlock_irqrestore(res_grant_lock(p->p_endpoint), was);
	if (rs == NULL) {
		return;
	}
	KASSERT(rs->rs_grants == NULL && rs->rs_dma.dl_head == NULL && rs->rs_pins == NULL);
	for (unsigned i = 0; i < RES_IRQ_HOOKS; i++) {
		KASSERT(rs->rs_irq[i] == NULL);
	}
	kfree(rs);
}
