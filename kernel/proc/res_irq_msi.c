/*
 * Message-signalled interrupts (KC_IRQ_MSI): a driver asks for one for a
 * PCI function its record lists, and gets a vector of its own from the
 * pool between the GSI vectors and the self-tests' (res_impl.h), aimed at
 * the boot CPU, plus the message that raises it: address 0xFEE00000 with
 * the CPU's APIC id in bits 19:12 (physical destination), data the vector
 * (fixed delivery, edge).  The driver writes both into the device's MSI
 * capability or MSI-X table itself.
 *
 * The hook behaves like a line's: the bit in NOTIFY_IRQ, KC_IRQ_ENABLE,
 * KC_IRQ_UNBIND, freed at exit, its vector back in the pool.  An MSI is
 * an edge with no line behind it, so nothing is masked: a message that
 * arrives while the hook is still pending just notifies again, and the
 * notifications coalesce.  A vector's handler stays registered after the
 * hook goes, so a late message from a device nobody reprogrammed finds
 * no hook and is dropped (trap_dispatch sends the EOI either way).
 *
 * Entry points: res_irq_msi, res_msi_enable, res_msi_remove.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/percpu.h>
#include <arch/trap.h>
#include <kern/heap.h>
#include <kern/ipc.h>
#include <kern/log.h>
#include <kern/res.h>
#include <kern/res_check.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>
#include "res_impl.h"

#define MSI_ADDR_BASE 0xfee00000ULL
#define MSI_ADDR_DEST_SHIFT 12
#define MSI_APIC_ID_MAX 255 /* the xAPIC format's 8-bit destination */

_Static_assert(MSI_VECTOR_BASE >= IRQ_VECTOR_BASE + IRQ_GSI_MAX, "MSI and GSI vectors overlap");
_Static_assert(MSI_VECTOR_END <= T_IRQ_END && MSI_VECTORS > 0, "no MSI vectors");

/* The hook on each pool vector, NULL while free (irq_lock). */
static struct irq_hook *msi_hooks[MSI_VECTORS];

/* Notifies the owner of the vector's hook, if it still has one. */
static void
res_msi_trap(struct trap_frame *f)
{
	uint64_t i = f->vector - MSI_VECTOR_BASE;
	struct irq_hook *h;

	if (i >= MSI_VECTORS) {
		return;
	}
	spin_lock(&irq_lock);
	h = msi_hooks[i];
	if (h != NULL) {
		h->ih_pending = true;
		ipc_irq_notify(h->ih_proc, h->ih_id);
	}
	spin_unlock(&irq_lock);
}

int64_t
res_irq_msi(struct proc *p, uint32_t bdf, struct msi_msg *msg)
{
	uint32_t apic = cpus[0]->c_apic_id;
	struct res_state *rs;
	struct irq_hook *h;
	unsigned i;
	bool was;
	int err;

	if (!res_check_dev(&p->p_priv, bdf)) {
		pr_debug("res: %s: MSI for PCI function %#x not in its privileges\n", p->p_name,
		    bdf);
		return -ECALLDENIED;
	}
	if (apic > MSI_APIC_ID_MAX) {
		pr_debug("res: boot CPU's APIC id %u cannot be an MSI destination\n", apic);
		return -ENODEV;
	}
	h = res_irq_hook_new(p, &err);
	if (h == NULL) {
		return err;
	}

	was = spin_lock_irqsave(&irq_lock);
	for (i = 0; i < MSI_VECTORS && msi_hooks[i] != NULL; i++) {
	}
	if (i == MSI_VECTORS) {
		spin_unlock_irqrestore(&irq_lock, was);
		pr_debug("res: %s: no free MSI vector\n", p->p_name);
		err = -ENOSPC;
		goto fail;
	}
	h->ih_vector = (uint8_t)(MSI_VECTOR_BASE + i);
	/* Registering the same handler again changes nothing. */
	trap_register(h->ih_vector, res_msi_trap);
	msi_hooks[i] = h;
	rs = p->p_res;
	rs->rs_irq[h->ih_id] = h;
	spin_unlock_irqrestore(&irq_lock, was);

	msg->mm_addr = MSI_ADDR_BASE | (uint64_t)apic << MSI_ADDR_DEST_SHIFT;
	msg->mm_data = h->ih_vector;
	msg->mm_pad = 0;
	pr_debug("res: %s: MSI for %#x: vector %u, hook %u\n", p->p_name, bdf, h->ih_vector,
	    h->ih_id);
	return h->ih_id;

fail:
	kfree(h);
	return err;
}

void
res_msi_enable(struct irq_hook *h)
{
	h->ih_pending = false;
}

void
res_msi_remove(struct irq_hook *h)
{
	msi_hooks[h->ih_vector - MSI_VECTOR_BASE] = NULL;
}
