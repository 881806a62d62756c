/*
 * IRQ hooks: a driver process binds an IRQ line its privilege record
 * lists and gets a hook id; when the line fires, the kernel masks it and
 * notifies every process hooked to it (NOTIFY_IRQ, the hook's bit in the
 * bitmap); each re-enables its hook with KC_IRQ_ENABLE once it has served
 * its device, and the line is unmasked when no hook still owes that.
 *
 * Lines are ISA IRQ numbers (0-15, through the firmware's overrides) or
 * GSIs (16 up to IRQ_GSI_MAX, level-triggered and active low as PCI INTx
 * lines are).  A GSI gets the fixed vector IRQ_VECTOR_BASE + gsi on the
 * boot CPU the first time it is bound; the entry then stays routed and is
 * masked whenever no hook is left on it.  Message-signalled interrupts
 * (KC_IRQ_MSI) are hooks too, with a vector of their own and no line:
 * res_irq_msi.c.
 *
 * irq_lock guards the lines and every hook; the interrupt handler takes
 * it too, and calls ipc_irq_notify() under it, so a hook's process cannot
 * be released while it is being notified.
 *
 * Entry points: res_irq_bind, res_irq_enable, res_irq_unbind,
 * res_irq_release, res_irq_hook_new.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/ioapic.h>
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

#define ISA_LINES 16

struct irq_line {
	struct irq_hook *il_hooks;
	unsigned il_pending; /* hooks with ih_pending set */
	bool il_routed;
};

struct spinlock irq_lock = SPINLOCK_INIT("irq");
static struct irq_line irq_lines[IRQ_GSI_MAX];

/* Masks every hooked line that fires and tells its owners. */
static void
res_irq_trap(struct trap_frame *f)
{
	uint32_t gsi = (uint32_t)f->vector - IRQ_VECTOR_BASE;
	struct irq_line *l;

	if (gsi >= IRQ_GSI_MAX) {
		return;
	}
	l = &irq_lines[gsi];
	spin_lock(&irq_lock);
	ioapic_mask(gsi);
	for (struct irq_hook *h = l->il_hooks; h != NULL; h = h->ih_next) {
		if (!h->ih_pending) {
			h->ih_pending = true;
			l->il_pending++;
		}
		ipc_irq_notify(h->ih_proc, h->ih_id);
	}
	spin_unlock(&irq_lock);
}

/* The GSI and trigger flags of line; -EINVAL past what we route. */
static int
irq_line_gsi(unsigned line, uint32_t *gsi, unsigned *flags)
{
	if (line < ISA_LINES) {
		*gsi = ioapic_isa_to_gsi((uint8_t)line, flags);
	} else {
		*gsi = line;
		*flags = IOAPIC_LEVEL | IOAPIC_LOW;
	}
	return *gsi < IRQ_GSI_MAX ? 0 : -EINVAL;
}

/* Unmasks l's GSI when it has hooks and none of them owes a re-enable,
 * masks it when it has none.  Caller holds irq_lock. */
static void
irq_line_update(struct irq_line *l, uint32_t gsi)
{
	if (l->il_hooks != NULL && l->il_pending == 0) {
		ioapic_unmask(gsi);
	} else if (l->il_hooks == NULL) {
		ioapic_mask(gsi);
	}
}

struct irq_hook *
res_irq_hook_new(struct proc *p, int *err)
{
	struct res_state *rs = res_state_get(p);
	struct irq_hook *h;
	unsigned id;

	if (rs == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	for (id = 0; id < RES_IRQ_HOOKS && rs->rs_irq[id] != NULL; id++) {
	}
	if (id == RES_IRQ_HOOKS) {
		*err = -ENOSPC;
		return NULL;
	}
	h = kzalloc(sizeof(*h));
	if (h == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	h->ih_proc = p;
	h->ih_id = (uint8_t)id;
	return h;
}

int64_t
res_irq_bind(struct proc *p, unsigned line)
{
	struct res_state *rs;
	struct irq_hook *h;
	struct irq_line *l;
	uint32_t gsi;
	unsigned flags;
	bool was;
	int err;

	if (line > 255 || !res_check_irq(&p->p_priv, line)) {
		pr_debug("res: %s: IRQ line %u not in its privileges\n", p->p_name, line);
		return -ECALLDENIED;
	}
	if (irq_line_gsi(line, &gsi, &flags) != 0) {
		pr_debug("res: %s: IRQ line %u: GSI %u out of range\n", p->p_name, line, gsi);
		return -EINVAL;
	}
	h = res_irq_hook_new(p, &err);
	if (h == NULL) {
		return err;
	}
	h->ih_gsi = gsi;
	l = &irq_lines[gsi];

	was = spin_lock_irqsave(&irq_lock);
	if (!l->il_routed) {
		trap_register(IRQ_VECTOR_BASE + gsi, res_irq_trap);
		err =
		    ioapic_route(gsi, (uint8_t)(IRQ_VECTOR_BASE + gsi), cpus[0]->c_apic_id, flags);
		if (err != 0) {
			trap_register(IRQ_VECTOR_BASE + gsi, NULL);
			spin_unlock_irqrestore(&irq_lock, was);
			pr_debug("res: IRQ line %u (GSI %u): no IOAPIC route (%d)\n", line, gsi,
			    err);
			err = -ENODEV;
			goto fail;
		}
		l->il_routed = true;
		pr_debug("res: IRQ line %u: GSI %u, vector %u, %s\n", line, gsi,
		    IRQ_VECTOR_BASE + gsi, (flags & IOAPIC_LEVEL) ? "level" : "edge");
	}
	h->ih_next = l->il_hooks;
	l->il_hooks = h;
	rs = p->p_res;
	rs->rs_irq[h->ih_id] = h;
	irq_line_update(l, gsi);
	spin_unlock_irqrestore(&irq_lock, was);
	return h->ih_id;

fail:
	kfree(h);
	return err;
}

/* p's hook with that id; caller holds irq_lock. */
static struct irq_hook *
irq_hook_get(struct proc *p, unsigned id)
{
	struct res_state *rs = p->p_res;

	if (rs == NULL || id >= RES_IRQ_HOOKS) {
		return NULL;
	}
	return rs->rs_irq[id];
}

int
res_irq_enable(struct proc *p, unsigned id)
{
	struct irq_hook *h;
	struct irq_line *l;
	bool was = spin_lock_irqsave(&irq_lock);

	h = irq_hook_get(p, id);
	if (h == NULL) {
		spin_unlock_irqrestore(&irq_lock, was);
		return -ENOENT;
	}
	if (h->ih_vector != 0) {
		res_msi_enable(h);
		spin_unlock_irqrestore(&irq_lock, was);
		return 0;
	}
	l = &irq_lines[h->ih_gsi];
	if (h->ih_pending) {
		h->ih_pending = false;
		l->il_pending--;
	}
	irq_line_update(l, h->ih_gsi);
	spin_unlock_irqrestore(&irq_lock, was);
	return 0;
}

/* Takes h off its line (or frees its MSI vector) and p's table; caller
 * holds irq_lock. */
static void
irq_hook_remove(struct proc *p, struct irq_hook *h)
{
	struct res_state *rs = p->p_res;
	struct irq_line *l;

	rs->rs_irq[h->ih_id] = NULL;
	if (h->ih_vector != 0) {
		res_msi_remove(h);
		return;
	}
	l = &irq_lines[h->ih_gsi];
	for (struct irq_hook **link = &l->il_hooks; *link != NULL; link = &(*link)->ih_next) {
		if (*link == h) {
			*link = h->ih_next;
			break;
		}
	}
	if (h->ih_pending) {
		l->il_pending--;
	}
	irq_line_update(l, h->ih_gsi);
}

int
res_irq_unbind(struct proc *p, unsigned id)
{
	struct irq_hook *h;
	bool was = spin_lock_irqsave(&irq_lock);

	h = irq_hook_get(p, id);
	if (h == NULL) {
		spin_unlock_irqrestore(&irq_lock, was);
		return -ENOENT;
	}
	irq_hook_remove(p, h);
	spin_unlock_irqrestore(&irq_lock, was);
	kfree(h);
	return 0;
}

void
res_irq_release(struct proc *p)
{
	for (unsigned id = 0; id < RES_IRQ_HOOKS; id++) {
		res_irq_unbind(p, id);
	}
}
