/*
 * KC_DEV_GRANT's record arithmetic (see kern/priv_grant.h).  Counts in a
 * record that is live may grow under a reader's feet, never shrink, so a
 * reader that loaded a count with acquire can trust every entry below it.
 *
 * Entry points: priv_grant_plan, priv_grant_room, priv_grant_apply.
 */
#include <kern/priv_grant.h>
#include <kern/string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/pci.h>

#define PORT_END 0x10000ULL
#define BAR_MASK_ALL ((1u << PCI_NUM_BARS) - 1)

/* Whether the firmware left an interrupt the kernel can name: a pin and
 * a line other than 0xff ("unknown") or 0 (the timer's, never a PCI one). */
static bool
grant_intx_routed(const struct pci_device *d)
{
	return d->irq_pin != 0 && d->irq_line != 0xff && d->irq_line != 0;
}

int
priv_grant_plan(const struct pci_device *d, uint32_t bdf, uint32_t bar_mask, unsigned flags,
    struct priv_grant *g)
{
	memset(g, 0, sizeof(*g));
	if ((flags & ~(unsigned)DEV_GRANT_INTX) != 0 || (bar_mask & ~BAR_MASK_ALL) != 0) {
		return -EINVAL;
	}
	g->pg_bdf = bdf;
	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bars[i];

		if ((bar_mask & (1u << i)) == 0) {
			continue;
		}
		if (i >= d->bar_count || b->size == 0 || b->base == 0 ||
		    b->base + b->size < b->base) {
			return -EINVAL;
		}
		if (b->kind == PCI_BAR_IO) {
			if (b->base + b->size > PORT_END) {
				return -EINVAL;
			}
			g->pg_io[g->pg_io_count++] =
			    (struct priv_io_range){ (uint16_t)b->base, (uint16_t)b->size };
		} else if (b->kind == PCI_BAR_MEM32 || b->kind == PCI_BAR_MEM64) {
			g->pg_mmio[g->pg_mmio_count++] =
			    (struct priv_mmio_range){ b->base, b->size };
		} else {
			return -EINVAL;
		}
	}
	if ((flags & DEV_GRANT_INTX) != 0 && grant_intx_routed(d)) {
		g->pg_has_irq = true;
		g->pg_irq = d->irq_line;
	}
	return 0;
}

static bool
grant_has_mmio(const struct priv_desc *pd, uint32_t n, const struct priv_mmio_range *r)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct priv_mmio_range *h = &pd->pd_mmio[i];

		if (r->pmm_base >= h->pmm_base && r->pmm_base - h->pmm_base < h->pmm_size &&
		    h->pmm_size - (r->pmm_base - h->pmm_base) >= r->pmm_size) {
			return true;
		}
	}
	return false;
}

static bool
grant_has_io(const struct priv_desc *pd, uint32_t n, const struct priv_io_range *r)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t lo = pd->pd_io[i].pio_base, hi = lo + pd->pd_io[i].pio_count;

		if (r->pio_base >= lo && (uint32_t)r->pio_base + r->pio_count <= hi) {
			return true;
		}
	}
	return false;
}

static bool
grant_has_irq(const struct priv_desc *pd, uint32_t n, uint8_t line)
{
	for (uint32_t i = 0; i < n; i++) {
		if (pd->pd_irq[i] == line) {
			return true;
		}
	}
	return false;
}

static bool
grant_has_dev(const struct priv_desc *pd, uint32_t n, uint32_t bdf)
{
	for (uint32_t i = 0; i < n; i++) {
		if (pd->pd_dev[i] == bdf) {
			return true;
		}
	}
	return false;
}

/* The counts a record holds; a malformed (too large) one is clamped, as
 * every reader does. */
static uint32_t
grant_count(uint32_t n, uint32_t max)
{
	return n < max ? n : max;
}

/* What g adds to pd that pd lacks, per list. */
struct grant_new {
	uint32_t gn_mmio, gn_io, gn_irq, gn_dev;
};

static void
grant_count_new(const struct priv_desc *pd, const struct priv_grant *g, struct grant_new *n)
{
	uint32_t mmio = grant_count(pd->pd_mmio_count, PRIV_MMIO_MAX);
	uint32_t io = grant_count(pd->pd_io_count, PRIV_IO_MAX);

	*n = (struct grant_new){ 0 };
	for (unsigned i = 0; i < g->pg_mmio_count; i++) {
		n->gn_mmio += !grant_has_mmio(pd, mmio, &g->pg_mmio[i]);
	}
	for (unsigned i = 0; i < g->pg_io_count; i++) {
		n->gn_io += !grant_has_io(pd, io, &g->pg_io[i]);
	}
	n->gn_irq = g->pg_has_irq &&
	    !grant_has_irq(pd, grant_count(pd->pd_irq_count, PRIV_IRQ_MAX), g->pg_irq);
	n->gn_dev = !grant_has_dev(pd, grant_count(pd->pd_dev_count, PRIV_DEV_MAX), g->pg_bdf);
}

int
priv_grant_room(const struct priv_desc *pd, const struct priv_grant *g)
{
	struct grant_new n;

	grant_count_new(pd, g, &n);
	if (grant_count(pd->pd_mmio_count, PRIV_MMIO_MAX) + n.gn_mmio > PRIV_MMIO_MAX ||
	    grant_count(pd->pd_io_count, PRIV_IO_MAX) + n.gn_io > PRIV_IO_MAX ||
	    grant_count(pd->pd_irq_count, PRIV_IRQ_MAX) + n.gn_irq > PRIV_IRQ_MAX ||
	    grant_count(pd->pd_dev_count, PRIV_DEV_MAX) + n.gn_dev > PRIV_DEV_MAX) {
		return -ENOSPC;
	}
	return 0;
}

int
priv_grant_apply(struct priv_desc *pd, const struct priv_grant *g)
{
	uint32_t mmio = grant_count(pd->pd_mmio_count, PRIV_MMIO_MAX);
	uint32_t io = grant_count(pd->pd_io_count, PRIV_IO_MAX);
	uint32_t irq = grant_count(pd->pd_irq_count, PRIV_IRQ_MAX);
	uint32_t dev = grant_count(pd->pd_dev_count, PRIV_DEV_MAX);
	uint32_t n_mmio = mmio, n_io = io, n_irq = irq, n_dev = dev;

	/* A grant that does not fit changes nothing. */
	if (priv_grant_room(pd, g) != 0) {
		return -ENOSPC;
	}
	/* Entries past the published counts are invisible to readers. */
	for (unsigned i = 0; i < g->pg_mmio_count; i++) {
		if (!grant_has_mmio(pd, mmio, &g->pg_mmio[i])) {
			pd->pd_mmio[n_mmio++] = g->pg_mmio[i];
		}
	}
	for (unsigned i = 0; i < g->pg_io_count; i++) {
		if (!grant_has_io(pd, io, &g->pg_io[i])) {
			pd->pd_io[n_io++] = g->pg_io[i];
		}
	}
	if (g->pg_has_irq && !grant_has_irq(pd, irq, g->pg_irq)) {
		pd->pd_irq[n_irq++] = g->pg_irq;
	}
	if (!grant_has_dev(pd, dev, g->pg_bdf)) {
		pd->pd_dev[n_dev++] = g->pg_bdf;
	}
	__atomic_store_n(&pd->pd_mmio_count, n_mmio, __ATOMIC_RELEASE);
	__atomic_store_n(&pd->pd_io_count, n_io, __ATOMIC_RELEASE);
	__atomic_store_n(&pd->pd_irq_count, n_irq, __ATOMIC_RELEASE);
	__atomic_store_n(&pd->pd_dev_count, n_dev, __ATOMIC_RELEASE);
	return 0;
}
