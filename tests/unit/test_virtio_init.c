/* unit-sources: lib/libvirtio/device.c lib/libvirtio/features.c lib/libvirtio/virtqueue.c */
/*
 * The device-status sequence and feature negotiation against a simulated
 * common configuration structure: the order of status writes, the
 * feature words written, queue setup registers, and devices that refuse
 * (no VERSION_1, FEATURES_OK cleared, a reset that never ends, impossible
 * queue sizes, no MSI-X vector, NEEDS_RESET at DRIVER_OK).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <libvirtio/device.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>

#define SIM_QUEUES 2

struct simq {
	uint16_t max, size, msix, enable, noff;
	uint64_t desc, avail, used;
};

/* The simulated device and what the test makes it do wrong. */
static struct sim {
	uint64_t offered, accepted;
	uint32_t dfselect, gfselect;
	uint8_t status;
	uint16_t qsel;
	struct simq q[SIM_QUEUES];
	unsigned reset_reads; /* reads of status still non-zero after reset */
	int refuse_features;  /* clear FEATURES_OK when set */
	int refuse_msix;
	int needs_reset_at_ok;
	uint8_t log[16]; /* status values written */
	unsigned nlog;
} sim;

static struct simq *
cur(void)
{
	return sim.qsel < SIM_QUEUES ? &sim.q[sim.qsel] : NULL;
}

static uint8_t
rd8(void *ctx, uint32_t off)
{
	assert_int_equal(off, VIRTIO_COMMON_STATUS);
	if (sim.reset_reads > 0) {
		sim.reset_reads--;
		return VIRTIO_STATUS_DRIVER;
	}
	return sim.status;
}

static uint16_t
rd16(void *ctx, uint32_t off)
{
	struct simq *q = cur();

	switch (off) {
	case VIRTIO_COMMON_NUMQ:
		return SIM_QUEUES;
	case VIRTIO_COMMON_Q_SIZE:
		return q ? q->max : 0;
	case VIRTIO_COMMON_Q_MSIX:
		return q ? q->msix : VIRTIO_MSI_NO_VECTOR;
	case VIRTIO_COMMON_Q_ENABLE:
		return q ? q->enable : 0;
	case VIRTIO_COMMON_Q_NOFF:
		return q ? q->noff : 0;
	}
	fail_msg("16-bit read of %#x", off);
	return 0;
}

static uint32_t
rd32(void *ctx, uint32_t off)
{
	assert_int_equal(off, VIRTIO_COMMON_DF);
	return sim.dfselect < 2 ? (uint32_t)(sim.offered >> (32 * sim.dfselect)) : 0;
}

static void
wr8(void *ctx, uint32_t off, uint8_t val)
{
	assert_int_equal(off, VIRTIO_COMMON_STATUS);
	if (sim.nlog < sizeof(sim.log)) {
		sim.log[sim.nlog++] = val;
	}
	if (val == 0) {
		sim.accepted = 0;
		for (int i = 0; i < SIM_QUEUES; i++) {
			sim.q[i].enable = 0;
		}
	}
	if ((val & VIRTIO_STATUS_FEATURES_OK) && sim.refuse_features) {
		val &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	}
	if ((val & VIRTIO_STATUS_DRIVER_OK) && sim.needs_reset_at_ok) {
		val |= VIRTIO_STATUS_NEEDS_RESET;
	}
	sim.status = val;
}

static void
wr16(void *ctx, uint32_t off, uint16_t val)
{
	struct simq *q = cur();

	if (off == VIRTIO_COMMON_Q_SELECT) {
		sim.qsel = val;
		return;
	}
	assert_non_null(q);
	switch (off) {
	case VIRTIO_COMMON_Q_SIZE:
		q->size = val;
		break;
	case VIRTIO_COMMON_Q_MSIX:
		q->msix = sim.refuse_msix ? VIRTIO_MSI_NO_VECTOR : val;
		break;
	case VIRTIO_COMMON_Q_ENABLE:
		q->enable = val;
		break;
	default:
		fail_msg("16-bit write of %#x", off);
	}
}

static void
wr32(void *ctx, uint32_t off, uint32_t val)
{
	struct simq *q = cur();
	uint64_t *reg = NULL;

	switch (off) {
	case VIRTIO_COMMON_DFSELECT:
		sim.dfselect = val;
		return;
	case VIRTIO_COMMON_GFSELECT:
		sim.gfselect = val;
		return;
	case VIRTIO_COMMON_GF:
		assert_true(sim.gfselect < 2);
		sim.accepted &= ~(0xffffffffULL << (32 * sim.gfselect));
		sim.accepted |= (uint64_t)val << (32 * sim.gfselect);
		return;
	}
	assert_non_null(q);
	if (off >= VIRTIO_COMMON_Q_DESC && off < VIRTIO_COMMON_Q_AVAIL) {
		reg = &q->desc;
	} else if (off >= VIRTIO_COMMON_Q_AVAIL && off < VIRTIO_COMMON_Q_USED) {
		reg = &q->avail;
	} else if (off >= VIRTIO_COMMON_Q_USED && off < VIRTIO_COMMON_CFG_SIZE) {
		reg = &q->used;
	} else {
		fail_msg("32-bit write of %#x", off);
	}
	if (off % 8 == 0) {
		*reg = (*reg & ~0xffffffffULL) | val;
	} else {
		*reg = (*reg & 0xffffffffULL) | (uint64_t)val << 32;
	}
}

static struct virtio_dev dev = {
	.vd_regs = { rd8, rd16, rd32, wr8, wr16, wr32, NULL },
};

static int
reset_sim(void **state)
{
	memset(&sim, 0, sizeof(sim));
	sim.status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER_OK; /* left from before */
	sim.offered = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX) |
	    VIRTIO_FEATURE(VIRTIO_F_RING_PACKED) | VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC) | 0x5;
	sim.q[0] = (struct simq){ .max = 64, .noff = 0, .msix = VIRTIO_MSI_NO_VECTOR };
	sim.q[1] = (struct simq){ .max = 256, .noff = 1, .msix = VIRTIO_MSI_NO_VECTOR };
	return 0;
}

static void
test_negotiate(void **state)
{
	const uint64_t v1 = VIRTIO_FEATURE(VIRTIO_F_VERSION_1);
	const uint64_t ev = VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX);
	uint64_t acc = 0;

	assert_int_equal(virtio_features_negotiate(v1 | ev | 0x7, ev | 0x1, 0, &acc), 0);
	assert_int_equal(acc, v1 | ev | 0x1);
	/* Offered but not wanted: not accepted; wanted, not offered: dropped. */
	assert_int_equal(virtio_features_negotiate(v1 | 0x2, 0x1, 0, &acc), 0);
	assert_int_equal(acc, v1);
	/* A legacy device: VERSION_1 is always required. */
	assert_int_equal(virtio_features_negotiate(ev | 0x1, ev, 0, &acc), -ENOTSUP);
	/* A required device feature missing. */
	assert_int_equal(virtio_features_negotiate(v1 | 0x1, 0, 0x2, &acc), -ENOTSUP);
	assert_int_equal(virtio_features_negotiate(v1 | 0x3, 0, 0x2, &acc), 0);
	assert_int_equal(acc, v1 | 0x2);
	/* Transport features the library cannot drive. */
	assert_int_equal(virtio_features_negotiate(~0ULL, VIRTIO_FEATURE(VIRTIO_F_RING_PACKED), 0,
	                     &acc),
	    -EINVAL);
	assert_int_equal(virtio_features_negotiate(~0ULL, 0, VIRTIO_FEATURE(VIRTIO_F_IN_ORDER),
	                     &acc),
	    -EINVAL);
	/* Indirect descriptors are implemented (virtq_add_indirect). */
	assert_int_equal(virtio_features_negotiate(v1 | VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC),
	                     VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC), 0, &acc),
	    0);
	assert_int_equal(acc, v1 | VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC));
	/* Device-type bits above the transport range pass. */
	assert_int_equal(virtio_features_negotiate(v1 | (1ULL << 41), 1ULL << 41, 0, &acc), 0);
	assert_int_equal(acc, v1 | (1ULL << 41));
}

static void
test_full_sequence(void **state)
{
	static struct virtq_slot slots[64];
	const uint8_t want_log[] = { 0, 1, 3, 0xb, 0xf };
	struct virtq vq;
	void *mem = aligned_alloc(4096, 4096 * 2);
	uint16_t noff = 0xffff;

	assert_int_equal(virtio_dev_init(&dev, VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX) | 0x1, 0), 0);
	assert_int_equal(sim.accepted,
	    VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX) | 0x1);
	assert_int_equal(dev.vd_features, sim.accepted);
	assert_int_equal(dev.vd_num_queues, 2);
	assert_int_equal(virtio_dev_queue_max(&dev, 0), 64);
	assert_int_equal(virtio_dev_queue_max(&dev, 1), 256);
	assert_int_equal(virtio_dev_queue_max(&dev, 2), -ENOENT);
	assert_int_equal(virtq_init(&vq, 64, mem, 0x12340000, slots, 1), 0);
	assert_int_equal(virtio_dev_queue_enable(&dev, 0, &vq, VIRTIO_MSI_NO_VECTOR, &noff), 0);
	assert_int_equal(noff, 0);
	assert_int_equal(sim.q[0].size, 64);
	assert_int_equal(sim.q[0].enable, 1);
	assert_int_equal(sim.q[0].desc, 0x12340000);
	assert_int_equal(sim.q[0].avail, 0x12340000 + 64 * 16);
	assert_int_equal(sim.q[0].used, vq.vq_used_phys);
	/* Enabling it twice is refused. */
	assert_int_equal(virtio_dev_queue_enable(&dev, 0, &vq, VIRTIO_MSI_NO_VECTOR, &noff),
	    -EBUSY);
	assert_int_equal(virtio_dev_ready(&dev), 0);
	assert_int_equal(sim.nlog, sizeof(want_log));
	assert_memory_equal(sim.log, want_log, sizeof(want_log));
	assert_int_equal(virtio_dev_status(&dev), 0xf);
	free(mem);
}

static void
test_legacy_device(void **state)
{
	sim.offered = VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX);
	assert_int_equal(virtio_dev_init(&dev, 0, 0), -ENOTSUP);
	assert_true(sim.status & VIRTIO_STATUS_FAILED);
	assert_int_equal(dev.vd_features, 0);
}

static void
test_features_refused(void **state)
{
	sim.refuse_features = 1;
	assert_int_equal(virtio_dev_init(&dev, 0, 0), -EIO);
	assert_true(sim.status & VIRTIO_STATUS_FAILED);
	assert_int_equal(dev.vd_features, 0);
}

static void
test_bad_driver_request(void **state)
{
	assert_int_equal(virtio_dev_init(&dev, VIRTIO_FEATURE(VIRTIO_F_RING_PACKED), 0), -EINVAL);
	assert_true(sim.status & VIRTIO_STATUS_FAILED);
}

static void
test_reset(void **state)
{
	/* A slow reset: the device reads non-zero for a while. */
	sim.reset_reads = 1000;
	assert_int_equal(virtio_dev_reset(&dev), 0);
	assert_int_equal(sim.reset_reads, 0);
	/* One that never ends: reported after a bounded number of reads. */
	sim.reset_reads = VIRTIO_RESET_POLLS + 10;
	assert_int_equal(virtio_dev_reset(&dev), -ETIMEDOUT);
	assert_int_equal(sim.reset_reads, 10);
	/* virtio_dev_init gives up the same way and marks the device FAILED. */
	sim.reset_reads = VIRTIO_RESET_POLLS + 10;
	assert_int_equal(virtio_dev_init(&dev, 0, 0), -ETIMEDOUT);
	assert_true(sim.status & VIRTIO_STATUS_FAILED);
}

static void
test_queue_refusals(void **state)
{
	static struct virtq_slot slots[512];
	static uint8_t mem[16384] __attribute__((aligned(16)));
	struct virtq vq;
	uint16_t noff;

	assert_int_equal(virtio_dev_init(&dev, 0, 0), 0);
	/* Sizes a device must not report. */
	sim.q[0].max = 48;
	assert_int_equal(virtio_dev_queue_max(&dev, 0), -EIO);
	sim.q[0].max = 0;
	assert_int_equal(virtio_dev_queue_max(&dev, 0), -ENOENT);
	sim.q[0].max = 64;
	/* A queue larger than the device allows. */
	assert_int_equal(virtq_init(&vq, 128, mem, 0x100000, slots, 0), 0);
	assert_int_equal(virtio_dev_queue_enable(&dev, 0, &vq, 0, &noff), -EINVAL);
	/* A smaller one than the maximum is fine, with an MSI-X vector. */
	assert_int_equal(virtq_init(&vq, 16, mem, 0x100000, slots, 0), 0);
	assert_int_equal(virtio_dev_queue_enable(&dev, 1, &vq, 3, &noff), 0);
	assert_int_equal(noff, 1);
	assert_int_equal(sim.q[1].size, 16);
	assert_int_equal(sim.q[1].msix, 3);
	/* No vector left on the device. */
	sim.refuse_msix = 1;
	assert_int_equal(virtio_dev_queue_enable(&dev, 0, &vq, 1, &noff), -ENOSPC);
	assert_int_equal(sim.q[0].enable, 0);
	assert_int_equal(virtio_dev_queue_enable(&dev, 5, &vq, 1, &noff), -ENOENT);
}

static void
test_needs_reset(void **state)
{
	sim.needs_reset_at_ok = 1;
	assert_int_equal(virtio_dev_init(&dev, 0, 0), 0);
	assert_int_equal(virtio_dev_ready(&dev), -EIO);
	virtio_dev_fail(&dev);
	assert_true(virtio_dev_status(&dev) & VIRTIO_STATUS_FAILED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_negotiate, reset_sim),
		cmocka_unit_test_setup(test_full_sequence, reset_sim),
		cmocka_unit_test_setup(test_legacy_device, reset_sim),
		cmocka_unit_test_setup(test_features_refused, reset_sim),
		cmocka_unit_test_setup(test_bad_driver_request, reset_sim),
		cmocka_unit_test_setup(test_reset, reset_sim),
		cmocka_unit_test_setup(test_queue_refusals, reset_sim),
		cmocka_unit_test_setup(test_needs_reset, reset_sim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
