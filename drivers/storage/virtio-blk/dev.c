/*
 * One virtio-blk device (vblk.h): from the claimed PCI function to a
 * ready device with one request queue on one MSI-X vector, its
 * configuration decoded, and polled reads for the partition scan (made
 * before the driver serves anyone, so nothing else is in flight).
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <libsys/dev.h>
#include <libvirtio/virtio.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vblk.h"

#define VBLK_POLL_NS 5000000000ULL /* a polled read the device keeps longer fails */

/* The features asked for; the device's subset is what it gets. */
#define VBLK_WANTED                                                                           \
	(VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX) | VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC) |            \
	    VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX) | VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX) |        \
	    VIRTIO_FEATURE(VIRTIO_BLK_F_RO) | VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE) |             \
	    VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH) | VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD) |           \
	    VIRTIO_FEATURE(VIRTIO_BLK_F_WRITE_ZEROES))

static uint32_t
cfg32(const struct vblk_dev *d, unsigned off)
{
	return *(volatile uint32_t *)(d->d_vp.vp_device + off);
}

static uint8_t
cfg_generation(const struct vblk_dev *d)
{
	return *(volatile uint8_t *)(d->d_vp.vp_common + VIRTIO_COMMON_CFGGEN);
}

/* The configuration, read again until config_generation is unchanged
 * across it (the device may change it meanwhile: a resized image).
 * Fields of features not negotiated read as 0. */
void
vblk_dev_read_config(struct vblk_dev *d)
{
	struct vblk_config c;
	uint64_t f = d->d_features;
	uint8_t gen;

	do {
		gen = cfg_generation(d);
		memset(&c, 0, sizeof(c));
		c.vc_capacity = cfg32(d, VBLK_CFG_CAPACITY) |
		    (uint64_t)cfg32(d, VBLK_CFG_CAPACITY + 4) << 32;
		if (f & VIRTIO_FEATURE(VIRTIO_BLK_F_SIZE_MAX)) {
			c.vc_size_max = cfg32(d, VBLK_CFG_SIZE_MAX);
		}
		if (f & VIRTIO_FEATURE(VIRTIO_BLK_F_SEG_MAX)) {
			c.vc_seg_max = cfg32(d, VBLK_CFG_SEG_MAX);
		}
		if (f & VIRTIO_FEATURE(VIRTIO_BLK_F_BLK_SIZE)) {
			c.vc_blk_size = cfg32(d, VBLK_CFG_BLK_SIZE);
		}
		if (f & VIRTIO_FEATURE(VIRTIO_BLK_F_DISCARD)) {
			c.vc_max_discard_sectors = cfg32(d, VBLK_CFG_MAX_DISCARD_SECTORS);
			c.vc_max_discard_seg = cfg32(d, VBLK_CFG_MAX_DISCARD_SEG);
			c.vc_discard_align = cfg32(d, VBLK_CFG_DISCARD_ALIGN);
		}
		if (f & VIRTIO_FEATURE(VIRTIO_BLK_F_WRITE_ZEROES)) {
			c.vc_max_wz_sectors = cfg32(d, VBLK_CFG_MAX_WZ_SECTORS);
			c.vc_max_wz_seg = cfg32(d, VBLK_CFG_MAX_WZ_SEG);
		}
	} while (gen != cfg_generation(d));
	d->d_cfg = c;
	vblk_geometry(&d->d_cfg, d->d_features, d->d_data_max, &d->d_geom);
}

int
vblk_dev_open(struct vblk_dev *d, unsigned index, const struct pci_info *info, uint32_t bars)
{
	struct dma_buf cmds;
	unsigned qsize;
	const char *step;
	int err;

	memset(d, 0, sizeof(*d));
	d->d_index = index;
	step = "open";
	err = virtio_pci_open(&d->d_vp, info, bars);
	if (err == 0 && d->d_vp.vp_device == NULL) {
		err = -ENODEV;
	}
	if (err == 0) {
		step = "MSI-X";
		err = virtio_pci_msix(&d->d_vp, 1);
	}
	if (err != 0) {
		goto fail;
	}
	step = "init";
	err = virtio_dev_init(&d->d_vp.vp_dev, VBLK_WANTED, 0);
	if (err == 0) {
		d->d_features = d->d_vp.vp_dev.vd_features;
		d->d_indirect = (d->d_features & VIRTIO_FEATURE(VIRTIO_F_INDIRECT_DESC)) != 0;
		step = "queue";
		err = virtio_pci_queue(&d->d_vp, &d->d_q, 0, VBLK_QMAX, d->d_slots, 0);
	}
	if (err != 0) {
		goto failed;
	}
	qsize = d->d_q.pq_vq.vq_size;
	if (qsize < 4) {
		step = "queue size";
		err = -ENOTSUP;
		goto failed;
	}
	/* A chain, indirect or not, is never longer than the queue. */
	d->d_data_max = qsize - 2 < VBLK_DATA_MAX ? qsize - 2 : VBLK_DATA_MAX;
	vblk_dev_read_config(d);
	if (d->d_cfg.vc_seg_max != 0 && d->d_cfg.vc_seg_max < d->d_data_max) {
		d->d_data_max = d->d_cfg.vc_seg_max;
		vblk_dev_read_config(d);
	}
	step = "commands";
	err = kc_dma_alloc(qsize * sizeof(struct vblk_cmd_dma), 4096, 0, &cmds);
	if (err != 0) {
		goto failed;
	}
	vblk_cmds_init(d, (struct vblk_cmd_dma *)(uintptr_t)cmds.db_vaddr, cmds.db_phys, qsize);
	step = "DRIVER_OK";
	err = virtio_dev_ready(&d->d_vp.vp_dev);
	if (err != 0) {
		goto failed;
	}
	d->d_up = true;
	return 0;
failed:
	virtio_dev_fail(&d->d_vp.vp_dev);
fail:
	printf("%s: vd%c: %s failed (%d)\n", driver_name(), 'a' + index, step, err);
	return err;
}

/* A read with the device's interrupts ignored: the request is added,
 * then the used ring polled until it comes back. */
int
vblk_dev_read_sync(struct vblk_dev *d, uint64_t sector, uint64_t phys, uint32_t len)
{
	struct virtq_buf b[3];
	struct vblk_cmd *c = d->d_free;
	uint64_t deadline;
	int err;

	if (c == NULL) {
		return -EBUSY;
	}
	d->d_free = c->c_next;
	c->c_rq = NULL;
	c->c_done_poll = false;
	c->c_dma->cd_hdr = (struct virtio_blk_outhdr){ .oh_type = VIRTIO_BLK_T_IN,
		.oh_sector = sector };
	c->c_dma->cd_status = 0xff;
	b[0] = (struct virtq_buf){ c->c_dma_phys + offsetof(struct vblk_cmd_dma, cd_hdr), 16 };
	b[1] = (struct virtq_buf){ phys, len };
	b[2] = (struct virtq_buf){ c->c_dma_phys + offsetof(struct vblk_cmd_dma, cd_status), 1 };
	virtq_intr_disable(&d->d_q.pq_vq);
	err = d->d_indirect
	    ? virtq_add_indirect(&d->d_q.pq_vq, b, 1, 2, c->c_dma->cd_table,
	          c->c_dma_phys + offsetof(struct vblk_cmd_dma, cd_table), c)
	    : virtq_add(&d->d_q.pq_vq, b, 1, 2, c);
	if (err < 0) {
		c->c_next = d->d_free;
		d->d_free = c;
		return err;
	}
	virtio_pci_kick(&d->d_q);
	deadline = clock_now_ns() + VBLK_POLL_NS;
	while (!c->c_done_poll && clock_now_ns() < deadline) {
		vblk_harvest(d);
	}
	virtq_intr_enable(&d->d_q.pq_vq);
	if (!c->c_done_poll) {
		/* The command stays with the device: never reused. */
		printf("%s: vd%c: a read of sector %lu took more than %lu ms\n", driver_name(),
		    'a' + d->d_index, (unsigned long)sector, (unsigned long)(VBLK_POLL_NS / 1000000));
		return -ETIMEDOUT;
	}
	c->c_next = d->d_free;
	d->d_free = c;
	return (int)vblk_status_result(c->c_poll_status, 0);
}
