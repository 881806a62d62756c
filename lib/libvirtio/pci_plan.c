/*
 * The pure half of the virtio PCI glue (libvirtio/pci.h): which bytes of
 * which BAR a driver must map to reach its device's register windows and
 * MSI-X table, checked against the BARs it was granted, and the layout of
 * an MSI-X table entry.  No system calls: host-tested in
 * tests/unit/test_virtio_pci.c.
 */
#include <stdbool.h>
#include <stdint.h>
#include <libvirtio/pci.h>
#include <xinim/errno.h>

void
virtio_pci_bar_sizes(const struct pci_info *info, uint64_t len[PCI_INFO_BARS])
{
	for (int i = 0; i < PCI_INFO_BARS; i++) {
		const struct pci_info_bar *b = &info->pi_bar[i];

		len[i] = b->pib_kind == PCI_INFO_BAR_MEM ? b->pib_size : 0;
	}
}

/* Adds [off, off + len) of BAR bar to the spans, after checking it. */
static int
span_add(const struct pci_info *info, uint32_t granted, unsigned bar, uint64_t off, uint64_t len,
    struct virtio_pci_span span[PCI_INFO_BARS])
{
	const struct pci_info_bar *b;
	struct virtio_pci_span *s;

	if (bar >= PCI_INFO_BARS || len == 0) {
		return -EINVAL;
	}
	b = &info->pi_bar[bar];
	if (b->pib_kind != PCI_INFO_BAR_MEM || off > b->pib_size || len > b->pib_size - off) {
		return -EINVAL;
	}
	if ((granted & (1u << bar)) == 0) {
		return -EPERM;
	}
	s = &span[bar];
	if (s->vs_hi == 0) {
		s->vs_lo = off;
		s->vs_hi = off + len;
		return 0;
	}
	if (off < s->vs_lo) {
		s->vs_lo = off;
	}
	if (off + len > s->vs_hi) {
		s->vs_hi = off + len;
	}
	return 0;
}

static int
window_add(const struct pci_info *info, uint32_t granted, const struct virtio_window *w,
    struct virtio_pci_span span[PCI_INFO_BARS])
{
	if (!w->vw_present) {
		return 0;
	}
	return span_add(info, granted, w->vw_bar, w->vw_offset, w->vw_length, span);
}

int
virtio_pci_plan(const struct pci_info *info, const struct virtio_caps *caps, uint32_t granted,
    struct virtio_pci_span span[PCI_INFO_BARS])
{
	const struct virtio_window *w[] = { &caps->vc_common, &caps->vc_notify, &caps->vc_isr,
		&caps->vc_device };
	int err;

	for (int i = 0; i < PCI_INFO_BARS; i++) {
		span[i] = (struct virtio_pci_span){ 0, 0 };
	}
	for (unsigned i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		err = window_add(info, granted, w[i], span);
		if (err != 0) {
			return err;
		}
	}
	if (info->pi_msix_offset == 0) {
		return 0;
	}
	return span_add(info, granted, info->pi_msix_table_bar, info->pi_msix_table_offset,
	    (uint64_t)info->pi_msix_size * PCI_MSIX_ENTRY_SIZE, span);
}

void
virtio_pci_msix_entry(volatile uint8_t *table, unsigned entry, const struct msi_msg *msg,
    bool unmask)
{
	volatile uint32_t *e = (volatile uint32_t *)(table + (uint64_t)entry * PCI_MSIX_ENTRY_SIZE);
	uint32_t ctl = e[3]; /* bits 31:1 are reserved: kept as they are */

	/* Masked while the address and data change, so that the device
	 * never sends half of an old message and half of a new one. */
	e[3] = ctl | PCI_MSIX_ENTRY_MASKED;
	e[0] = (uint32_t)msg->mm_addr;
	e[1] = (uint32_t)(msg->mm_addr >> 32);
	e[2] = msg->mm_data;
	if (unmask) {
		e[3] = ctl & ~PCI_MSIX_ENTRY_MASKED;
	}
}
