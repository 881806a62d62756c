/*
 * The virtio device-status sequence over the common configuration
 * structure: reset, ACKNOWLEDGE, DRIVER, feature negotiation,
 * FEATURES_OK, queue setup, DRIVER_OK, and FAILED when anything goes
 * wrong.  Registers are reached through struct virtio_regs, a table of
 * accessors for the common configuration window, so the same code drives
 * an MMIO mapping in a driver and a simulated device in a host test.
 * Nothing here sleeps or allocates; a device that does not finish its
 * reset within a bounded number of reads is reported, never waited on.
 */
#pragma once
#include <stdint.h>
#include <libvirtio/virtio.h>

struct virtq;

/* Accessors for the common configuration window; off is a register
 * offset (VIRTIO_COMMON_*), values are in CPU order. */
struct virtio_regs {
	uint8_t (*vr_read8)(void *ctx, uint32_t off);
	uint16_t (*vr_read16)(void *ctx, uint32_t off);
	uint32_t (*vr_read32)(void *ctx, uint32_t off);
	void (*vr_write8)(void *ctx, uint32_t off, uint8_t val);
	void (*vr_write16)(void *ctx, uint32_t off, uint16_t val);
	void (*vr_write32)(void *ctx, uint32_t off, uint32_t val);
	void *vr_ctx;
};

struct virtio_dev {
	struct virtio_regs vd_regs;
	uint64_t vd_features; /* negotiated, valid after virtio_dev_init */
	uint16_t vd_num_queues;
};

/* Reads of device_status a reset may take before the device is
 * declared dead. */
#define VIRTIO_RESET_POLLS 100000

/*
 * Transport features libvirtio implements (split ring, event index,
 * indirect descriptors: virtq_add_indirect); a driver asking for another
 * transport feature is refused.
 */
#define VIRTIO_F_LIB_SUPPORTED                                                     \
	(VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX) | VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | \
	    VIRTIO_FEATURE(VIRTIO_F_ACCESS_PLATFORM) | VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC))
/* Bits 24..40 are transport features; the rest belong to the device type. */
#define VIRTIO_F_TRANSPORT_MASK (((1ULL << 17) - 1) << 24)

/*
 * Feature negotiation, a pure function: the driver accepts what the
 * device offers of wanted | required; VERSION_1 is always required.
 * Returns 0 with *accepted set; -ENOTSUP if the device lacks a required
 * feature; -EINVAL if the driver wants a transport feature this library
 * does not implement (packed ring, in-order, notification data...).
 */
int virtio_features_negotiate(uint64_t device, uint64_t wanted, uint64_t required,
    uint64_t *accepted);

/* Writes 0 to device_status and waits for it to read 0.  Returns 0 or
 * -ETIMEDOUT. */
int virtio_dev_reset(struct virtio_dev *dev);

/*
 * Resets the device and takes it to FEATURES_OK: ACKNOWLEDGE, DRIVER,
 * reads the 64 device feature bits, negotiates (see above), writes the
 * accepted set and checks that the device kept FEATURES_OK.  On failure
 * the device is left in FAILED and an error returned (-ETIMEDOUT,
 * -ENOTSUP, -EINVAL, -EIO if the device refused the features).
 */
int virtio_dev_init(struct virtio_dev *dev, uint64_t wanted, uint64_t required);

/*
 * The largest size of queue q the device allows.  Returns it (a power of
 * two, 1..32768), -ENOENT if the device has no such queue, -EIO if the
 * device reports an impossible size.
 */
int virtio_dev_queue_max(struct virtio_dev *dev, uint16_t q);

/*
 * Gives queue q to the device: its size and ring addresses from vq
 * (virtq_init done), the MSI-X vector (VIRTIO_MSI_NO_VECTOR with INTx),
 * then enables it.  *noff receives queue_notify_off, for
 * virtio_caps_notify_offset.  Returns 0; -ENOENT as above; -ENOSPC if the
 * device refused the MSI-X vector; -EBUSY if the queue is already on.
 */
int virtio_dev_queue_enable(struct virtio_dev *dev, uint16_t q, const struct virtq *vq,
    uint16_t msix_vector, uint16_t *noff);

/* Sets DRIVER_OK: the device may now use its queues.  Returns 0, or -EIO
 * if the device reports FAILED or NEEDS_RESET instead. */
int virtio_dev_ready(struct virtio_dev *dev);

/* Sets FAILED: the driver has given up on the device. */
void virtio_dev_fail(struct virtio_dev *dev);

/* The current device_status byte. */
uint8_t virtio_dev_status(struct virtio_dev *dev);
