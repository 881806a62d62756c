/*
 * From a claimed PCI device to a working virtio device: the glue between
 * the pci server's view of a function (struct pci_info, its granted BARs
 * and its configuration space through libsys's pci client) and the
 * transport of caps.h, device.h and virtqueue.h.
 *
 * virtio_pci_open() finds the register windows in the capability list,
 * maps every BAR they use once (KC_MMIO_MAP), turns on memory decoding
 * and bus mastering, points the common-configuration accessors at the
 * mapping and resets the device, which makes it forget any queue of an
 * earlier instance of the driver.  virtio_pci_msix() gives the device
 * message-signalled interrupts: one KC_IRQ_MSI hook per vector, written
 * into the function's MSI-X table, MSI-X enabled.  INTx is not offered:
 * every virtio device here has MSI-X.  virtio_pci_queue() sets up one
 * split virtqueue in fresh DMA memory.
 *
 * The bookkeeping that needs no system call (which BAR spans to map, an
 * MSI-X table entry) is in pci_plan.c and host-tested.  One thread
 * drives a device; nothing here locks.  A driver that exits leaves its
 * mappings, DMA memory and hooks to the kernel, which frees them.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <libvirtio/caps.h>
#include <libvirtio/device.h>
#include <libvirtio/virtqueue.h>
#include <xinim/pci.h>

/* MSI-X vectors one device may use through this library. */
#define VIRTIO_PCI_MAX_VECTORS 4

/* The MSI-X capability (PCI Local Bus 3.0, 6.8.2): message control at
 * +2 (table size - 1 in bits 10:0, function mask, enable); table entries
 * of 16 bytes: address low, address high, data, vector control. */
#define PCI_MSIX_CTRL 2
#define PCI_MSIX_CTRL_SIZE_MASK 0x07ff
#define PCI_MSIX_CTRL_MASKALL 0x4000
#define PCI_MSIX_CTRL_ENABLE 0x8000
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_MASKED 1u

/* The command register and the bits a driver turns on. */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400

/* Bytes [vs_lo, vs_hi) of one BAR; vs_hi == 0: the BAR is not needed. */
struct virtio_pci_span {
	uint64_t vs_lo, vs_hi;
};

struct virtio_pci {
	struct virtio_dev vp_dev; /* vd_regs reach vp_common */
	struct virtio_caps vp_caps;
	struct pci_info vp_info;
	struct virtio_pci_span vp_span[PCI_INFO_BARS];
	volatile uint8_t *vp_map[PCI_INFO_BARS]; /* where vp_span[i].vs_lo is */
	volatile uint8_t *vp_common;
	volatile uint8_t *vp_isr;
	volatile uint8_t *vp_device; /* NULL: the device has no config */
	volatile uint8_t *vp_msix;   /* the MSI-X table; NULL without MSI-X */
	int vp_hook[VIRTIO_PCI_MAX_VECTORS];
	unsigned vp_vectors; /* MSI-X vectors set up */
};

/* One virtqueue and where to kick it. */
struct virtio_pci_queue {
	struct virtq pq_vq;
	volatile uint16_t *pq_notify;
	uint16_t pq_index;
	uint16_t pq_vector; /* MSI-X vector, VIRTIO_MSI_NO_VECTOR: none */
	uint64_t pq_mem;    /* the rings' DMA buffer (our address) */
};

/*
 * The six BARs' sizes as the parser wants them: memory BARs only (a
 * window in an I/O BAR cannot be mapped), 0 for the rest.
 */
void virtio_pci_bar_sizes(const struct pci_info *info, uint64_t len[PCI_INFO_BARS]);

/*
 * The span of each BAR to map: every window of caps and, with MSI-X, the
 * table (info's pi_msix_*).  granted is the mask pci_claim() returned.
 * Returns 0 with span[] filled; -EPERM if a needed BAR was not granted;
 * -EINVAL if a window lies outside its BAR or in one that is not memory.
 */
int virtio_pci_plan(const struct pci_info *info, const struct virtio_caps *caps, uint32_t granted,
    struct virtio_pci_span span[PCI_INFO_BARS]);

/* Writes MSI-X table entry `entry` (table: the mapped table) to send
 * msg, unmasked when unmask, masked otherwise. */
void virtio_pci_msix_entry(volatile uint8_t *table, unsigned entry, const struct msi_msg *msg,
    bool unmask);

/*
 * Opens the device pci_claim() gave us (info, granted BARs): parses its
 * capabilities, maps the windows, enables memory decoding and bus
 * mastering, sets up vp->vp_dev and resets the device.  Then the driver
 * calls virtio_pci_msix(), virtio_dev_init(&vp->vp_dev, ...),
 * virtio_pci_queue() per queue and virtio_dev_ready().  Returns 0;
 * -ENODEV (not a modern virtio device), -EPERM / -EINVAL (see
 * virtio_pci_plan), a mapping or configuration-space error, -ETIMEDOUT
 * (the reset did not finish).
 */
int virtio_pci_open(struct virtio_pci *vp, const struct pci_info *info, uint32_t granted);

/* The register accessors of a common configuration window mapped at
 * common (what virtio_pci_open() sets up; for tests that map it
 * themselves). */
struct virtio_regs virtio_pci_regs(volatile uint8_t *common);

/*
 * Sets up n (1..VIRTIO_PCI_MAX_VECTORS) MSI-X vectors: vector i raises
 * the IRQ hook vp->vp_hook[i] (its bit in NOTIFY_IRQ's bitmap).  The
 * config-change vector is left at none.  Returns 0; -ENOTSUP without
 * MSI-X; -ENOSPC when the table is smaller than n; a KC_IRQ_MSI or
 * configuration-space error (the hooks taken so far are given back).
 */
int virtio_pci_msix(struct virtio_pci *vp, unsigned n);

/* Sets the device's config-change vector (after virtio_dev_init, which
 * leaves it at none): a vector set up by virtio_pci_msix or
 * VIRTIO_MSI_NO_VECTOR.  0; -EINVAL; -ENOSPC if the device refused it. */
int virtio_pci_config_vector(struct virtio_pci *vp, uint16_t vector);

/*
 * Sets up queue q (after virtio_dev_init): at most max_size entries
 * (rounded down to a power of two, and to what the device allows) in new
 * DMA memory, slots of at least that many entries for virtq_init, MSI-X
 * vector (one virtio_pci_msix set up, or VIRTIO_MSI_NO_VECTOR: none),
 * then enables it.  Returns 0; -EINVAL; an error of virtio_dev_queue_max
 * or _enable; -ENOMEM; -ERANGE (the notify address is outside the notify
 * window).
 */
int virtio_pci_queue(struct virtio_pci *vp, struct virtio_pci_queue *pq, uint16_t q,
    unsigned max_size, struct virtq_slot *slots, uint16_t vector);

/* Tells the device about new buffers in pq, when it wants to be told. */
void virtio_pci_kick(struct virtio_pci_queue *pq);
