/*
 * The per-process resource record (res_impl.h): allocated on first use,
 * freed once proc_release_resources() has emptied it, and res_lock, which
 * guards what other processes read in it.
 *
 * Entry points: res_state_get, res_state_free.
 */
#include <stddef.h>
#include <kern/heap.h>
#include <kern/panic.h>
#include <kern/spinlock.h>
#include "res_impl.h"

struct spinlock res_lock = SPINLOCK_INIT("res");

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
	/* Only p's own kernel calls create the record, so nobody races us;
	 * the lock orders the store before readers on other CPUs. */
	was = spin_lock_irqsave(&res_lock);
	p->p_res = fresh;
	spin_unlock_irqrestore(&res_lock, was);
	return fresh;
}

void
res_state_free(struct proc *p)
{
	struct res_state *rs;
	bool was = spin_lock_irqsave(&res_lock);

	rs = p->p_res;
	p->p_res = NULL;
	spin_unlock_irqrestore(&res_lock, was);
	if (rs == NULL) {
		return;
	}
	KASSERT(rs->rs_grants == NULL && rs->rs_dma.dl_head == NULL);
	for (unsigned i = 0; i < RES_IRQ_HOOKS; i++) {
		KASSERT(rs->rs_irq[i] == NULL);
	}
	kfree(rs);
}
