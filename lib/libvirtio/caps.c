/*
 * Virtio PCI capability parsing (caps.h): a bounded walk over the
 * standard PCI capability list, keeping the first well-formed virtio
 * capability of each type.  The configuration space is read one aligned
 * dword at a time through the caller's function; every pointer, length
 * and BAR number it yields is checked before it is used.
 */
#include <stddef.h>
#include <stdint.h>
#include <libvirtio/caps.h>
#include <libvirtio/virtio.h>
#include <xinim/errno.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_FIRST 0x40 /* capabilities live after the header */
#define PCI_STD_CFG_SIZE 0x100
#define PCI_BAR_COUNT 6
/* At most one 4-byte capability per dword after the header. */
#define PCI_CAP_MAX ((PCI_STD_CFG_SIZE - PCI_CAP_FIRST) / 4)

struct cfg_reader {
	virtio_cfg_read_fn *read32;
	void *ctx;
};

static uint8_t
cfg_read8(const struct cfg_reader *r, unsigned off)
{
	uint32_t v = r->read32(r->ctx, (uint16_t)(off & ~3u));

	return (uint8_t)(v >> ((off & 3) * 8));
}

/* A little-endian 32-bit field at any offset (capability fields are
 * naturally aligned in practice, but a hostile device need not be). */
static uint32_t
cfg_read32(const struct cfg_reader *r, unsigned off)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < 4; i++) {
		v |= (uint32_t)cfg_read8(r, off + i) << (8 * i);
	}
	return v;
}

/* Whether a window lies inside its BAR (when BAR sizes are known). */
static int
window_fits(const struct virtio_window *w, const uint64_t *bar_len)
{
	uint64_t end = (uint64_t)w->vw_offset + w->vw_length;

	if (bar_len == NULL) {
		return 1;
	}
	return bar_len[w->vw_bar] != 0 && end <= bar_len[w->vw_bar];
}

/*
 * Decodes the virtio capability at off (whose cap_len is len) into the
 * window of its type, if that type is still unset.  Returns 0 if it was
 * used or is of a type the library does not need, -EINVAL if malformed.
 */
static int
take_cap(const struct cfg_reader *r, unsigned off, unsigned len, const uint64_t *bar_len,
    struct virtio_caps *caps)
{
	uint8_t type = cfg_read8(r, off + VIRTIO_CAP_OFF_TYPE);
	struct virtio_window w, *slot;
	uint32_t mult = 0;

	switch (type) {
	case VIRTIO_PCI_CAP_COMMON_CFG:
		slot = &caps->vc_common;
		break;
	case VIRTIO_PCI_CAP_NOTIFY_CFG:
		slot = &caps->vc_notify;
		break;
	case VIRTIO_PCI_CAP_ISR_CFG:
		slot = &caps->vc_isr;
		break;
	case VIRTIO_PCI_CAP_DEVICE_CFG:
		slot = &caps->vc_device;
		break;
	default:
		return 0; /* PCI_CFG access window, shared memory, vendor */
	}
	if (len < VIRTIO_CAP_SIZE) {
		return -EINVAL;
	}
	w.vw_bar = cfg_read8(r, off + VIRTIO_CAP_OFF_BAR);
	w.vw_offset = cfg_read32(r, off + VIRTIO_CAP_OFF_OFFSET);
	w.vw_length = cfg_read32(r, off + VIRTIO_CAP_OFF_LENGTH);
	w.vw_present = 1;
	if (w.vw_bar >= PCI_BAR_COUNT || w.vw_length == 0 ||
	    (uint64_t)w.vw_offset + w.vw_length > UINT32_MAX || !window_fits(&w, bar_len)) {
		return -EINVAL;
	}
	if (type == VIRTIO_PCI_CAP_COMMON_CFG && w.vw_length < VIRTIO_COMMON_CFG_SIZE) {
		return -EINVAL;
	}
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
		if (len < VIRTIO_NOTIFY_CAP_SIZE || w.vw_length < 2) {
			return -EINVAL;
		}
		/* 0 (one address for all queues) or an even power of two. */
		mult = cfg_read32(r, off + VIRTIO_CAP_OFF_NOTIFY_MULT);
		if (mult == 1 || (mult & (mult - 1)) != 0) {
			return -EINVAL;
		}
	}
	if (slot->vw_present) {
		return 0; /* the first instance wins */
	}
	*slot = w;
	if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
		caps->vc_notify_mult = mult;
	}
	return 0;
}

int
virtio_caps_parse(virtio_cfg_read_fn *read32, void *ctx, const uint64_t *bar_len,
    struct virtio_caps *caps)
{
	struct cfg_reader r = { read32, ctx };
	uint8_t seen[PCI_STD_CFG_SIZE / 8] = { 0 };
	unsigned off, n;

	*caps = (struct virtio_caps){ 0 };
	if ((cfg_read8(&r, PCI_STATUS) & PCI_STATUS_CAP_LIST) == 0) {
		return -ENODEV;
	}
	off = cfg_read8(&r, PCI_CAP_PTR) & ~3u;
	for (n = 0; off != 0 && n < PCI_CAP_MAX; n++) {
		unsigned len;

		/* A pointer into the header or a second visit ends the walk:
		 * a malformed list, whatever follows cannot be trusted. */
		if (off < PCI_CAP_FIRST || (seen[off / 8] & (1u << (off % 8))) != 0) {
			caps->vc_ignored++;
			break;
		}
		seen[off / 8] |= (uint8_t)(1u << (off % 8));
		if (cfg_read8(&r, off) == PCI_CAP_ID_VENDOR) {
			len = cfg_read8(&r, off + VIRTIO_CAP_OFF_LEN);
			if (off + len > PCI_STD_CFG_SIZE ||
			    take_cap(&r, off, len, bar_len, caps) < 0) {
				caps->vc_ignored++;
			}
		}
		off = cfg_read8(&r, off + 1) & ~3u;
	}
	if (!caps->vc_common.vw_present || !caps->vc_notify.vw_present ||
	    !caps->vc_isr.vw_present) {
		return -ENODEV;
	}
	return 0;
}

int
virtio_caps_notify_offset(const struct virtio_caps *caps, uint16_t noff, uint32_t *bar_off)
{
	uint64_t rel = (uint64_t)noff * caps->vc_notify_mult;

	/* The driver writes a 16-bit queue index there. */
	if (!caps->vc_notify.vw_present || rel + 2 > caps->vc_notify.vw_length) {
		return -ERANGE;
	}
	*bar_off = (uint32_t)(caps->vc_notify.vw_offset + rel);
	return 0;
}
