/*
 * Private to kernel/proc/res_*.c: what a process holds beyond its own
 * memory, reached through p->p_res.  The record is allocated the first time
 * a process takes a resource and freed by proc_release_resources(), so a
 * process that never asks for one costs nothing.
 *
 * Locking: each process-table slot's grant lock (res_grant_lock(),
 * res_grant_chain.c, which gives the whole lock order) guards the slot's
 * p_res pointer and the grant table in it, since other processes read
 * them (safecopy, grant map, pins, revocation at exit).  It nests outside
 * the processes' p_vm_lock.  The DMA list and the pin list are touched
 * only by the owner's own kernel calls and by its teardown.  IRQ hooks
 * are guarded by the IRQ lock in res_irq.c, as the interrupt handler
 * walks them.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <arch/trap.h>
#include <kern/dma.h>
#include <kern/grant.h>
#include <kern/proc.h>
#include <kern/rwlock.h>
#include <kern/spinlock.h>

#define RES_IRQ_HOOKS 64 /* hook ids 0..63: the bits of NOTIFY_IRQ's bitmap */

/*
 * Device vectors (arch/trap.h): T_IRQ_BASE is ktest's; then one fixed
 * vector per GSI the IOAPICs may have (res_irq.c); then the pool MSIs
 * take theirs from (res_irq_msi.c), up to the two the timer self-tests
 * use at the top.
 */
#define IRQ_VECTOR_BASE (T_IRQ_BASE + 16)
#define IRQ_GSI_MAX 64
#define MSI_VECTOR_BASE (IRQ_VECTOR_BASE + IRQ_GSI_MAX)
#define MSI_VECTOR_END (T_IRQ_END - 2)
#define MSI_VECTORS (MSI_VECTOR_END - MSI_VECTOR_BASE)

/* An IRQ hook: a line's (ih_vector 0), shared with the line's other
 * hooks, or an MSI's, alone on its vector.  Guarded by irq_lock. */
struct irq_hook {
	struct proc *ih_proc;
	uint32_t ih_gsi;          /* a line hook's GSI */
	uint8_t ih_vector;        /* an MSI hook's vector; 0 for a line hook */
	uint8_t ih_id;            /* bit in the owner's NOTIFY_IRQ bitmap */
	bool ih_pending;          /* fired, not yet re-enabled */
	struct irq_hook *ih_next; /* on its line */
};

/* Guards the IRQ lines, the MSI vectors and every hook; the interrupt
 * handlers take it too (res_irq.c). */
extern struct spinlock irq_lock;

struct grant_pin; /* res_pin.c */

struct res_state {
	endpoint_t rs_owner;           /* the process (and generation) it belongs to */
	struct grant_table *rs_grants; /* NULL while p holds no grant */
	uint32_t rs_grant_seq;         /* where the next table's sequence numbers start */
	struct dma_list rs_dma;
	struct irq_hook *rs_irq[RES_IRQ_HOOKS]; /* by hook id */
	struct grant_pin *rs_pins;              /* KC_GRANT_PHYS pins p holds */
	unsigned rs_npins;
};

/* p's record, allocated on first use; NULL when out of memory. */
struct res_state *res_state_get(struct proc *p);

/* Frees p's record once every list in it is empty. */
void res_state_free(struct proc *p);

/* The grant lock of ep's process-table slot (whatever the generation). */
struct rwlock *res_grant_lock(endpoint_t ep);

/* With res_grant_lock(owner_ep) held: the live process owner_ep (that
 * generation) and its grant table.  -EDEADSRCDST when owner_ep is not
 * alive, -ENOENT when it has no grant at all. */
int res_grant_table_at(endpoint_t owner_ep, struct proc **owner, struct grant_table **t);

/* With res_grant_lock(owner_ep) held: checks that caller may use
 * owner_ep's direct grant id for access on [offset, offset+len); gives
 * the owner and the first byte's address in it, which stays mapped (or
 * at least allocated) until the lock is let go.  An indirect grant is
 * -EACCES here.  Errors as res_safecopy(). */
int res_grant_lookup(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct proc **owner, uint64_t *addr);

/* The process-table slots a chain of grants crosses, sorted, each once. */
struct grant_chain {
	unsigned gc_n;
	uint16_t gc_slot[GRANT_DEPTH_MAX + 1];
};

/* Where a chain ends: the process whose memory it is, the address there,
 * and the depth of the grant the chain started from. */
struct res_grant_end {
	struct proc *ge_owner;
	uint64_t ge_addr;
	unsigned ge_depth;
};

/*
 * Chains of grants (res_grant_chain.c).  learn: walks caller's use of
 * owner_ep's grant id for access on [offset, offset+len) down to its
 * direct grant, each table locked on its own, and records in *c which
 * tables it crosses; 0 with *end filled, or the first link's error.
 * lock/unlock: read-locks every table of c in order (interrupts off; the
 * interrupt state is returned and given back).  walk: the same walk with
 * c locked; *end stays valid until c is unlocked.  Errors: -EDEADSRCDST
 * (a link's owner is dead), or those of grant_table_step().
 */
int res_grant_chain_learn(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct grant_chain *c, struct res_grant_end *end);
bool res_grant_chain_lock(const struct grant_chain *c);
void res_grant_chain_unlock(const struct grant_chain *c, bool was);
int res_grant_chain_walk(const struct grant_chain *c, struct proc *caller, endpoint_t owner_ep,
    int64_t id, unsigned access, uint64_t offset, uint64_t len, struct res_grant_end *end);

/* Reclaimers, one per kind of resource, run by proc_release_resources(). */
void res_irq_release(struct proc *p);
void res_dma_release(struct proc *p);
void res_grant_release(struct proc *p);
void res_pin_release(struct proc *p);
void res_io_release(struct proc *p);

/* A new hook of p's (zeroed but for ih_proc and ih_id, the lowest id p
 * has free), not yet in p's table; NULL with *err -ENOMEM or -ENOSPC.
 * Only p's own calls add hooks, so no lock is needed. */
struct irq_hook *res_irq_hook_new(struct proc *p, int *err);

/* The MSI halves of KC_IRQ_UNBIND and KC_IRQ_ENABLE (res_irq_msi.c):
 * frees h's vector, or marks h served.  Caller holds irq_lock. */
void res_msi_remove(struct irq_hook *h);
void res_msi_enable(struct irq_hook *h);
