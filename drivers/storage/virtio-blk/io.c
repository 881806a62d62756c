/*
 * Requests (vblk.h).  Each request libblockdriver hands over takes a
 * command (its DMA header, status byte and indirect table) and goes to
 * the device as one chain: header, data, status.  The data is the
 * client's own memory where possible: each segment's grant is pinned
 * (KC_GRANT_PHYS, owner br_owner, direct or passed on) and its physical
 * ranges become descriptors; the pins end when the device is done.  When
 * a pin is refused for a reason that is no fault of the client (the
 * memory is not the owner's own, the kernel's pin table is full, the
 * ranges need more descriptors than a request may have) the request
 * goes through a bounce buffer in DMA memory instead, copied with
 * KC_SAFECOPY_V.  A request that finds no command (or no bounce buffer)
 * free waits in its device's FIFO and is started when one frees.
 *
 * BLK_FL_FUA: virtio-blk has no FUA, so a FUA write is the write, then a
 * flush, answered when the flush is (BLK_FEAT_FUA is not reported: the
 * emulation is the driver's).  A device without VIRTIO_BLK_F_FLUSH has
 * no volatile cache: its writes are durable when answered, so flushes
 * are answered at once.  Discard and write-zeroes longer than the device
 * takes in one request are sent as several, one after the other.
 */
#include <libdriver/driver.h>
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vblk.h"

struct vblk_dev vblk_devs[BLOCKDRIVER_MAX_DEVS];

static struct {
	uint64_t b_vaddr, b_phys; /* 0: not allocated yet */
	bool b_busy;
} bounce[VBLK_BOUNCE];

/* One thread: the descriptor list being built lives here. */
static struct virtq_buf sg[VBLK_IND_MAX];
static struct phys_seg ps[VBLK_DATA_MAX];

void
vblk_cmds_init(struct vblk_dev *d, struct vblk_cmd_dma *dma, uint64_t phys, unsigned n)
{
	d->d_ncmd = n;
	d->d_free = NULL;
	for (unsigned i = n; i-- > 0;) {
		struct vblk_cmd *c = &d->d_cmd[i];

		*c = (struct vblk_cmd){ .c_dev = d, .c_dma = &dma[i], .c_bounce = -1 };
		c->c_dma_phys = phys + (uint64_t)i * sizeof(*dma);
		c->c_next = d->d_free;
		d->d_free = c;
	}
}

int
vblk_bounce_get(uint64_t *vaddr, uint64_t *phys)
{
	for (int i = 0; i < VBLK_BOUNCE; i++) {
		struct dma_buf b;

		if (bounce[i].b_busy) {
			continue;
		}
		if (bounce[i].b_vaddr == 0) {
			if (kc_dma_alloc(VBLK_MAX_BYTES, 4096, 0, &b) != 0) {
				continue;
			}
			bounce[i].b_vaddr = b.db_vaddr;
			bounce[i].b_phys = b.db_phys;
		}
		bounce[i].b_busy = true;
		*vaddr = bounce[i].b_vaddr;
		*phys = bounce[i].b_phys;
		return i;
	}
	for (int i = 0; i < VBLK_BOUNCE; i++) {
		if (bounce[i].b_busy) {
			return -EAGAIN; /* one will free */
		}
	}
	return -ENOMEM;
}

void
vblk_bounce_put(int i)
{
	if (i >= 0 && i < VBLK_BOUNCE) {
		bounce[i].b_busy = false;
	}
}

static uint64_t
dma_at(const struct vblk_cmd *c, size_t off)
{
	return c->c_dma_phys + off;
}

/* Copies between the bounce buffer and every segment of rq (dir
 * SAFECOPY_FROM: into the buffer). */
static int
bounce_copy(const struct blockdriver_req *rq, uint64_t vaddr, unsigned dir)
{
	struct safecopy_vec v[BLK_MAX_SEGS];
	uint64_t at = 0;
	int r;

	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		v[i] = (struct safecopy_vec){ .sv_owner = rq->br_owner,
			.sv_dir = dir,
			.sv_grant = rq->br_seg[i].bs_grant,
			.sv_offset = rq->br_seg[i].bs_off,
			.sv_addr = vaddr + at,
			.sv_len = rq->br_seg[i].bs_len };
		at += rq->br_seg[i].bs_len;
	}
	r = kc_safecopy_vec(v, rq->br_nseg);
	return r < 0 ? r : 0;
}

/* The pin does not say which right it found (either will do for the
 * kernel), so the direction is checked first: one byte of every segment
 * copied the way the device will move it (a read's buffer is
 * overwritten anyway). */
static int
check_access(const struct blockdriver_req *rq)
{
	static uint8_t byte[BLK_MAX_SEGS];
	struct safecopy_vec v[BLK_MAX_SEGS];
	int r;

	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		v[i] = (struct safecopy_vec){ .sv_owner = rq->br_owner,
			.sv_dir = rq->br_op == BLK_READ ? SAFECOPY_TO : SAFECOPY_FROM,
			.sv_grant = rq->br_seg[i].bs_grant,
			.sv_offset = rq->br_seg[i].bs_off,
			.sv_addr = (uint64_t)(uintptr_t)&byte[i],
			.sv_len = 1 };
	}
	r = kc_safecopy_vec(v, rq->br_nseg);
	return r < 0 ? r : 0;
}

static void
unpin(struct vblk_cmd *c)
{
	const struct blockdriver_req *rq = c->c_rq;

	for (uint32_t i = 0; i < c->c_npinned; i++) {
		kc_grant_unpin(rq->br_owner, rq->br_seg[i].bs_grant, rq->br_seg[i].bs_off,
		    rq->br_seg[i].bs_len);
	}
	c->c_npinned = 0;
}

/* Gives back the data path of c: pins, bounce buffer (after copying a
 * read out of it).  0, or the copy's error. */
static int
release_data(struct vblk_cmd *c, bool copy_out)
{
	int err = 0;

	unpin(c);
	if (c->c_bounce >= 0) {
		if (copy_out) {
			err = bounce_copy(c->c_rq, bounce[c->c_bounce].b_vaddr, SAFECOPY_TO);
		}
		vblk_bounce_put(c->c_bounce);
		c->c_bounce = -1;
	}
	return err;
}

/* Pins each segment and appends its ranges to sg after *n.  0; -E2BIG
 * (or another error the bounce buffer gets around) to bounce; anything
 * else is the client's error. */
static int
map_pinned(struct vblk_dev *d, struct vblk_cmd *c, unsigned *n)
{
	const struct blockdriver_req *rq = c->c_rq;
	unsigned max = 1 + d->d_data_max;
	int err = check_access(rq);

	if (err != 0) {
		return err;
	}
	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		const struct blk_seg *g = &rq->br_seg[i];
		int got = kc_grant_phys(rq->br_owner, g->bs_grant, g->bs_off, g->bs_len, ps,
		    max - *n);

		if (got < 0) {
			return got;
		}
		c->c_npinned++;
		for (int k = 0; k < got; k++) {
			err = vblk_sg_add(sg, n, max, ps[k].ps_addr, ps[k].ps_len,
			    d->d_cfg.vc_size_max);
			if (err != 0) {
				return err;
			}
		}
	}
	return 0;
}

/* Whether a refused pin is worth a bounce buffer (not the client's
 * fault): not its own memory, the pin table full, too many ranges, or
 * a window larger than one pin. */
static bool
bounceable(int err)
{
	return err == -EFAULT || err == -ENOSPC || err == -E2BIG || err == -ENOMEM ||
	    err == -EINVAL;
}

/* Hands c's chain sg[0..n_out+n_in) to the device. */
static int
issue(struct vblk_dev *d, struct vblk_cmd *c, unsigned n_out, unsigned n_in)
{
	int r;

	c->c_dma->cd_status = 0xff; /* a device that writes nothing: -EIO */
	r = d->d_indirect ? virtq_add_indirect(&d->d_q.pq_vq, sg, n_out, n_in, c->c_dma->cd_table,
	                        dma_at(c, offsetof(struct vblk_cmd_dma, cd_table)), c)
	                  : virtq_add(&d->d_q.pq_vq, sg, n_out, n_in, c);
	if (r == -ENOSPC) {
		return -EAGAIN;
	}
	if (r < 0) {
		return r;
	}
	d->d_kick = true;
	return 0;
}

/* A request without data: a flush, or the next piece of a discard or
 * write-zeroes (c_next_sector, c_left). */
static int
issue_nodata(struct vblk_dev *d, struct vblk_cmd *c, uint32_t type)
{
	unsigned n = 0;

	c->c_dma->cd_hdr = (struct virtio_blk_outhdr){ .oh_type = type };
	sg[n++] = (struct virtq_buf){ dma_at(c, offsetof(struct vblk_cmd_dma, cd_hdr)), 16 };
	if (type == VIRTIO_BLK_T_DISCARD || type == VIRTIO_BLK_T_WRITE_ZEROES) {
		uint32_t max = type == VIRTIO_BLK_T_DISCARD ? d->d_cfg.vc_max_discard_sectors
		                                            : d->d_cfg.vc_max_wz_sectors;
		uint32_t per = d->d_geom.bg_sector_size / 512;
		uint32_t k = vblk_dwz_chunk(c->c_left, max - max % per);

		c->c_dma->cd_dwz = (struct virtio_blk_dwz){ c->c_next_sector, k, 0 };
		c->c_next_sector += k;
		c->c_left -= k;
		sg[n++] = (struct virtq_buf){ dma_at(c, offsetof(struct vblk_cmd_dma, cd_dwz)), 16 };
	}
	sg[n++] = (struct virtq_buf){ dma_at(c, offsetof(struct vblk_cmd_dma, cd_status)), 1 };
	return issue(d, c, n - 1, 1);
}

/* A read or write: pinned, else bounced. */
static int
issue_data(struct vblk_dev *d, struct vblk_cmd *c)
{
	struct blockdriver_req *rq = c->c_rq;
	bool wr = rq->br_op == BLK_WRITE;
	unsigned n = 1, max = 1 + d->d_data_max;
	uint64_t va, pa;
	int err;

	c->c_dma->cd_hdr = (struct virtio_blk_outhdr){
		.oh_type = wr ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
		.oh_sector = rq->br_sector * (d->d_geom.bg_sector_size / 512),
	};
	sg[0] = (struct virtq_buf){ dma_at(c, offsetof(struct vblk_cmd_dma, cd_hdr)), 16 };
	err = map_pinned(d, c, &n);
	if (err != 0) {
		unpin(c);
		if (!bounceable(err)) {
			return err;
		}
		c->c_bounce = vblk_bounce_get(&va, &pa);
		if (c->c_bounce < 0) {
			return c->c_bounce;
		}
		if (d->d_bounced == 0) {
			printf("%s: vd%c: a pin was refused (%d): such requests go through a bounce "
			       "buffer\n",
			    driver_name(), 'a' + d->d_index, err);
		}
		if (wr) {
			err = bounce_copy(rq, va, SAFECOPY_FROM);
			if (err != 0) {
				release_data(c, false);
				return err;
			}
		}
		n = 1;
		err = vblk_sg_add(sg, &n, max, pa, rq->br_bytes, d->d_cfg.vc_size_max);
		if (err != 0) {
			release_data(c, false);
			return -EIO; /* the geometry promised it fits */
		}
		d->d_bounced++;
	} else {
		d->d_pinned++;
	}
	sg[n++] = (struct virtq_buf){ dma_at(c, offsetof(struct vblk_cmd_dma, cd_status)), 1 };
	err = wr ? issue(d, c, n - 1, 1) : issue(d, c, 1, n - 1);
	if (err != 0) {
		release_data(c, false);
	}
	return err;
}

static void
cmd_free(struct vblk_dev *d, struct vblk_cmd *c)
{
	c->c_rq = NULL;
	c->c_next = d->d_free;
	d->d_free = c;
}

/* Starts rq on a free command: 0 (answered now or later), -EAGAIN (no
 * command, descriptor or bounce buffer: wait), or an error to answer. */
static int
start(struct vblk_dev *d, struct blockdriver_req *rq)
{
	struct vblk_cmd *c = d->d_free;
	uint32_t per = d->d_geom.bg_sector_size / 512;
	int err;

	if (c == NULL) {
		return -EAGAIN;
	}
	if (rq->br_op == BLK_FLUSH && (d->d_features & VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH)) == 0) {
		blockdriver_done(rq, 0); /* no volatile cache */
		return 0;
	}
	d->d_free = c->c_next;
	c->c_rq = rq;
	c->c_npinned = 0;
	c->c_bounce = -1;
	c->c_flush_after = rq->br_op == BLK_WRITE && (rq->br_flags & BLK_FL_FUA) != 0 &&
	    (d->d_features & VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH)) != 0;
	c->c_left = 0;
	switch (rq->br_op) {
	case BLK_READ:
	case BLK_WRITE:
		err = issue_data(d, c);
		break;
	case BLK_FLUSH:
		err = issue_nodata(d, c, VIRTIO_BLK_T_FLUSH);
		break;
	case BLK_DISCARD:
	case BLK_WRITE_ZEROES:
		c->c_next_sector = rq->br_sector * per;
		c->c_left = rq->br_count * per;
		err = issue_nodata(d, c,
		    rq->br_op == BLK_DISCARD ? VIRTIO_BLK_T_DISCARD : VIRTIO_BLK_T_WRITE_ZEROES);
		break;
	default:
		err = -EINVAL;
		break;
	}
	if (err != 0) {
		cmd_free(d, c);
	}
	return err;
}

static void
wait_push(struct vblk_dev *d, struct blockdriver_req *rq, bool front)
{
	rq->br_driver = NULL;
	if (d->d_wait_head == NULL) {
		d->d_wait_head = d->d_wait_tail = rq;
	} else if (front) {
		rq->br_driver = d->d_wait_head;
		d->d_wait_head = rq;
	} else {
		d->d_wait_tail->br_driver = rq;
		d->d_wait_tail = rq;
	}
}

int
vblk_submit(struct blockdriver_req *rq)
{
	struct vblk_dev *d = &vblk_devs[rq->br_dev % BLOCKDRIVER_MAX_DEVS];
	int err;

	if (rq->br_dev >= BLOCKDRIVER_MAX_DEVS || !d->d_up) {
		return -ENXIO;
	}
	if (d->d_wait_head != NULL) {
		wait_push(d, rq, false);
		return 0;
	}
	err = start(d, rq);
	if (err == -EAGAIN) {
		wait_push(d, rq, false);
		return 0;
	}
	return err;
}

/* Starts what waits, in order, while commands last. */
static void
start_waiting(struct vblk_dev *d)
{
	while (d->d_wait_head != NULL && d->d_free != NULL) {
		struct blockdriver_req *rq = d->d_wait_head;
		int err;

		d->d_wait_head = rq->br_driver;
		if (d->d_wait_head == NULL) {
			d->d_wait_tail = NULL;
		}
		err = start(d, rq);
		if (err == -EAGAIN) {
			wait_push(d, rq, true);
			break;
		}
		if (err < 0) {
			blockdriver_done(rq, err);
		}
	}
}

void
vblk_kick_all(void)
{
	for (int i = 0; i < BLOCKDRIVER_MAX_DEVS; i++) {
		struct vblk_dev *d = &vblk_devs[i];

		if (d->d_up && d->d_kick) {
			d->d_kick = false;
			virtio_pci_kick(&d->d_q);
		}
	}
}

/* The device gave c back. */
static void
complete(struct vblk_dev *d, struct vblk_cmd *c)
{
	struct blockdriver_req *rq = c->c_rq;
	uint8_t status = *(volatile uint8_t *)&c->c_dma->cd_status;
	int64_t result;
	int err;

	if (rq == NULL) { /* polled (dev.c) */
		c->c_poll_status = status;
		c->c_done_poll = true;
		return;
	}
	result = vblk_status_result(status, (int64_t)rq->br_bytes);
	err = release_data(c, result >= 0 && rq->br_op == BLK_READ);
	if (err != 0 && result >= 0) {
		result = err;
	}
	if (result >= 0 && (c->c_flush_after || c->c_left > 0)) {
		if (c->c_flush_after) {
			c->c_flush_after = false;
			err = issue_nodata(d, c, VIRTIO_BLK_T_FLUSH);
		} else {
			err = issue_nodata(d, c,
			    rq->br_op == BLK_DISCARD ? VIRTIO_BLK_T_DISCARD
			                             : VIRTIO_BLK_T_WRITE_ZEROES);
		}
		if (err == 0) {
			return; /* answered when that comes back */
		}
		result = err == -EAGAIN ? -EIO : err;
	}
	cmd_free(d, c);
	blockdriver_done(rq, result);
}

void
vblk_harvest(struct vblk_dev *d)
{
	struct virtq_done done;
	unsigned bad = 0;
	int r;

	while ((r = virtq_harvest(&d->d_q.pq_vq, &done)) != 0) {
		if (r > 0) {
			complete(d, done.dn_cookie);
		} else if (++bad > d->d_ncmd) {
			/* A wrecked ring: the next instance resets the device
			 * (and the clients resend what was in flight). */
			printf("%s: vd%c: the device wrote an impossible used ring: giving up\n",
			    driver_name(), 'a' + d->d_index);
			exit(1);
		}
	}
}

void
vblk_irq(uint64_t hooks)
{
	for (int i = 0; i < BLOCKDRIVER_MAX_DEVS; i++) {
		struct vblk_dev *d = &vblk_devs[i];

		if (!d->d_up || (hooks & (1ULL << d->d_vp.vp_hook[0])) == 0) {
			continue;
		}
		do {
			vblk_harvest(d);
		} while (virtq_intr_enable(&d->d_q.pq_vq) == 1);
		kc_irq_enable(d->d_vp.vp_hook[0]);
	}
	/* Every device: a request may wait for a bounce buffer another
	 * device's request gave back. */
	for (int i = 0; i < BLOCKDRIVER_MAX_DEVS; i++) {
		if (vblk_devs[i].d_up) {
			start_waiting(&vblk_devs[i]);
		}
	}
	vblk_kick_all();
}
