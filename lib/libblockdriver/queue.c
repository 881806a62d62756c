/*
 * One client's request ring on the driver's side (libblockdriver/
 * blockdriver.h): drain the submission ring, check each request, hand it
 * to the driver, post the answers on the completion ring.  No system
 * calls here but the notification the connection was given, so the host
 * unit tests run it as it is.
 *
 * Why the completion ring cannot overflow: both rings have BLK_RING_SLOTS
 * entries and a slot number is taken only while it is not in flight, so
 * at most BLK_RING_SLOTS answers are ever outstanding.  A completion ring
 * found full anyway means the client wrote its index wrongly: broken.
 */
#include <libblockdriver/blockdriver.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>

static bool
inflight(const struct blockdriver_conn *c, uint32_t slot)
{
	return (c->bc_inflight[slot / 64] >> (slot % 64) & 1) != 0;
}

static void
set_inflight(struct blockdriver_conn *c, uint32_t slot, bool on)
{
	if (on) {
		c->bc_inflight[slot / 64] |= 1ull << (slot % 64);
		c->bc_inflight_count++;
	} else {
		c->bc_inflight[slot / 64] &= ~(1ull << (slot % 64));
		c->bc_inflight_count--;
	}
}

int
blockdriver_conn_init(struct blockdriver_conn *c, struct blk_shared *area, endpoint_t client,
    uint32_t minor, uint32_t dev, const struct blockdriver_limits *lim,
    const struct blockdriver_ops *ops, void (*notify)(endpoint_t to))
{
	memset(c, 0, sizeof(*c));
	if (ring_attach(&c->bc_sq, area->bs_sq, BLK_RING_SLOTS, sizeof(uint32_t), false, false) !=
	        0 ||
	    ring_attach(&c->bc_cq, area->bs_cq, BLK_RING_SLOTS, sizeof(uint32_t), true, false) !=
	        0) {
		return -EINVAL;
	}
	c->bc_used = true;
	c->bc_area = area;
	c->bc_client = client;
	c->bc_minor = minor;
	c->bc_dev = dev;
	c->bc_lim = *lim;
	c->bc_ops = ops;
	c->bc_notify = notify;
	return 0;
}

void
blockdriver_commit(struct blockdriver_conn *c)
{
	if (!c->bc_cq_dirty) {
		return;
	}
	c->bc_cq_dirty = false;
	if (ring_prod_commit(&c->bc_cq) && !c->bc_closing) {
		c->bc_notify(c->bc_client);
	}
}

void
blockdriver_done(struct blockdriver_req *rq, int64_t result)
{
	struct blockdriver_conn *c = rq->br_conn;
	uint32_t slot = rq->br_slot;
	uint32_t *e;

	set_inflight(c, slot, false);
	if (c->bc_closing || c->bc_broken) {
		if (c->bc_closing && c->bc_inflight_count == 0) {
			c->bc_used = false;
		}
		return;
	}
	c->bc_area->bs_slots[slot].bk_result = result;
	e = ring_prod_next(&c->bc_cq);
	if (e == NULL) {
		printf("blockdriver: client %d: completion ring full or broken; giving up on it\n",
		    c->bc_client);
		c->bc_broken = true;
		return;
	}
	*e = slot;
	/* Published by the drain that took it, or by the driver's
	 * blockdriver_commit() after its batch. */
	c->bc_cq_dirty = true;
}

/* BLK_GEOMETRY, answered by the library: the device's, with the minor's
 * size. */
static void
answer_geometry(struct blockdriver_conn *c, struct blockdriver_req *rq)
{
	struct blk_geometry g;
	int err = c->bc_ops->bdo_geometry(c->bc_dev, &g);

	if (err == 0) {
		g.bg_sectors = c->bc_lim.bl_sectors;
		c->bc_area->bs_slots[rq->br_slot].bk_rp.geometry = g;
	}
	blockdriver_done(rq, err);
}

/* One slot number from the submission ring. */
static bool
take(struct blockdriver_conn *c, uint32_t slot)
{
	struct blockdriver_req *rq;
	struct blk_slot s;
	const char *why;
	int err;

	if (slot >= BLK_RING_SLOTS) {
		printf("blockdriver: client %d: slot number %u out of range (0..%u): dropped\n",
		    c->bc_client, slot, BLK_RING_SLOTS - 1);
		c->bc_errors++;
		return false;
	}
	if (inflight(c, slot)) {
		printf("blockdriver: client %d: slot %u submitted again while in flight: dropped\n",
		    c->bc_client, slot);
		c->bc_errors++;
		return false;
	}
	memcpy(&s, &c->bc_area->bs_slots[slot], sizeof(s));
	rq = &c->bc_req[slot];
	set_inflight(c, slot, true);
	rq->br_conn = c;
	rq->br_slot = slot;
	if (s.bk_op == BLK_GEOMETRY) {
		answer_geometry(c, rq);
		return false;
	}
	err = blockdriver_check(&s, &c->bc_lim, rq, &why);
	if (err != 0) {
		printf("blockdriver: client %d: slot %u: op 0x%x refused: %s\n", c->bc_client, slot,
		    s.bk_op, why);
		blockdriver_done(rq, err);
		return false;
	}
	rq->br_dev = c->bc_dev;
	rq->br_owner = c->bc_client;
	if (rq->br_op == BLK_DISCARD && (c->bc_lim.bl_features & BLK_FEAT_DISCARD) == 0) {
		blockdriver_done(rq, 0); /* a hint the device cannot take */
		return false;
	}
	err = c->bc_ops->bdo_submit(rq);
	if (err < 0) {
		blockdriver_done(rq, err);
	}
	return err >= 0;
}

void
blockdriver_drain(struct blockdriver_conn *c)
{
	bool submitted = false;

	if (!c->bc_used || c->bc_closing) {
		return;
	}
	c->bc_draining = true;
	for (;;) {
		const uint32_t *e;

		while (!c->bc_broken && (e = ring_cons_next(&c->bc_sq)) != NULL) {
			uint32_t slot = __atomic_load_n(e, __ATOMIC_RELAXED);

			submitted |= take(c, slot);
		}
		/* Nobody waits for space on the submission ring (it has room
		 * for every slot), but a client may sleep on it all the same. */
		if (ring_cons_commit(&c->bc_sq)) {
			c->bc_notify(c->bc_client);
		}
		if (c->bc_sq.rv_broken && !c->bc_broken) {
			printf("blockdriver: client %d: submission ring broken; giving up on it\n",
			    c->bc_client);
			c->bc_broken = true;
		}
		if (c->bc_broken || ring_cons_idle(&c->bc_sq)) {
			break;
		}
	}
	c->bc_draining = false;
	if (submitted && c->bc_ops->bdo_kick != NULL) {
		c->bc_ops->bdo_kick();
	}
	blockdriver_commit(c);
}
