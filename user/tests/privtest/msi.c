/*
 * privtest's MSI child: an MSI delivered end to end.  The parent has
 * granted it virtio-rng (the BAR with the virtio registers and the one
 * with the MSI-X table), enabled MSI-X and bus mastering in config space,
 * and sends where everything is.  The child takes an MSI (KC_IRQ_MSI),
 * writes it into MSI-X table entry 0, brings the device up with one
 * queue on vector 0 (libvirtio), hands it a buffer and waits for the
 * NOTIFY_IRQ that the device's message raises.  It resets the device
 * before it exits.  A device some driver already drives (its status is
 * not 0) is left alone: the child exits with PRIVTEST_SKIPPED.
 *
 * The parent's message: [0] BDF, [1] the virtio BAR's address, [2] its
 * size, [3] the MSI-X table's address, [4] common window offset | notify
 * window offset << 32, [5] the notify offset multiplier.
 */
#include <libsys/dev.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libvirtio/device.h>
#include <libvirtio/pci.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "privtest.h"

#define QUEUE_SIZE 8
#define RANDOM_BYTES 64
#define MSIX_ENTRY_SIZE 16
#define MSIX_VECTOR_MASKED 1
#define MSI_WAIT_NS 2000000000ULL

static int
fail(const char *what, long got)
{
	return privtest_fail("msi", "-", what, got);
}

/* Writes msg into MSI-X table entry 0 and unmasks it (msg NULL: masks). */
static void
msix_entry(volatile uint32_t *entry, const struct msi_msg *msg)
{
	if (msg == NULL) {
		entry[3] = MSIX_VECTOR_MASKED;
		return;
	}
	entry[0] = (uint32_t)msg->mm_addr;
	entry[1] = (uint32_t)(msg->mm_addr >> 32);
	entry[2] = msg->mm_data;
	entry[3] = 0;
}

/* Waits for the hook's NOTIFY_IRQ, bounded by an alarm. */
static int
msi_wait(int hook)
{
	struct message m = { 0 };
	int r;

	sys_kcall(KC_ALARM, MSI_WAIT_NS, 0, 0, 0, 0);
	r = ipc_receive(ENDPOINT_KERNEL, &m);
	sys_kcall(KC_ALARM, 0, 0, 0, 0, 0);
	if (r != 0 || !(m.m_arg[0] & NOTIFY_IRQ)) {
		return fail("no MSI within 2 s", (long)m.m_arg[0]);
	}
	if (!(m.m_arg[1] & (1ULL << hook))) {
		return fail("the notification lacks the MSI hook's bit", (long)m.m_arg[1]);
	}
	return 0;
}

/* Brings the device up with queue 0 on MSI-X vector 0, gives it one
 * buffer and kicks it; the device answers with the message. */
static int
msi_rng_request(struct virtio_dev *dev, struct virtq *vq, struct virtq_slot *slots,
    volatile uint8_t *bar, uint32_t notify_off, uint32_t mult, struct dma_buf *ring,
    struct dma_buf *data)
{
	struct virtq_buf buf = { data->db_phys, RANDOM_BYTES };
	uint16_t noff;
	int size, r;

	if ((r = virtio_dev_init(dev, 0, 0)) != 0) {
		return fail("virtio_dev_init", r);
	}
	size = virtio_dev_queue_max(dev, 0);
	if (size <= 0) {
		return fail("no queue 0", size);
	}
	size = size < QUEUE_SIZE ? size : QUEUE_SIZE;
	if ((r = virtq_init(vq, (unsigned)size, (void *)ring->db_vaddr, ring->db_phys, slots, 0)) !=
	        0 ||
	    (r = virtio_dev_queue_enable(dev, 0, vq, 0, &noff)) != 0 ||
	    (r = virtio_dev_ready(dev)) != 0 || (r = virtq_add(vq, &buf, 0, 1, data)) < 0) {
		return fail("queue set-up", r);
	}
	*(volatile uint16_t *)(bar + notify_off + (uint32_t)noff * mult) = 0;
	return 0;
}

int
privtest_case_msi(void)
{
	struct virtq_slot slots[QUEUE_SIZE];
	struct message m = { 0 };
	struct dma_buf ring, data;
	struct virtio_dev dev = { 0 };
	volatile uint8_t *common;
	struct virtq_done done;
	struct virtq vq;
	struct msi_msg msg;
	volatile uint32_t *entry;
	volatile uint8_t *bar;
	int64_t va, tva;
	int hook, r;

	do {
		r = ipc_receive(ENDPOINT_ANY, &m);
	} while (r == 0 && m.m_source == ENDPOINT_KERNEL);
	va = kc_mmio_map(m.m_arg[1], m.m_arg[2]);
	tva = kc_mmio_map(m.m_arg[3], MSIX_ENTRY_SIZE);
	if (r != 0 || va < 0 || tva < 0) {
		return fail("no message, or the BARs not mapped", r != 0 ? r : va < 0 ? va : tva);
	}
	bar = (volatile uint8_t *)va;
	common = bar + (uint32_t)m.m_arg[4];
	entry = (volatile uint32_t *)tva;
	dev.vd_regs = virtio_pci_regs(common);
	if (dev.vd_regs.vr_read8(dev.vd_regs.vr_ctx, VIRTIO_COMMON_STATUS) != 0) {
		return PRIVTEST_SKIPPED;
	}
	hook = kc_irq_msi((uint32_t)m.m_arg[0], &msg);
	if (hook < 0) {
		return fail("KC_IRQ_MSI", hook);
	}
	if ((r = kc_dma_alloc(virtq_mem_size(QUEUE_SIZE), 0, 0, &ring)) != 0 ||
	    (r = kc_dma_alloc(RANDOM_BYTES, 0, 0, &data)) != 0) {
		return fail("DMA", r);
	}
	msix_entry(entry, &msg);
	r = msi_rng_request(&dev, &vq, slots, bar, (uint32_t)(m.m_arg[4] >> 32),
	    (uint32_t)m.m_arg[5], &ring, &data);
	if (r == 0) {
		r = msi_wait(hook);
	}
	if (r == 0 && (virtq_harvest(&vq, &done) != 1 || done.dn_len == 0)) {
		r = fail("the device used no buffer", done.dn_len);
	}
	/* The device forgets the queue before its memory goes. */
	virtio_dev_reset(&dev);
	msix_entry(entry, NULL);
	if (r == 0) {
		printf("privtest: child msi: vector %#x delivered, %u random bytes\n", msg.mm_data,
		    done.dn_len);
	}
	return r;
}
