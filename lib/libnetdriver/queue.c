/*
 * One interface's four rings on the driver's side (libnetdriver/
 * netdriver.h).  No system calls but the notification the interface was
 * given, so the host unit tests run it as it is.
 *
 * Why the rings net reads (txdone, rx) cannot overflow: each has
 * NET_RING_SLOTS entries, and the driver posts on them only buffers it
 * took from the ring of the same size feeding it (tx, rx-fill), each
 * once.  Found full anyway, the ring was written wrongly: broken.
 */
#include <libnetdriver/netdriver.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>

static bool
owned(const struct netdriver_if *nif, uint32_t buf)
{
	return (nif->ni_owned[buf / 64] >> (buf % 64) & 1) != 0;
}

static void
set_owned(struct netdriver_if *nif, uint32_t buf, bool on)
{
	if (on) {
		nif->ni_owned[buf / 64] |= 1ull << (buf % 64);
	} else {
		nif->ni_owned[buf / 64] &= ~(1ull << (buf % 64));
	}
}

void
netdriver_if_init(struct netdriver_if *nif, struct net_shared *area, uint64_t phys, uint32_t index,
    endpoint_t peer, const uint8_t mac[6], uint16_t mtu, const struct netdriver_ops *ops,
    void (*notify)(endpoint_t to))
{
	memset(nif, 0, sizeof(*nif));
	memset(area, 0, sizeof(*area));
	ring_attach(&nif->ni_tx, area->ns_tx, NET_RING_SLOTS, sizeof(struct net_desc), false, true);
	ring_attach(&nif->ni_txdone, area->ns_txdone, NET_RING_SLOTS, sizeof(struct net_desc), true,
	    true);
	ring_attach(&nif->ni_rxfill, area->ns_rxfill, NET_RING_SLOTS, sizeof(struct net_desc),
	    false, true);
	ring_attach(&nif->ni_rx, area->ns_rx, NET_RING_SLOTS, sizeof(struct net_desc), true, true);
	memcpy(area->ns_status.nst_mac, mac, 6);
	area->ns_status.nst_mtu = mtu;
	area->ns_status.nst_gen = 1;
	nif->ni_used = true;
	nif->ni_area = area;
	nif->ni_phys = phys;
	nif->ni_index = index;
	nif->ni_peer = peer;
	nif->ni_mtu = mtu;
	nif->ni_ops = ops;
	nif->ni_notify = notify;
}

/* Posts buf on ring (txdone or rx). */
static void
post(struct netdriver_if *nif, struct ring_view *ring, const struct net_desc *d)
{
	struct net_desc *e;

	if (nif->ni_broken) {
		return;
	}
	e = ring_prod_next(ring);
	if (e == NULL) {
		printf("netdriver: if %u: a ring to net is full or broken; giving up on it\n",
		    nif->ni_index);
		nif->ni_broken = true;
		return;
	}
	*e = *d;
	nif->ni_dirty = true;
}

static struct netdriver_frame
frame_of(const struct netdriver_if *nif, const struct net_desc *d, bool tx)
{
	uint64_t off = NET_BUF_OFFSET + (uint64_t)d->nd_buf * NET_BUF_SIZE + d->nd_off;
	struct netdriver_frame f = {
		.nf_buf = d->nd_buf,
		.nf_len = tx ? d->nd_len : (uint16_t)(NET_BUF_SIZE - d->nd_off),
		.nf_flags = d->nd_flags,
		.nf_csum_start = d->nd_csum_start,
		.nf_csum_off = d->nd_csum_off,
		.nf_data = (uint8_t *)nif->ni_area + off,
		.nf_phys = nif->ni_phys + off,
	};

	return f;
}

/* Up to room entries of ring (tx or rx-fill); true when some reached
 * the device. */
static bool
take(struct netdriver_if *nif, struct ring_view *ring, bool tx, uint32_t room)
{
	bool any = false;

	for (; room > 0 && !nif->ni_broken; room--) {
		const struct net_desc *e = ring_cons_next(ring);
		struct netdriver_frame f;
		struct net_desc d;
		const char *why;
		int err;

		if (e == NULL) {
			break;
		}
		memcpy(&d, e, sizeof(d));
		err = netdriver_check(&d, tx, nif->ni_mtu, nif->ni_owned, &why);
		if (err == -ERANGE || err == -EBUSY) {
			printf("netdriver: if %u: %s entry for buffer %u dropped: %s\n",
			    nif->ni_index, tx ? "a tx" : "an rx-fill", d.nd_buf, why);
			nif->ni_errors++;
			continue;
		}
		if (err != 0) {
			printf("netdriver: if %u: buffer %u refused: %s\n", nif->ni_index, d.nd_buf,
			    why);
			d.nd_flags = NET_DESC_DROPPED;
			d.nd_len = 0;
			post(nif, tx ? &nif->ni_txdone : &nif->ni_rx, &d);
			continue;
		}
		set_owned(nif, d.nd_buf, true);
		nif->ni_boff[d.nd_buf] = d.nd_off;
		nif->ni_blen[d.nd_buf] = tx ? d.nd_len : 0;
		f = frame_of(nif, &d, tx);
		err = tx ? nif->ni_ops->ndo_send(nif, &f) : nif->ni_ops->ndo_post_rx(nif, &f);
		if (err < 0) {
			if (tx) {
				netdriver_tx_done(nif, d.nd_buf, true);
			} else {
				set_owned(nif, d.nd_buf, false);
				d.nd_flags = NET_DESC_DROPPED;
				post(nif, &nif->ni_rx, &d);
			}
			continue;
		}
		any = true;
	}
	return any;
}

void
netdriver_commit(struct netdriver_if *nif)
{
	bool wake = false;

	if (!nif->ni_dirty) {
		return;
	}
	nif->ni_dirty = false;
	wake |= ring_prod_commit(&nif->ni_txdone);
	wake |= ring_prod_commit(&nif->ni_rx);
	if (wake) {
		nif->ni_notify(nif->ni_peer);
	}
}

void
netdriver_drain(struct netdriver_if *nif)
{
	bool kick = false;

	if (!nif->ni_used) {
		return;
	}
	while (!nif->ni_broken) {
		uint32_t txroom = nif->ni_ops->ndo_tx_room(nif);
		uint32_t rxroom = nif->ni_ops->ndo_rx_room(nif);
		bool again = false, wake = false;

		kick |= take(nif, &nif->ni_tx, true, txroom);
		kick |= take(nif, &nif->ni_rxfill, false, rxroom);
		wake |= ring_cons_commit(&nif->ni_tx);
		wake |= ring_cons_commit(&nif->ni_rxfill);
		if (wake) {
			nif->ni_notify(nif->ni_peer); /* net waited for room */
		}
		if (nif->ni_tx.rv_broken || nif->ni_rxfill.rv_broken) {
			printf("netdriver: if %u: a ring from net is broken; giving up on it\n",
			    nif->ni_index);
			nif->ni_broken = true;
			break;
		}
		/* Sleep on a ring only while the device has room for more of
		 * it; otherwise the device's completions bring us back. */
		txroom = nif->ni_ops->ndo_tx_room(nif);
		rxroom = nif->ni_ops->ndo_rx_room(nif);
		if (txroom > 0 && !ring_cons_idle(&nif->ni_tx)) {
			again = true;
		}
		if (rxroom > 0 && !ring_cons_idle(&nif->ni_rxfill)) {
			again = true;
		}
		if (!again) {
			break;
		}
	}
	if (kick && nif->ni_ops->ndo_kick != NULL) {
		nif->ni_ops->ndo_kick(nif);
	}
	netdriver_commit(nif);
}

void
netdriver_tx_done(struct netdriver_if *nif, uint32_t buf, bool dropped)
{
	struct net_status *st = &nif->ni_area->ns_status;
	struct net_desc d = { .nd_buf = buf, .nd_flags = dropped ? NET_DESC_DROPPED : 0 };
	uint32_t len;

	if (buf >= NET_BUFS || !owned(nif, buf)) {
		printf("netdriver: if %u: tx done for buffer %u, which it does not hold\n",
		    nif->ni_index, buf);
		return;
	}
	set_owned(nif, buf, false);
	len = nif->ni_blen[buf];
	d.nd_off = nif->ni_boff[buf];
	d.nd_len = (uint16_t)len;
	if (dropped) {
		st->nst_tx_dropped++;
	} else {
		st->nst_tx_frames++;
		st->nst_tx_bytes += len;
	}
	post(nif, &nif->ni_txdone, &d);
}

void
netdriver_rx(struct netdriver_if *nif, uint32_t buf, uint16_t len, uint16_t flags)
{
	struct net_status *st = &nif->ni_area->ns_status;
	struct net_desc d = { .nd_buf = buf, .nd_len = len, .nd_flags = flags };

	if (buf >= NET_BUFS || !owned(nif, buf)) {
		printf("netdriver: if %u: a frame in buffer %u, which it does not hold\n",
		    nif->ni_index, buf);
		return;
	}
	set_owned(nif, buf, false);
	/* The frame starts where net's empty buffer did. */
	d.nd_off = nif->ni_boff[buf];
	if (len > NET_BUF_SIZE - d.nd_off || len < NET_ETH_MIN) {
		st->nst_rx_errors++;
		d.nd_len = 0;
		d.nd_flags = NET_DESC_DROPPED;
	} else {
		st->nst_rx_frames++;
		st->nst_rx_bytes += len;
	}
	post(nif, &nif->ni_rx, &d);
}

void
netdriver_set_link(struct netdriver_if *nif, uint32_t link, uint32_t speed_mbps)
{
	struct net_status *st = &nif->ni_area->ns_status;

	st->nst_link = link;
	st->nst_speed_mbps = speed_mbps;
	__atomic_store_n(&st->nst_gen, st->nst_gen + 1, __ATOMIC_RELEASE);
	nif->ni_notify(nif->ni_peer);
}
