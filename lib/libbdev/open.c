/*
 * Opening, binding and closing (libbdev/bdev.h): the shared area, its
 * grant, BLK_OPEN and BLK_CLOSE, standing grants of regions, and what
 * happens when the driver dies (bdev_lost) or comes back (bdev_bind).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include "bdev_int.h"

/* Sends BLK_OPEN for b's minor over its (fresh) area to b_ep. */
static int
send_open(struct bdev *b)
{
	struct message m = { .m_type = BLK_OPEN };
	struct msg_blk_open *o = MSG_PAYLOAD(&m, struct msg_blk_open);
	const struct msg_blk_opened *r;
	int err;

	*o = (struct msg_blk_open){ .bo_grant = b->b_area_grant,
		.bo_size = BLK_SHARED_SIZE,
		.bo_minor = XDEV_MINOR(b->b_rdev),
		.bo_flags = b->b_writable ? BLK_OPEN_WRITE : 0 };
	err = bdev_sys->bs_call(b->b_ep, &m);
	if (err != 0) {
		return err;
	}
	r = MSG_PAYLOAD(&m, const struct msg_blk_opened);
	if (m.m_type != BLK_REPLY) {
		return -EBADMSG;
	}
	if (r->bd_result != 0) {
		return (int)r->bd_result;
	}
	if (r->bd_geometry.bg_sector_size < 512 || r->bd_geometry.bg_sector_size > 4096 ||
	    (r->bd_geometry.bg_sector_size & (r->bd_geometry.bg_sector_size - 1)) != 0 ||
	    r->bd_geometry.bg_max_segs == 0 || r->bd_geometry.bg_max_segs > BLK_MAX_SEGS ||
	    r->bd_geometry.bg_max_bytes < r->bd_geometry.bg_sector_size ||
	    r->bd_geometry.bg_max_bytes > BLK_MAX_BYTES) {
		printf("bdev: %s answered an impossible geometry\n", b->b_service);
		return -EIO;
	}
	b->b_geom = r->bd_geometry;
	return 0;
}

void
bdev_lost(struct bdev *b)
{
	if (b->b_dead) {
		return;
	}
	b->b_dead = true;
	b->b_dead_since = bdev_sys->bs_now();
	/* The grants named the dead instance: they are useless now. */
	if (b->b_area_grant > 0) {
		bdev_sys->bs_revoke(b->b_area_grant);
		b->b_area_grant = 0;
	}
	for (int i = 0; i < BDEV_REGIONS; i++) {
		if (b->b_region[i].br_grant > 0) {
			bdev_sys->bs_revoke(b->b_region[i].br_grant);
			b->b_region[i].br_grant = 0;
		}
	}
}

void
bdev_fail_all(struct bdev *b, int64_t err)
{
	struct bdev_io *io;

	for (int s = 0; s < BLK_RING_SLOTS; s++) {
		io = b->b_slot_io[s];
		if (io != NULL) {
			b->b_slot_io[s] = NULL;
			b->b_inflight--;
			bdev_ungrant(b, io);
			io->bi_slot = -1;
			b->b_completed++;
			io->bi_done(io, err);
		}
	}
	while ((io = b->b_queue) != NULL) {
		b->b_queue = io->bi_next;
		b->b_completed++;
		io->bi_done(io, err);
	}
	b->b_queue_tail = NULL;
}

/* Puts the requests that were on the ring back at the head of the
 * queue, in slot order, to be submitted again. */
static void
requeue_inflight(struct bdev *b)
{
	struct bdev_io *head = NULL, *last = NULL;

	for (int s = 0; s < BLK_RING_SLOTS; s++) {
		struct bdev_io *io = b->b_slot_io[s];

		if (io == NULL) {
			continue;
		}
		b->b_slot_io[s] = NULL;
		b->b_inflight--;
		bdev_ungrant(b, io);
		io->bi_slot = -1;
		b->b_resent++;
		io->bi_next = NULL;
		if (last == NULL) {
			head = io;
		} else {
			last->bi_next = io;
		}
		last = io;
	}
	if (head == NULL) {
		return;
	}
	last->bi_next = b->b_queue;
	if (b->b_queue == NULL) {
		b->b_queue_tail = last;
	}
	b->b_queue = head;
}

int
bdev_bind(struct bdev *b)
{
	endpoint_t ep = bdev_sys->bs_lookup(b->b_service);
	struct blk_geometry old = b->b_geom;
	bool rebind = b->b_open;
	int err;

	if (ep < 0) {
		return -ENODEV;
	}
	if (rebind && ep == b->b_ep) {
		return -EAGAIN; /* ds still names the dead instance */
	}
	/* What the old instance answered before it died stands: the
	 * caller harvested it (bdev_poll) before calling us. */
	requeue_inflight(b);
	if (b->b_area_grant > 0) {
		bdev_sys->bs_revoke(b->b_area_grant);
	}
	memset(b->b_area, 0, BLK_SHARED_SIZE);
	ring_attach(&b->b_sq, b->b_area->bs_sq, BLK_RING_SLOTS, sizeof(uint32_t), true, true);
	ring_attach(&b->b_cq, b->b_area->bs_cq, BLK_RING_SLOTS, sizeof(uint32_t), false, true);
	/* We sleep until told otherwise: the driver notifies every answer
	 * until we say we are busy taking them. */
	((struct ring *)b->b_area->bs_cq)->r_cons_wait = 1;
	b->b_ep = ep;
	b->b_area_grant = bdev_sys->bs_grant(ep, b->b_area, BLK_SHARED_SIZE,
	    GRANT_READ | GRANT_WRITE | GRANT_MAP);
	if (b->b_area_grant < 0) {
		err = (int)b->b_area_grant;
		b->b_area_grant = 0;
		return err;
	}
	err = send_open(b);
	if (err != 0) {
		bdev_sys->bs_revoke(b->b_area_grant);
		b->b_area_grant = 0;
		return err;
	}
	if (rebind) {
		b->b_rebinds++;
		if (old.bg_sector_size != b->b_geom.bg_sector_size) {
			printf("bdev: %s came back with another sector size: failing its "
			       "requests\n",
			    b->b_service);
			b->b_dead = false;
			bdev_fail_all(b, -EIO);
			return 0;
		}
	}
	b->b_dead = false;
	bdev_start(b);
	return 0;
}

int
bdev_open(struct bdev *b, uint32_t rdev, bool writable)
{
	const struct blk_major *maj = blk_major_find(XDEV_MAJOR(rdev));
	void *mem;
	int err;

	memset(b, 0, sizeof(*b));
	if (maj == NULL) {
		return -ENODEV;
	}
	b->b_rdev = rdev;
	b->b_writable = writable;
	snprintf(b->b_service, sizeof(b->b_service), "%s", maj->bm_service);
	mem = malloc(BLK_SHARED_SIZE + 4096);
	if (mem == NULL) {
		return -ENOMEM;
	}
	b->b_area_mem = mem;
	b->b_area = (struct blk_shared *)(((uintptr_t)mem + 4095) & ~(uintptr_t)4095);
	err = bdev_bind(b);
	if (err == -EDEADSRCDST || err == -ESRCH) {
		err = -ENODEV;
	}
	if (err != 0) {
		free(mem);
		memset(b, 0, sizeof(*b));
		return err;
	}
	b->b_open = true;
	return 0;
}

void
bdev_close(struct bdev *b)
{
	struct message m = { .m_type = BLK_CLOSE };

	if (!b->b_open) {
		return;
	}
	bdev_fail_all(b, -EIO);
	if (!b->b_dead) {
		MSG_PAYLOAD(&m, struct msg_blk_close)->bc_minor = XDEV_MINOR(b->b_rdev);
		bdev_sys->bs_call(b->b_ep, &m);
	}
	bdev_lost(b);
	free(b->b_area_mem);
	memset(b, 0, sizeof(*b));
}

int
bdev_region(struct bdev *b, void *addr, size_t len)
{
	if (addr == NULL || len == 0) {
		return -EINVAL;
	}
	for (int i = 0; i < BDEV_REGIONS; i++) {
		struct bdev_region *r = &b->b_region[i];

		if (r->br_len == 0) {
			*r = (struct bdev_region){ .br_addr = (uintptr_t)addr, .br_len = len };
			return 0;
		}
	}
	return -ENOSPC;
}
