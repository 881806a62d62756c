/*
 * The virtio PCI glue (libvirtio/pci.h) that needs the system: the
 * configuration space through libsys's pci client, BAR mappings
 * (KC_MMIO_MAP), MSI-X vectors (KC_IRQ_MSI) and queue memory
 * (KC_DMA_ALLOC).  Entry points: virtio_pci_open, virtio_pci_msix,
 * virtio_pci_config_vector, virtio_pci_queue, virtio_pci_kick.
 */
#include <libsys/dev.h>
#include <libsys/pci.h>
#include <libvirtio/pci.h>
#include <libvirtio/virtio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

#define CFG_DWORDS 64 /* the standard 256-byte configuration space */

/* The capability parser reads byte by byte through whole dwords; each
 * dword costs a round trip to pci, so each is asked for once. */
struct cfg_cache {
	uint32_t cc_val[CFG_DWORDS];
	uint64_t cc_have; /* bit n: cc_val[n] is read */
	int cc_err;       /* the first read error */
	uint32_t cc_bdf;  /* the device */
};

static uint32_t
cfg_read32(void *ctx, uint16_t off)
{
	struct cfg_cache *c = ctx;
	unsigned n = off / 4;
	uint32_t v = 0;
	int err;

	if (n >= CFG_DWORDS) {
		return 0;
	}
	if ((c->cc_have & (1ULL << n)) == 0) {
		err = pci_conf_read_dev(c->cc_bdf, n * 4, 4, &v);
		if (err != 0) {
			/* 0 ends a capability list: the parse fails cleanly. */
			c->cc_err = c->cc_err != 0 ? c->cc_err : err;
			return 0;
		}
		c->cc_val[n] = v;
		c->cc_have |= 1ULL << n;
	}
	return c->cc_val[n];
}

/* Accessors of the mapped common configuration window (vr_ctx). */
static uint8_t
common_read8(void *ctx, uint32_t off)
{
	return *(volatile uint8_t *)((volatile uint8_t *)ctx + off);
}

static uint16_t
common_read16(void *ctx, uint32_t off)
{
	return *(volatile uint16_t *)((volatile uint8_t *)ctx + off);
}

static uint32_t
common_read32(void *ctx, uint32_t off)
{
	return *(volatile uint32_t *)((volatile uint8_t *)ctx + off);
}

static void
common_write8(void *ctx, uint32_t off, uint8_t val)
{
	*(volatile uint8_t *)((volatile uint8_t *)ctx + off) = val;
}

static void
common_write16(void *ctx, uint32_t off, uint16_t val)
{
	*(volatile uint16_t *)((volatile uint8_t *)ctx + off) = val;
}

static void
common_write32(void *ctx, uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)((volatile uint8_t *)ctx + off) = val;
}

struct virtio_regs
virtio_pci_regs(volatile uint8_t *common)
{
	return (struct virtio_regs){
		.vr_read8 = common_read8,
		.vr_read16 = common_read16,
		.vr_read32 = common_read32,
		.vr_write8 = common_write8,
		.vr_write16 = common_write16,
		.vr_write32 = common_write32,
		.vr_ctx = (void *)common,
	};
}

/* Where byte off of BAR bar is mapped (inside its span). */
static volatile uint8_t *
bar_at(const struct virtio_pci *vp, unsigned bar, uint64_t off)
{
	return vp->vp_map[bar] + (off - vp->vp_span[bar].vs_lo);
}

static volatile uint8_t *
window_at(const struct virtio_pci *vp, const struct virtio_window *w)
{
	return w->vw_present ? bar_at(vp, w->vw_bar, w->vw_offset) : NULL;
}

/* Maps every span the plan asks for. */
static int
map_spans(struct virtio_pci *vp)
{
	for (unsigned i = 0; i < PCI_INFO_BARS; i++) {
		const struct virtio_pci_span *s = &vp->vp_span[i];
		int64_t va;

		if (s->vs_hi == 0) {
			continue;
		}
		va = kc_mmio_map(vp->vp_info.pi_bar[i].pib_base + s->vs_lo, s->vs_hi - s->vs_lo);
		if (va < 0) {
			return (int)va;
		}
		vp->vp_map[i] = (volatile uint8_t *)va;
	}
	return 0;
}

/* Memory decoding and bus mastering on (the device's DMA needs the
 * latter); INTx off, since only MSI-X is used. */
static int
enable_device(uint32_t bdf)
{
	uint32_t cmd;
	int err = pci_conf_read_dev(bdf, PCI_COMMAND, 2, &cmd);

	if (err != 0) {
		return err;
	}
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE;
	return pci_conf_write_dev(bdf, PCI_COMMAND, 2, cmd);
}

int
virtio_pci_open(struct virtio_pci *vp, const struct pci_info *info, uint32_t granted)
{
	struct cfg_cache cache;
	uint64_t bar_len[PCI_INFO_BARS];
	int err;

	memset(vp, 0, sizeof(*vp));
	vp->vp_info = *info;
	if (info->pi_vendor != VIRTIO_PCI_VENDOR || info->pi_device < VIRTIO_PCI_DEVICE_MODERN) {
		return -ENODEV;
	}
	memset(&cache, 0, sizeof(cache));
	cache.cc_bdf = info->pi_bdf;
	virtio_pci_bar_sizes(info, bar_len);
	err = virtio_caps_parse(cfg_read32, &cache, bar_len, &vp->vp_caps);
	if (err != 0) {
		return cache.cc_err != 0 ? cache.cc_err : err;
	}
	err = virtio_pci_plan(info, &vp->vp_caps, granted, vp->vp_span);
	if (err == 0) {
		err = map_spans(vp);
	}
	if (err == 0) {
		err = enable_device(info->pi_bdf);
	}
	if (err != 0) {
		return err;
	}
	vp->vp_common = window_at(vp, &vp->vp_caps.vc_common);
	vp->vp_isr = window_at(vp, &vp->vp_caps.vc_isr);
	vp->vp_device = window_at(vp, &vp->vp_caps.vc_device);
	if (info->pi_msix_offset != 0) {
		vp->vp_msix = bar_at(vp, info->pi_msix_table_bar, info->pi_msix_table_offset);
	}
	vp->vp_dev.vd_regs = virtio_pci_regs(vp->vp_common);
	/* At once: an earlier instance's queues may still point into DMA
	 * memory the kernel has taken back. */
	return virtio_dev_reset(&vp->vp_dev);
}

/* Writes the MSI-X message control word at the capability. */
static int
msix_control(const struct virtio_pci *vp, uint16_t set, uint16_t clear)
{
	unsigned off = vp->vp_info.pi_msix_offset + PCI_MSIX_CTRL;
	uint32_t ctl;
	int err = pci_conf_read_dev(vp->vp_info.pi_bdf, off, 2, &ctl);

	if (err != 0) {
		return err;
	}
	return pci_conf_write_dev(vp->vp_info.pi_bdf, off, 2, (ctl | set) & ~(uint32_t)clear);
}

int
virtio_pci_msix(struct virtio_pci *vp, unsigned n)
{
	struct msi_msg msg[VIRTIO_PCI_MAX_VECTORS];
	unsigned i;
	int err;

	if (vp->vp_msix == NULL) {
		return -ENOTSUP;
	}
	if (n == 0 || n > VIRTIO_PCI_MAX_VECTORS || n > vp->vp_info.pi_msix_size ||
	    vp->vp_vectors != 0) {
		return n == 0 || vp->vp_vectors != 0 ? -EINVAL : -ENOSPC;
	}
	for (i = 0; i < n; i++) {
		err = kc_irq_msi(vp->vp_info.pi_bdf, &msg[i]);
		if (err < 0) {
			goto undo;
		}
		vp->vp_hook[i] = err;
	}
	/* Everything masked while the table changes: the entries may still
	 * hold an earlier instance's vectors. */
	err = msix_control(vp, PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL, 0);
	if (err != 0) {
		goto undo;
	}
	for (unsigned e = 0; e < n; e++) {
		virtio_pci_msix_entry(vp->vp_msix, e, &msg[e], true);
	}
	err = msix_control(vp, PCI_MSIX_CTRL_ENABLE, PCI_MSIX_CTRL_MASKALL);
	if (err != 0) {
		goto undo;
	}
	vp->vp_vectors = n;
	return 0;
undo:
	while (i-- > 0) {
		kc_irq_unbind(vp->vp_hook[i]);
	}
	return err;
}

int
virtio_pci_config_vector(struct virtio_pci *vp, uint16_t vector)
{
	if (vector != VIRTIO_MSI_NO_VECTOR && vector >= vp->vp_vectors) {
		return -EINVAL;
	}
	common_write16((void *)vp->vp_common, VIRTIO_COMMON_MSIX, vector);
	/* A device that cannot use the vector reads back "none". */
	return common_read16((void *)vp->vp_common, VIRTIO_COMMON_MSIX) == vector ? 0 : -ENOSPC;
}

/* The largest power of two <= n (n >= 1). */
static unsigned
pow2_floor(unsigned n)
{
	unsigned p = 1;

	while (p <= n / 2) {
		p *= 2;
	}
	return p;
}

int
virtio_pci_queue(struct virtio_pci *vp, struct virtio_pci_queue *pq, uint16_t q, unsigned max_size,
    struct virtq_slot *slots, uint16_t vector)
{
	struct dma_buf buf;
	uint16_t noff;
	uint32_t off;
	unsigned size;
	int err = virtio_dev_queue_max(&vp->vp_dev, q);

	if (err < 0) {
		return err;
	}
	if (max_size == 0 || (vector != VIRTIO_MSI_NO_VECTOR && vector >= vp->vp_vectors)) {
		return -EINVAL;
	}
	size = pow2_floor((unsigned)err < max_size ? (unsigned)err : max_size);
	memset(pq, 0, sizeof(*pq));
	err = kc_dma_alloc(virtq_mem_size(size), 4096, 0, &buf);
	if (err != 0) {
		return err;
	}
	err = virtq_init(&pq->pq_vq, size, (void *)buf.db_vaddr, buf.db_phys, slots,
	    (vp->vp_dev.vd_features & VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX)) != 0);
	if (err == 0) {
		err = virtio_dev_queue_enable(&vp->vp_dev, q, &pq->pq_vq, vector, &noff);
	}
	if (err == 0) {
		err = virtio_caps_notify_offset(&vp->vp_caps, noff, &off);
	}
	if (err != 0) {
		kc_dma_free(buf.db_vaddr);
		return err;
	}
	pq->pq_notify = (volatile uint16_t *)bar_at(vp, vp->vp_caps.vc_notify.vw_bar, off);
	pq->pq_index = q;
	pq->pq_vector = vector;
	pq->pq_mem = buf.db_vaddr;
	return 0;
}

void
virtio_pci_kick(struct virtio_pci_queue *pq)
{
	if (virtq_kick_needed(&pq->pq_vq)) {
		*pq->pq_notify = pq->pq_index;
	}
}
