/*
 * Requests (libbdev/bdev.h): checks, the grants each submission makes,
 * the submission ring, and the harvest of completions.
 */
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <libworker/worker.h>
#include "bdev_int.h"

static bool
has_data(uint32_t op)
{
	return op == BLK_READ || op == BLK_WRITE;
}

/* The error io deserves before it goes anywhere, or 0. */
static int
check(const struct bdev *b, const struct bdev_io *io)
{
	uint64_t bytes = 0;

	switch (io->bi_op) {
	case BLK_READ:
	case BLK_WRITE:
		if (io->bi_nseg == 0 || io->bi_nseg > b->b_geom.bg_max_segs) {
			return -EINVAL;
		}
		for (uint32_t i = 0; i < io->bi_nseg; i++) {
			const struct bdev_seg *s = &io->bi_seg[i];

			if (s->bsg_len == 0 || s->bsg_len % b->b_geom.bg_sector_size != 0) {
				return -EINVAL;
			}
			bytes += s->bsg_len;
		}
		if (bytes != io->bi_count * b->b_geom.bg_sector_size ||
		    bytes > b->b_geom.bg_max_bytes) {
			return -EINVAL;
		}
		break;
	case BLK_FLUSH:
	case BLK_DISCARD:
	case BLK_WRITE_ZEROES:
		if (io->bi_nseg != 0) {
			return -EINVAL;
		}
		break;
	default:
		return -EINVAL;
	}
	if ((io->bi_flags & ~(uint32_t)BLK_FL_ALL) != 0) {
		return -EINVAL;
	}
	if (io->bi_op != BLK_READ && !b->b_writable) {
		return -EROFS;
	}
	return 0;
}

void
bdev_ungrant(struct bdev *b, struct bdev_io *io)
{
	for (uint32_t i = 0; i < BLK_MAX_SEGS; i++) {
		if (io->bi_gnt[i] > 0) {
			bdev_sys->bs_revoke(io->bi_gnt[i]);
		}
		io->bi_gnt[i] = 0;
	}
}

/* The standing grant of the region holding [addr, addr + len), made
 * for the current instance if need be; *off its offset there.  0: no
 * region holds it (or its grant failed: a grant of its own then). */
static int64_t
region_grant(struct bdev *b, const void *addr, uint64_t len, uint64_t *off)
{
	uintptr_t a = (uintptr_t)addr;

	for (int i = 0; i < BDEV_REGIONS; i++) {
		struct bdev_region *r = &b->b_region[i];

		if (r->br_len == 0 || a < r->br_addr || a - r->br_addr > r->br_len ||
		    len > r->br_len - (a - r->br_addr)) {
			continue;
		}
		if (r->br_grant <= 0 || r->br_ep != b->b_ep) {
			int64_t g = bdev_sys->bs_grant(b->b_ep, (const void *)r->br_addr, r->br_len,
			    GRANT_READ | GRANT_WRITE);

			if (g < 0) {
				return 0;
			}
			r->br_grant = g;
			r->br_ep = b->b_ep;
		}
		*off = a - r->br_addr;
		return r->br_grant;
	}
	return 0;
}

/* Fills slot s from io, making the grants its segments need. */
static int
fill(struct bdev *b, struct bdev_io *io, struct blk_slot *s)
{
	unsigned access = io->bi_op == BLK_READ ? GRANT_WRITE : GRANT_READ;

	memset(s, 0, offsetof(struct blk_slot, bk_seg));
	s->bk_op = io->bi_op;
	s->bk_flags = io->bi_flags;
	s->bk_sector = io->bi_sector;
	s->bk_count = io->bi_count;
	s->bk_nseg = has_data(io->bi_op) ? io->bi_nseg : 0;
	for (uint32_t i = 0; i < s->bk_nseg; i++) {
		const struct bdev_seg *sg = &io->bi_seg[i];
		uint64_t off = 0;
		int64_t g;

		if (sg->bsg_addr != NULL) {
			g = region_grant(b, sg->bsg_addr, sg->bsg_len, &off);
			if (g == 0) {
				g = bdev_sys->bs_grant(b->b_ep, sg->bsg_addr, sg->bsg_len, access);
				io->bi_gnt[i] = g > 0 ? g : 0;
			}
		} else {
			g = bdev_sys->bs_grant_indirect(b->b_ep, sg->bsg_owner, sg->bsg_grant,
			    sg->bsg_off, sg->bsg_len, access);
			io->bi_gnt[i] = g > 0 ? g : 0;
		}
		if (g < 0) {
			bdev_ungrant(b, io);
			return (int)g;
		}
		s->bk_seg[i] = (struct blk_seg){ g, off, sg->bsg_len };
	}
	return 0;
}

void
bdev_start(struct bdev *b)
{
	struct bdev_io *io;
	bool added = false;

	if (b->b_dead) {
		return;
	}
	while ((io = b->b_queue) != NULL && b->b_inflight < BLK_RING_SLOTS) {
		uint32_t *e;
		int slot = -1, err;

		for (int s = 0; s < BLK_RING_SLOTS && slot < 0; s++) {
			if (b->b_slot_io[s] == NULL) {
				slot = s;
			}
		}
		if (slot < 0) {
			break;
		}
		b->b_queue = io->bi_next;
		if (b->b_queue == NULL) {
			b->b_queue_tail = NULL;
		}
		if (++io->bi_tries > BDEV_TRIES) {
			printf("bdev: %s: a request failed %u times: giving up (EIO)\n",
			    b->b_service, BDEV_TRIES);
			b->b_completed++;
			io->bi_done(io, -EIO);
			continue;
		}
		err = fill(b, io, &b->b_area->bs_slots[slot]);
		if (err == -EDEADSRCDST) {
			/* Granting to the driver says it died, before anyone
			 * told us: the request waits for its next instance. */
			io->bi_next = b->b_queue;
			b->b_queue = io;
			if (b->b_queue_tail == NULL) {
				b->b_queue_tail = io;
			}
			bdev_lost(b);
			break;
		}
		if (err == -ENOSPC && b->b_inflight > 0) {
			/* The process's grant table is full: the request waits
			 * (first in the queue, this try not counted) until
			 * answers of ours give grants back. */
			io->bi_tries--;
			io->bi_next = b->b_queue;
			b->b_queue = io;
			if (b->b_queue_tail == NULL) {
				b->b_queue_tail = io;
			}
			break;
		}
		if (err != 0) {
			b->b_completed++;
			io->bi_done(io, err);
			continue;
		}
		/* Never full: at most BLK_RING_SLOTS numbers are out at once. */
		e = ring_prod_next(&b->b_sq);
		if (e == NULL) {
			bdev_ungrant(b, io);
			io->bi_next = b->b_queue;
			b->b_queue = io;
			if (b->b_queue_tail == NULL) {
				b->b_queue_tail = io;
			}
			printf("bdev: %s broke its submission ring: treating it as dead\n",
			    b->b_service);
			bdev_lost(b);
			break;
		}
		b->b_area->bs_slots[slot].bk_tag = (uint64_t)(uintptr_t)io;
		*e = (uint32_t)slot;
		io->bi_slot = slot;
		b->b_slot_io[slot] = io;
		b->b_inflight++;
		b->b_submitted++;
		added = true;
	}
	if (added && ring_prod_commit(&b->b_sq)) {
		if (bdev_sys->bs_notify(b->b_ep) != 0) {
			bdev_lost(b);
		}
	}
}

int
bdev_submit(struct bdev *b, struct bdev_io *io)
{
	int err = b->b_open ? check(b, io) : -EBADF;

	memset(io->bi_gnt, 0, sizeof(io->bi_gnt));
	io->bi_slot = -1;
	io->bi_tries = 0;
	io->bi_next = NULL;
	if (err != 0) {
		io->bi_done(io, err);
		return 0;
	}
	if (b->b_queue_tail != NULL) {
		b->b_queue_tail->bi_next = io;
	} else {
		b->b_queue = io;
	}
	b->b_queue_tail = io;
	bdev_start(b);
	return 0;
}

int
bdev_harvest(struct bdev *b)
{
	const uint32_t *e;
	int n = 0;

	while ((e = ring_cons_next(&b->b_cq)) != NULL) {
		uint32_t slot = __atomic_load_n(e, __ATOMIC_RELAXED);
		struct bdev_io *io;
		int64_t result;

		if (slot >= BLK_RING_SLOTS || b->b_slot_io[slot] == NULL) {
			printf("bdev: %s answered slot %u, which it was not given: ignored\n",
			    b->b_service, slot);
			continue;
		}
		io = b->b_slot_io[slot];
		result = __atomic_load_n(&b->b_area->bs_slots[slot].bk_result, __ATOMIC_RELAXED);
		b->b_slot_io[slot] = NULL;
		b->b_inflight--;
		bdev_ungrant(b, io);
		io->bi_slot = -1;
		b->b_completed++;
		n++;
		io->bi_done(io, result);
	}
	ring_cons_commit(&b->b_cq);
	if (b->b_cq.rv_broken) {
		printf("bdev: %s broke its completion ring: treating it as dead\n", b->b_service);
		bdev_lost(b);
	}
	return n;
}

int
bdev_poll(struct bdev *b)
{
	int n = 0;

	if (!b->b_open) {
		return 0;
	}
	/* Until the ring is empty with its wait flag set, so that the
	 * driver notifies the next answer. */
	while (!b->b_dead) {
		n += bdev_harvest(b);
		if (b->b_dead || ring_cons_idle(&b->b_cq)) {
			break;
		}
	}
	if (b->b_dead) {
		bdev_check(b);
	}
	bdev_start(b);
	worker_wakeup(b);
	return n;
}

bool
bdev_from(const struct bdev *b, endpoint_t from)
{
	return b->b_open && from == b->b_ep;
}

uint32_t
bdev_pending(const struct bdev *b)
{
	uint32_t n = b->b_inflight;

	for (const struct bdev_io *io = b->b_queue; io != NULL; io = io->bi_next) {
		n++;
	}
	return n;
}
