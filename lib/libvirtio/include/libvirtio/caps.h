/*
 * Finding a virtio device's register windows.  A modern virtio PCI device
 * describes four structures in vendor-specific capabilities of its PCI
 * configuration space: the common configuration, the notification area,
 * the ISR status byte and the device-specific configuration, each as
 * {BAR, offset, length}.  virtio_caps_parse walks the capability list
 * through a caller-supplied read function (so it works on a live device,
 * on a saved image and in host tests) and distrusts every byte: a loop, a
 * capability past the end of the standard configuration space, a short
 * capability or a window that does not fit its BAR is reported and the
 * capability ignored.  Pure C; no system calls.
 */
#pragma once
#include <stdint.h>

/* One register window: bytes [offset, offset + length) of BAR bar. */
struct virtio_window {
	uint8_t vw_bar;
	uint8_t vw_present;
	uint32_t vw_offset;
	uint32_t vw_length;
};

struct virtio_caps {
	struct virtio_window vc_common;
	struct virtio_window vc_notify;
	struct virtio_window vc_isr;
	struct virtio_window vc_device; /* absent on devices with no config */
	uint32_t vc_notify_mult;        /* notify_off_multiplier */
	unsigned vc_ignored;            /* malformed capabilities skipped */
};

/*
 * Reads the naturally aligned 32-bit word at off (a multiple of 4) of the
 * device's configuration space.  ctx is the caller's.
 */
typedef uint32_t virtio_cfg_read_fn(void *ctx, uint16_t off);

/*
 * Parses the capability list of the device whose configuration space
 * read32 reads.  bar_len, if not NULL, gives the size of each of the six
 * BARs (0: not implemented) and each window must fit inside its BAR.
 * The first well-formed capability of each type wins, as the
 * specification asks.  Returns 0 with *caps filled; -ENODEV if the
 * device has no capability list or no usable common, notify or ISR
 * window (caps->vc_ignored then says how many were malformed).
 */
int virtio_caps_parse(virtio_cfg_read_fn *read32, void *ctx, const uint64_t *bar_len,
    struct virtio_caps *caps);

/*
 * The offset inside the notify window's BAR where the driver writes to
 * notify the queue whose queue_notify_off is noff.  Returns 0 with
 * *bar_off set, or -ERANGE if that address is outside the notify window.
 */
int virtio_caps_notify_offset(const struct virtio_caps *caps, uint16_t noff, uint32_t *bar_off);
