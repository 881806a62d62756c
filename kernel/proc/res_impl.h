/*
 * Private to kernel/proc/res_*.c: what a process holds beyond its own
 * memory, reached through p->p_res.  The record is allocated the first time
 * a process takes a resource and freed by proc_release_resources(), so a
 * process that never asks for one costs nothing.
 *
 * Locking: res_lock (res_state.c) guards p_res itself and every process's
 * grant table, since other processes read them (safecopy, grant map,
 * revocation at exit).  It nests outside the processes' p_vm_lock.  The DMA list is touched only by the owner's
 * own kernel calls and by its teardown.  IRQ hooks are guarded by the IRQ
 * lock in res_irq.c, as the interrupt handler walks them.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <arch/trap.h>
#include <kern/dma.h>
#include <kern/grant.h>
#include <kern/proc.h>
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

struct res_state {
	struct grant_table *rs_grants; /* NULL while p holds no grant */
	uint32_t rs_grant_seq;         /* where the next table's sequence numbers start */
	struct dma_list rs_dma;
	struct irq_hook *rs_irq[RES_IRQ_HOOKS]; /* by hook id */
};

extern struct spinlock res_lock;

/* p's record, allocated on first use; NULL when out of memory. */
struct res_state *res_state_get(struct proc *p);

/* Frees p's record once every list in it is empty. */
void res_state_free(struct proc *p);

/* Checks that caller may use owner_ep's grant id for access on [offset,
 * offset+len); gives the owner and the first byte's address in it.
 * Caller holds res_lock, which keeps the owner's table and address space
 * alive until it lets go.  Errors as res_safecopy(). */
int res_grant_lookup(struct proc *caller, endpoint_t owner_ep, int64_t id, unsigned access,
    uint64_t offset, uint64_t len, struct proc **owner, uint64_t *addr);

/* Reclaimers, one per kind of resource, run by proc_release_resources(). */
void res_irq_release(struct proc *p);
void res_dma_release(struct proc *p);
void res_grant_release(struct proc *p);
void res_io_release(struct proc *p);

/* A new hook of p's (zeroed but for ih_proc and ih_id, the lowest id p
 * has free), not yet in p's table; NULL with *err -ENOMEM or -ENOSPC.
 * Only p's own calls add hooks, so no lock is needed. */
struct irq_hook *res_irq_hook_new(struct proc *p, int *err);

/* The MSI halves of KC_IRQ_UNBIND and KC_IRQ_ENABLE (res_irq_msi.c):
 * frees h's vector, or marks h served.  Caller holds irq_lock. */
void res_msi_remove(struct irq_hook *h);
void res_msi_enable(struct irq_hook *h);
