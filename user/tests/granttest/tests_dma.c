/*
 * granttest phys_dma: a real device writes through a pin.  An agent
 * grants us a window of its buffer across one of its page boundaries; we
 * pin the middle of it (KC_GRANT_PHYS) and hand the segments to
 * virtio-rng as the device-writable buffers of one request.  The random
 * bytes must land in the agent's memory exactly there (read back through
 * the grant), and nowhere around.  This process holds what the pci
 * server would (servers/rs/devtest.c) and gives the device to a child
 * (`granttest dma`) with KC_DEV_GRANT, as pci gives a driver its device;
 * the child, a driver with KC_GRANT_PHYS, pins the agent's grant, drives
 * the device and polls the used ring (no interrupt).  In a child, its
 * mappings and DMA memory go with it, so the leak check sees none of
 * them.  A device that a driver already drives (the default
 * services.conf runs virtio-rng) is left alone and the test says so;
 * tests/system/test_grant.py runs it with rsconf=etc/services-bare.conf
 * as well.
 */
#include <libsys/clock.h>
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <libvirtio/caps.h>
#include <libvirtio/pci.h>
#include <libvirtio/device.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "granttest.h"
#include "gt.h"

#define RNG_DEVICE (VIRTIO_PCI_DEVICE_MODERN + VIRTIO_ID_RNG)
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define QUEUE_SIZE 8
#define WIN_AT (GT_PAGE - 64) /* the window in the agent's buffer */
#define WIN_LEN 128
#define PIN_AT 32 /* the pin in the window: 32 bytes each side stay */
#define PIN_LEN 64
#define DMA_WAIT_NS 2000000000ULL
#define CHILD_WAIT_NS 20000000000ULL
#define DMA_SKIPPED 3 /* the child's status when a driver holds the device */

static uint32_t
conf_read32(void *ctx, uint16_t off)
{
	return (uint32_t)kc_pci_conf_read(*(uint32_t *)ctx, off, 4);
}

/* virtio-rng from the kernel's PCI list, and its register windows. */
static const char *
rng_find(struct pci_info *rng, struct virtio_caps *caps)
{
	uint64_t bar_len[PCI_INFO_BARS];
	unsigned i;
	int r;

	for (i = 0; (r = kc_pci_info(i, rng)) == 0; i++) {
		if (rng->pi_vendor == VIRTIO_PCI_VENDOR && rng->pi_device == RNG_DEVICE) {
			break;
		}
	}
	if (r != 0) {
		return testrun_why("no virtio-rng in the PCI list (%d)", r);
	}
	for (unsigned b = 0; b < PCI_INFO_BARS; b++) {
		bar_len[b] =
		    rng->pi_bar[b].pib_kind == PCI_INFO_BAR_MEM ? rng->pi_bar[b].pib_size : 0;
	}
	r = virtio_caps_parse(conf_read32, &rng->pi_bdf, bar_len, caps);
	if (r != 0 || caps->vc_notify.vw_bar != caps->vc_common.vw_bar) {
		return testrun_why("virtio-rng's windows are not usable here (%d)", r);
	}
	return NULL;
}

/* One request with segs as its writable buffers; polls for it to be
 * used and gives the bytes written. */
static const char *
rng_request(struct virtio_dev *dev, volatile uint8_t *bar, const struct virtio_caps *caps,
    const struct phys_seg *segs, int n, uint32_t *written)
{
	struct virtq_slot slots[QUEUE_SIZE];
	struct virtq_buf bufs[4];
	struct virtq_done done;
	struct dma_buf ring;
	struct virtq vq;
	uint64_t until;
	uint16_t noff;
	int size, r;

	for (int i = 0; i < n; i++) {
		bufs[i] = (struct virtq_buf){ segs[i].ps_addr, (uint32_t)segs[i].ps_len };
	}
	if ((r = virtio_dev_init(dev, 0, 0)) != 0 || (size = virtio_dev_queue_max(dev, 0)) <= 0) {
		return testrun_why("device set-up: %d", r);
	}
	size = size < QUEUE_SIZE ? size : QUEUE_SIZE;
	if ((r = kc_dma_alloc(virtq_mem_size((unsigned)size), 0, 0, &ring)) != 0) {
		return testrun_why("no DMA memory for the rings: %d", r);
	}
	if ((r = virtq_init(&vq, (unsigned)size, (void *)ring.db_vaddr, ring.db_phys, slots, 0)) !=
	        0 ||
	    (r = virtio_dev_queue_enable(dev, 0, &vq, VIRTIO_MSI_NO_VECTOR, &noff)) != 0 ||
	    (r = virtio_dev_ready(dev)) != 0 ||
	    (r = virtq_add(&vq, bufs, 0, (unsigned)n, NULL)) < 0) {
		kc_dma_free(ring.db_vaddr);
		return testrun_why("queue set-up: %d", r);
	}
	*(volatile uint16_t *)(bar + caps->vc_notify.vw_offset +
	    (uint32_t)noff * caps->vc_notify_mult) = 0;
	until = clock_now_ns() + DMA_WAIT_NS;
	while ((r = virtq_harvest(&vq, &done)) == 0 && clock_now_ns() < until) {
	}
	/* The device forgets the queue before its memory goes. */
	virtio_dev_reset(dev);
	kc_dma_free(ring.db_vaddr);
	if (r != 1) {
		return testrun_why("the device used no buffer within 2 s (%d)", r);
	}
	*written = done.dn_len;
	return NULL;
}

/* The agent's window after the device wrote the pinned middle of it. */
static const char *
check_window(endpoint_t a, int64_t g, uint32_t written)
{
	uint8_t w[WIN_LEN];
	unsigned changed = 0;
	int r = kc_safecopy_from(a, g, 0, w, WIN_LEN);

	if (r != 0) {
		return testrun_why("reading the window back: %d", r);
	}
	if (written != PIN_LEN) {
		return testrun_why("the device wrote %u bytes, not %u", written, PIN_LEN);
	}
	for (unsigned i = 0; i < WIN_LEN; i++) {
		bool pinned = i >= PIN_AT && i < PIN_AT + PIN_LEN;

		if (!pinned && w[i] != gt_pattern(WIN_AT + i)) {
			return testrun_why("byte %u of the window, outside the pin, changed", i);
		}
		changed += pinned && w[i] != gt_pattern(WIN_AT + i);
	}
	/* Random bytes match the old ones one time in 256. */
	return changed >= PIN_LEN - 8 ?
	    NULL :
	    testrun_why("only %u of the %u pinned bytes changed", changed, PIN_LEN);
}

/* The child's side, once it has the device: [0] the agent, [1] the BAR
 * with the common and notify windows, [2] its size, [3] the common
 * window's offset | the notify window's << 32, [4] the notify offset
 * multiplier. */
static const char *
dma_run(const struct message *m, endpoint_t me, bool *skipped)
{
	struct virtio_dev dev = { 0 };
	volatile uint8_t *common;
	struct virtio_caps caps = { 0 };
	endpoint_t a = (endpoint_t)m->m_arg[0];
	struct phys_seg segs[4];
	const char *err = NULL;
	uint32_t written = 0;
	int64_t g, va;
	int n;

	caps.vc_common.vw_offset = (uint32_t)m->m_arg[3];
	caps.vc_notify.vw_offset = (uint32_t)(m->m_arg[3] >> 32);
	caps.vc_notify_mult = (uint32_t)m->m_arg[4];
	va = kc_mmio_map(m->m_arg[1], m->m_arg[2]);
	if (va < 0) {
		return testrun_why("cannot map virtio-rng's registers: %ld", (long)va);
	}
	common = (volatile uint8_t *)va + caps.vc_common.vw_offset;
	dev.vd_regs = virtio_pci_regs(common);
	if (dev.vd_regs.vr_read8(dev.vd_regs.vr_ctx, VIRTIO_COMMON_STATUS) != 0) {
		*skipped = true;
		return NULL;
	}
	g = gt_ag(a, AG_GRANT, (uint64_t)me, WIN_AT, WIN_LEN, GRANT_READ | GRANT_WRITE, 0, 0, NULL);
	n = g >= 0 ? kc_grant_phys(a, g, PIN_AT, PIN_LEN, segs, 4) : (int)g;
	if (n < 1) {
		return testrun_why("grant %ld, pin %d", (long)g, n);
	}
	err = rng_request(&dev, (volatile uint8_t *)va, &caps, segs, n, &written);
	if (err == NULL) {
		err = check_window(a, g, written);
	}
	if (kc_grant_unpin(a, g, PIN_AT, PIN_LEN) != 0 && err == NULL) {
		err = "the unpin failed";
	}
	if (err == NULL) {
		printf("granttest: phys_dma: virtio-rng wrote %u bytes through %d pinned segments "
		       "into another process's memory\n",
		    written, n);
	}
	return err;
}

int
gt_dma_child(void)
{
	struct message m = { 0 };
	const char *err;
	bool skipped = false;
	int r;

	do {
		r = ipc_receive(ENDPOINT_ANY, &m);
	} while (r == 0 && m.m_source == ENDPOINT_KERNEL);
	if (r != 0) {
		printf("granttest dma: no word from the parent: %d\n", r);
		return 1;
	}
	err = dma_run(&m, gt_self((endpoint_t)m.m_arg[0]), &skipped);
	if (err != NULL) {
		printf("granttest dma: %s\n", err);
		return 1;
	}
	return skipped ? DMA_SKIPPED : 0;
}

/* A driver's record: grants, pins, its registers, DMA memory. */
static endpoint_t
dma_child_start(void)
{
	static const unsigned calls[] = { KC_CONSOLE_WRITE, KC_GRANT_CREATE, KC_GRANT_REVOKE,
		KC_SAFECOPY_FROM, KC_SAFECOPY_TO, KC_GRANT_PHYS, KC_GRANT_UNPIN, KC_MMIO_MAP,
		KC_DMA_ALLOC, KC_DMA_FREE, KC_SYSINFO };
	char *argv[] = { "granttest", "dma", NULL };
	struct priv_desc pd;

	memset(&pd, 0, sizeof(pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd.pd_kcalls |= 1ULL << calls[i];
	}
	pd.pd_flags = PRIV_IPC_ANY;
	pd.pd_dma_quota = 64 * 1024;
	return spawn_boot("granttest", argv, &pd);
}

const char *
gt_test_phys_dma(void)
{
	struct pci_info rng;
	struct virtio_caps caps;
	struct message m = { 0 };
	struct exit_info ei;
	const char *err = rng_find(&rng, &caps);
	const struct pci_info_bar *bar;
	endpoint_t a, child;
	uint16_t cmd;
	char how[96];
	int r;

	if (err != NULL) {
		return err;
	}
	bar = &rng.pi_bar[caps.vc_common.vw_bar];
	a = gt_agent_start();
	child = dma_child_start();
	if (a < 0 || child < 0) {
		kc_proc_kill(child);
		return gt_agents_stop(&a, 1, "cannot start the agent and the driver");
	}
	r = kc_dev_grant(child, rng.pi_bdf, 1u << caps.vc_common.vw_bar, 0);
	cmd = (uint16_t)kc_pci_conf_read(rng.pi_bdf, PCI_COMMAND, 2);
	kc_pci_conf_write(rng.pi_bdf, PCI_COMMAND, 2,
	    cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	m.m_arg[0] = (uint64_t)a;
	m.m_arg[1] = bar->pib_base;
	m.m_arg[2] = bar->pib_size;
	m.m_arg[3] = caps.vc_common.vw_offset | (uint64_t)caps.vc_notify.vw_offset << 32;
	m.m_arg[4] = caps.vc_notify_mult;
	if (r == 0) {
		r = ipc_send(child, &m);
	}
	if (r != 0) {
		kc_proc_kill(child);
		err = testrun_why("device grant to or message for the driver: %d", r);
	}
	r = spawn_wait_timeout(child, &ei, CHILD_WAIT_NS);
	kc_pci_conf_write(rng.pi_bdf, PCI_COMMAND, 2, cmd);
	if (err == NULL && r == 0 && ei.ei_cause == EXIT_NORMAL && ei.ei_status == DMA_SKIPPED) {
		printf("granttest: phys_dma: virtio-rng is driven by a driver: not tested\n");
	} else if (err == NULL && (r != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0)) {
		err = testrun_why("the driver %s",
		    r != 0 ? strerror(r) : exit_describe(&ei, how, sizeof(how)));
	}
	return gt_agents_stop(&a, 1, err);
}
