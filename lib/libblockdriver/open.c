/*
 * BLK_OPEN and BLK_CLOSE (libblockdriver/blockdriver.h): the table of
 * open minors, the mapping of each client's area, and the dispatch of
 * notifications to the rings they concern.  Partition minors open once
 * the driver has named the device's partitions
 * (blockdriver_set_partitions(), after partition_scan()).
 */
#include <libblockdriver/blockdriver.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>

static const struct blockdriver_ops *bd_ops;
static struct blockdriver_conn bd_conns[BLOCKDRIVER_MAX_CONNS];
static struct blk_part bd_parts[BLOCKDRIVER_MAX_DEVS][BLK_PARTS - 1];

static void
bd_notify(endpoint_t to)
{
	ipc_notify(to);
}

void
blockdriver_init(const struct blockdriver_ops *ops)
{
	bd_ops = ops;
	memset(bd_conns, 0, sizeof(bd_conns));
	memset(bd_parts, 0, sizeof(bd_parts));
}

int
blockdriver_set_partitions(uint32_t dev, const struct blk_part *parts, int n)
{
	if (dev >= BLOCKDRIVER_MAX_DEVS || n < 0 || n > BLK_PARTS - 1) {
		return -EINVAL;
	}
	memset(bd_parts[dev], 0, sizeof(bd_parts[dev]));
	memcpy(bd_parts[dev], parts, sizeof(*parts) * (size_t)n);
	return 0;
}

static struct blockdriver_conn *
find(endpoint_t client, uint32_t minor)
{
	for (int i = 0; i < BLOCKDRIVER_MAX_CONNS; i++) {
		struct blockdriver_conn *c = &bd_conns[i];

		if (c->bc_used && !c->bc_closing && c->bc_client == client &&
		    c->bc_minor == minor) {
			return c;
		}
	}
	return NULL;
}

/* The limits of minor (its device's geometry, its window), or -ENXIO. */
static int
minor_limits(uint32_t minor, bool writable, struct blockdriver_limits *lim, struct blk_geometry *g)
{
	uint32_t dev = BLK_MINOR_DEV(minor), part = BLK_MINOR_PART(minor);
	const struct blk_part *p =
	    part != 0 ? &bd_parts[dev % BLOCKDRIVER_MAX_DEVS][part - 1] : NULL;

	if (dev >= BLOCKDRIVER_MAX_DEVS || bd_ops->bdo_geometry(dev, g) != 0 ||
	    (p != NULL &&
	        (p->bp_sectors == 0 || p->bp_start >= g->bg_sectors ||
	            p->bp_sectors > g->bg_sectors - p->bp_start))) {
		return -ENXIO;
	}
	if (g->bg_sector_size < 512 || g->bg_sector_size > 4096 ||
	    (g->bg_sector_size & (g->bg_sector_size - 1)) != 0 || g->bg_max_segs == 0 ||
	    g->bg_max_bytes < g->bg_sector_size) {
		printf("blockdriver: device %u reports an impossible geometry\n", dev);
		return -ENXIO;
	}
	if (g->bg_max_segs > BLK_MAX_SEGS) {
		g->bg_max_segs = BLK_MAX_SEGS;
	}
	if (g->bg_max_bytes > BLK_MAX_BYTES) {
		g->bg_max_bytes = BLK_MAX_BYTES;
	}
	g->bg_max_bytes -= g->bg_max_bytes % g->bg_sector_size;
	lim->bl_sector_size = g->bg_sector_size;
	lim->bl_features = g->bg_features;
	lim->bl_max_segs = g->bg_max_segs;
	lim->bl_max_bytes = g->bg_max_bytes;
	lim->bl_start = p != NULL ? p->bp_start : 0;
	lim->bl_sectors = p != NULL ? p->bp_sectors : g->bg_sectors;
	g->bg_sectors = lim->bl_sectors;
	lim->bl_writable = writable;
	return 0;
}

static int
do_open(endpoint_t client, const struct msg_blk_open *o, struct msg_blk_opened *out)
{
	struct blockdriver_limits lim;
	struct blockdriver_conn *c = NULL;
	bool writable = (o->bo_flags & BLK_OPEN_WRITE) != 0;
	int64_t va;
	int err;

	if ((o->bo_flags & ~(uint32_t)BLK_OPEN_WRITE) != 0 || o->bo_size != BLK_SHARED_SIZE) {
		return -EINVAL;
	}
	err = minor_limits(o->bo_minor, writable, &lim, &out->bd_geometry);
	if (err != 0) {
		return err;
	}
	if (writable && (lim.bl_features & BLK_FEAT_RO) != 0) {
		return -EROFS;
	}
	if (find(client, o->bo_minor) != NULL) {
		return -EBUSY;
	}
	for (int i = 0; i < BLOCKDRIVER_MAX_CONNS && c == NULL; i++) {
		if (!bd_conns[i].bc_used) {
			c = &bd_conns[i];
		}
	}
	if (c == NULL) {
		return -ENOSPC;
	}
	va = kc_grant_map(client, o->bo_grant);
	if (va < 0) {
		return -EINVAL;
	}
	err = blockdriver_conn_init(c, (struct blk_shared *)(uintptr_t)va, client, o->bo_minor,
	    BLK_MINOR_DEV(o->bo_minor), &lim, bd_ops, bd_notify);
	if (err != 0) {
		kc_munmap((uint64_t)va, BLK_SHARED_SIZE);
		return err;
	}
	/* Requests may be waiting already. */
	blockdriver_drain(c);
	return 0;
}

static int
do_close(endpoint_t client, const struct msg_blk_close *cl)
{
	struct blockdriver_conn *c = find(client, cl->bc_minor);

	if (c == NULL) {
		return -ENXIO;
	}
	kc_munmap((uint64_t)(uintptr_t)c->bc_area, BLK_SHARED_SIZE);
	c->bc_area = NULL;
	c->bc_closing = true;
	if (c->bc_inflight_count == 0) {
		c->bc_used = false;
	}
	return 0;
}

int
blockdriver_request(const struct message *m, struct message *reply)
{
	memset(reply, 0, sizeof(*reply));
	reply->m_type = BLK_REPLY;
	switch (m->m_type) {
	case BLK_OPEN: {
		struct msg_blk_opened *out = MSG_PAYLOAD(reply, struct msg_blk_opened);

		out->bd_result =
		    do_open(m->m_source, MSG_PAYLOAD(m, const struct msg_blk_open), out);
		if (out->bd_result != 0) {
			memset(&out->bd_geometry, 0, sizeof(out->bd_geometry));
		}
		return 0;
	}
	case BLK_CLOSE:
		MSG_PAYLOAD(reply, struct msg_blk_closed)->bcd_result =
		    do_close(m->m_source, MSG_PAYLOAD(m, const struct msg_blk_close));
		return 0;
	default:
		return -ENOSYS;
	}
}

void
blockdriver_notified(endpoint_t from)
{
	for (int i = 0; i < BLOCKDRIVER_MAX_CONNS; i++) {
		if (bd_conns[i].bc_used && bd_conns[i].bc_client == from) {
			blockdriver_drain(&bd_conns[i]);
		}
	}
}

void
blockdriver_commit_all(void)
{
	for (int i = 0; i < BLOCKDRIVER_MAX_CONNS; i++) {
		if (bd_conns[i].bc_used) {
			blockdriver_commit(&bd_conns[i]);
		}
	}
}
