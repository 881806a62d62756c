/*
 * The device-status sequence (device.h) over the common configuration
 * registers, through the caller's accessors.  Each step reads back what
 * the device says rather than assuming it obeyed.
 */
#include <stdint.h>
#include <libvirtio/device.h>
#include <libvirtio/virtio.h>
#include <libvirtio/virtqueue.h>
#include <xinim/errno.h>

/* Register accessors: thin wrappers over the caller's table. */
static uint8_t
rd8(struct virtio_dev *dev, uint32_t off)
{
	return dev->vd_regs.vr_read8(dev->vd_regs.vr_ctx, off);
}

static uint16_t
rd16(struct virtio_dev *dev, uint32_t off)
{
	return dev->vd_regs.vr_read16(dev->vd_regs.vr_ctx, off);
}

static uint32_t
rd32(struct virtio_dev *dev, uint32_t off)
{
	return dev->vd_regs.vr_read32(dev->vd_regs.vr_ctx, off);
}

static void
wr8(struct virtio_dev *dev, uint32_t off, uint8_t val)
{
	dev->vd_regs.vr_write8(dev->vd_regs.vr_ctx, off, val);
}

static void
wr16(struct virtio_dev *dev, uint32_t off, uint16_t val)
{
	dev->vd_regs.vr_write16(dev->vd_regs.vr_ctx, off, val);
}

static void
wr32(struct virtio_dev *dev, uint32_t off, uint32_t val)
{
	dev->vd_regs.vr_write32(dev->vd_regs.vr_ctx, off, val);
}

/* 64-bit registers are written as two 32-bit halves, low first. */
static void
wr64(struct virtio_dev *dev, uint32_t off, uint64_t val)
{
	wr32(dev, off, (uint32_t)val);
	wr32(dev, off + 4, (uint32_t)(val >> 32));
}

/* Adds bits to device_status, keeping the ones already set: the
 * specification has the driver accumulate them, never clear one. */
static void
set_status(struct virtio_dev *dev, uint8_t bits)
{
	wr8(dev, VIRTIO_COMMON_STATUS, (uint8_t)(rd8(dev, VIRTIO_COMMON_STATUS) | bits));
}

uint8_t
virtio_dev_status(struct virtio_dev *dev)
{
	return rd8(dev, VIRTIO_COMMON_STATUS);
}

void
virtio_dev_fail(struct virtio_dev *dev)
{
	set_status(dev, VIRTIO_STATUS_FAILED);
}

int
virtio_dev_reset(struct virtio_dev *dev)
{
	wr8(dev, VIRTIO_COMMON_STATUS, 0);
	/* The device may take time to drop its queues; it says it is done
	 * by reading 0. */
	for (unsigned i = 0; i < VIRTIO_RESET_POLLS; i++) {
		if (rd8(dev, VIRTIO_COMMON_STATUS) == 0) {
			return 0;
		}
	}
	return -ETIMEDOUT;
}

/*
 * The initialisation of section 3.1.1: each step only after the one
 * before; features are read and written as two 32-bit words selected by
 * the *_feature_select registers.
 */
int
virtio_dev_init(struct virtio_dev *dev, uint64_t wanted, uint64_t required)
{
	uint64_t offered, accepted;
	int err;

	dev->vd_features = 0;
	err = virtio_dev_reset(dev);
	if (err < 0) {
		goto fail;
	}
	set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(dev, VIRTIO_STATUS_DRIVER);
	wr32(dev, VIRTIO_COMMON_DFSELECT, 0);
	offered = rd32(dev, VIRTIO_COMMON_DF);
	wr32(dev, VIRTIO_COMMON_DFSELECT, 1);
	offered |= (uint64_t)rd32(dev, VIRTIO_COMMON_DF) << 32;
	err = virtio_features_negotiate(offered, wanted, required, &accepted);
	if (err < 0) {
		goto fail;
	}
	wr32(dev, VIRTIO_COMMON_GFSELECT, 0);
	wr32(dev, VIRTIO_COMMON_GF, (uint32_t)accepted);
	wr32(dev, VIRTIO_COMMON_GFSELECT, 1);
	wr32(dev, VIRTIO_COMMON_GF, (uint32_t)(accepted >> 32));
	set_status(dev, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK if it cannot work with our set. */
	if ((rd8(dev, VIRTIO_COMMON_STATUS) & VIRTIO_STATUS_FEATURES_OK) == 0) {
		err = -EIO;
		goto fail;
	}
	dev->vd_features = accepted;
	dev->vd_num_queues = rd16(dev, VIRTIO_COMMON_NUMQ);
	return 0;

fail:
	virtio_dev_fail(dev);
	return err;
}

/* A split queue's size is a power of two: anything else means the device
 * (or the mapping) is broken, not that the driver should round. */
int
virtio_dev_queue_max(struct virtio_dev *dev, uint16_t q)
{
	uint16_t size;

	if (q >= dev->vd_num_queues) {
		return -ENOENT;
	}
	wr16(dev, VIRTIO_COMMON_Q_SELECT, q);
	size = rd16(dev, VIRTIO_COMMON_Q_SIZE);
	if (size == 0) {
		return -ENOENT;
	}
	if (size > VIRTQ_SIZE_MAX || (size & (size - 1)) != 0) {
		return -EIO;
	}
	return size;
}

/*
 * Queue setup: the registers of the selected queue are written while it
 * is disabled, then queue_enable; the device reads the ring addresses at
 * that moment, so the rings must be initialised (virtq_init) before.
 */
int
virtio_dev_queue_enable(struct virtio_dev *dev, uint16_t q, const struct virtq *vq,
    uint16_t msix_vector, uint16_t *noff)
{
	int max = virtio_dev_queue_max(dev, q);

	if (max < 0) {
		return max;
	}
	if (vq->vq_size > max) {
		return -EINVAL;
	}
	if (rd16(dev, VIRTIO_COMMON_Q_ENABLE) != 0) {
		return -EBUSY;
	}
	wr16(dev, VIRTIO_COMMON_Q_SIZE, vq->vq_size);
	wr64(dev, VIRTIO_COMMON_Q_DESC, vq->vq_desc_phys);
	wr64(dev, VIRTIO_COMMON_Q_AVAIL, vq->vq_avail_phys);
	wr64(dev, VIRTIO_COMMON_Q_USED, vq->vq_used_phys);
	wr16(dev, VIRTIO_COMMON_Q_MSIX, msix_vector);
	/* A device out of MSI-X resources answers NO_VECTOR. */
	if (rd16(dev, VIRTIO_COMMON_Q_MSIX) != msix_vector) {
		return -ENOSPC;
	}
	*noff = rd16(dev, VIRTIO_COMMON_Q_NOFF);
	wr16(dev, VIRTIO_COMMON_Q_ENABLE, 1);
	return 0;
}

/* DRIVER_OK last: from here on the device may use the queues. */
int
virtio_dev_ready(struct virtio_dev *dev)
{
	uint8_t status;

	set_status(dev, VIRTIO_STATUS_DRIVER_OK);
	status = rd8(dev, VIRTIO_COMMON_STATUS);
	if ((status & (VIRTIO_STATUS_FAILED | VIRTIO_STATUS_NEEDS_RESET)) != 0 ||
	    (status & VIRTIO_STATUS_DRIVER_OK) == 0) {
		return -EIO;
	}
	return 0;
}
