/*
 * KC_DEV_GRANT's kernel side: adds one PCI function's BARs, interrupt
 * line and identity to the record of a process that may be running on
 * another CPU right now.
 *
 * Concurrency.  The checks that read a record (res_check.h: MMIO maps,
 * IRQ binds, KC_IRQ_MSI) take no lock; they load each count with acquire,
 * and priv_grant_apply() publishes the new entries with release stores.
 * Writers are serialized by priv_lock, and KC_PROC_SETPRIV reads its
 * caller's record as a whole under it (res_priv_snapshot), so the subset
 * check never sees a half-grown record.  proc_lock is held around the
 * update so the target cannot start dying (and free its I/O bitmap)
 * meanwhile; lock order: proc_lock, then priv_lock.
 *
 * Ports are the one right not read from the record: the CPU reads the
 * TSS's copy of the process's bitmap.  The process's bitmap is only ever
 * opened further in place (or, if it had none, a new one is published),
 * before the record's counts grow, then every CPU is told to copy it
 * afresh at its next switch.  A CPU
 * running the process at that very moment keeps its old copy until then;
 * trap_user.c retries an I/O instruction whose port the process's bitmap
 * allows, after reloading this CPU's copy.
 *
 * Entry points: res_dev_grant, res_priv_snapshot.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/iobitmap.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/pci.h>
#include <kern/priv_grant.h>
#include <kern/res.h>
#include <kern/res_check.h>
#include <kern/spinlock.h>
#include <xinim/errno.h>

static struct spinlock priv_lock = SPINLOCK_INIT("priv");

void
res_priv_snapshot(const struct proc *p, struct priv_desc *out)
{
	bool was = spin_lock_irqsave(&priv_lock);

	*out = p->p_priv;
	spin_unlock_irqrestore(&priv_lock, was);
}

/* Opens g's ports in p's bitmap, or publishes fresh (built here from the
 * record and g) when p has none yet; returns whether fresh was used.
 * Ports are opened before the record grows, so that no process sees a
 * grant's MMIO ranges without its ports.  Caller holds proc_lock and
 * priv_lock. */
static bool
res_dev_open_ports(struct proc *p, const struct priv_grant *g, uint8_t *fresh)
{
	uint8_t *bitmap = p->p_iobitmap;
	bool used = false;

	if (g->pg_io_count == 0) {
		return false;
	}
	if (bitmap == NULL) {
		res_check_io_bitmap(&p->p_priv, fresh);
		bitmap = fresh;
		used = true;
	}
	for (unsigned i = 0; i < g->pg_io_count; i++) {
		res_check_io_open(bitmap, g->pg_io[i].pio_base, g->pg_io[i].pio_count);
	}
	if (used) {
		__atomic_store_n(&p->p_iobitmap, fresh, __ATOMIC_RELEASE);
	}
	return used;
}

int
res_dev_grant(struct proc *caller, endpoint_t target, uint32_t bdf, uint32_t bar_mask,
    unsigned flags)
{
	const struct pci_device *d = pci_device_find(bdf);
	struct priv_grant g;
	uint8_t *fresh = NULL;
	endpoint_t ep = ENDPOINT_NONE;
	struct proc *p;
	bool was, ports = false;
	int err;

	if (d == NULL) {
		pr_debug("res: %s: grant of unknown PCI function %#x\n", caller->p_name, bdf);
		return -ENODEV;
	}
	err = priv_grant_plan(d, bdf, bar_mask, flags, &g);
	if (err != 0) {
		pr_debug("res: %s: grant of %#x: BAR mask %#x or flags %#x refused\n",
		    caller->p_name, bdf, bar_mask, flags);
		return err;
	}
	/* A bitmap, in case the target has none yet: allocated before the
	 * locks, freed after them if it was not needed. */
	if (g.pg_io_count > 0) {
		fresh = kmalloc(RES_IOBITMAP_BYTES);
		if (fresh == NULL) {
			return -ENOMEM;
		}
	}
	was = spin_lock_irqsave(&proc_lock);
	p = proc_lookup(target);
	if (p == NULL || p->p_state != PROC_LIVE) {
		err = -ESRCH;
		goto unlock;
	}
	ep = p->p_endpoint;
	spin_lock(&priv_lock);
	err = priv_grant_room(&p->p_priv, &g);
	if (err == 0) {
		ports = g.pg_io_count > 0;
		if (res_dev_open_ports(p, &g, fresh)) {
			fresh = NULL;
		}
		err = priv_grant_apply(&p->p_priv, &g);
	}
	spin_unlock(&priv_lock);
unlock:
	spin_unlock_irqrestore(&proc_lock, was);
	if (ports) {
		iobitmap_forget(ep);
	}
	kfree(fresh);
	if (err != 0) {
		pr_debug("res: %s: grant of %#x to %d: %d\n", caller->p_name, bdf, target, err);
	}
	return err;
}
