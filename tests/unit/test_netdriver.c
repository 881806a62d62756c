/* unit-sources: lib/libnetdriver/check.c lib/libnetdriver/queue.c lib/libring/ring.c */
/*
 * libnetdriver's entry checks and ring loop, against a simulated net:
 * frames to send reach the driver with the right addresses, as far as
 * the device has room; empty buffers come back as received frames at the
 * offset net gave; malformed entries return their buffer flagged
 * dropped, entries naming no buffer of net's (out of range, held by the
 * driver already) are dropped and counted; notifications only when net
 * sleeps, one per batch; broken rings end service without crashing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <libnetdriver/netdriver.h>

static uint64_t none_owned[NET_BUFS / 64];

static struct net_desc
txd(uint32_t buf, uint16_t off, uint16_t len)
{
	struct net_desc d = { .nd_buf = buf, .nd_off = off, .nd_len = len };

	return d;
}

static void
refused(const struct net_desc *d, bool tx, const uint64_t *owned, int err)
{
	const char *why;

	assert_int_equal(netdriver_check(d, tx, 1500, owned, &why), err);
	assert_non_null(why);
}

static void
test_check(void **state)
{
	uint64_t owned[NET_BUFS / 64] = { 0 };
	struct net_desc d;
	const char *why;

	d = txd(0, 64, 60);
	assert_int_equal(netdriver_check(&d, true, 1500, none_owned, &why), 0);
	d = txd(NET_BUFS - 1, 0, 1518); /* the longest frame, VLAN tag included */
	assert_int_equal(netdriver_check(&d, true, 1500, none_owned, &why), 0);
	d = txd(NET_BUFS, 0, 60);
	refused(&d, true, none_owned, -ERANGE);
	d = txd(0xffffffffu, 0, 60);
	refused(&d, true, none_owned, -ERANGE);
	owned[5 / 64] |= 1ull << 5;
	d = txd(5, 0, 60);
	refused(&d, true, owned, -EBUSY);
	d = txd(1, NET_BUF_SIZE - 59, 60);
	refused(&d, true, none_owned, -EINVAL); /* past the buffer's end */
	d = txd(1, 0xffff, 0xffff);
	refused(&d, true, none_owned, -EINVAL); /* no 16-bit overflow */
	d = txd(1, 0, 13);
	refused(&d, true, none_owned, -EINVAL); /* runt */
	d = txd(1, 0, 1519);
	refused(&d, true, none_owned, -EINVAL); /* over the MTU */
	d = txd(1, 0, 60);
	d.nd_flags = NET_DESC_CSUM_OK;
	refused(&d, true, none_owned, -EINVAL); /* an rx flag on tx */
	d.nd_flags = NET_DESC_CSUM;
	d.nd_csum_start = 34;
	d.nd_csum_off = 6;
	assert_int_equal(netdriver_check(&d, true, 1500, none_owned, &why), 0);
	d.nd_csum_off = 25;
	refused(&d, true, none_owned, -EINVAL); /* checksum field past the end */
	d.nd_csum_start = 2;
	d.nd_csum_off = 0;
	refused(&d, true, none_owned, -EINVAL); /* inside the Ethernet header */

	/* Empty buffers for receiving. */
	d = txd(2, 0, 0);
	assert_int_equal(netdriver_check(&d, false, 1500, none_owned, &why), 0);
	d = txd(2, NET_BUF_SIZE - NET_FRAME_MAX, 0);
	assert_int_equal(netdriver_check(&d, false, 1500, none_owned, &why), 0);
	d.nd_off++;
	refused(&d, false, none_owned, -EINVAL); /* no room for a full frame */
	d = txd(2, 0, 100);
	refused(&d, false, none_owned, -EINVAL); /* a length on an empty buffer */
	d = txd(NET_BUFS, 0, 0);
	refused(&d, false, none_owned, -ERANGE);
}

/* The simulated device and net. */
static _Alignas(4096) struct {
	struct net_shared head;
	uint8_t bufs[NET_SHARED_SIZE - sizeof(struct net_shared)];
} area;
static struct netdriver_if nif;
static struct ring_view net_tx, net_txdone, net_rxfill, net_rx;
static struct netdriver_frame sent[64], posted[64];
static int nsent, nposted, nnotify, nkick, send_result;
static uint32_t tx_room, rx_room;

static uint32_t
fake_tx_room(struct netdriver_if *n)
{
	return tx_room;
}

static int
fake_send(struct netdriver_if *n, const struct netdriver_frame *f)
{
	if (send_result != 0) {
		return send_result;
	}
	sent[nsent++] = *f;
	tx_room--;
	return 0;
}

static uint32_t
fake_rx_room(struct netdriver_if *n)
{
	return rx_room;
}

static int
fake_post_rx(struct netdriver_if *n, const struct netdriver_frame *f)
{
	posted[nposted++] = *f;
	rx_room--;
	return 0;
}

static void
fake_kick(struct netdriver_if *n)
{
	nkick++;
}

static void
fake_notify(endpoint_t to)
{
	assert_int_equal(to, 55);
	nnotify++;
}

static const struct netdriver_ops fake_ops = {
	.ndo_tx_room = fake_tx_room,
	.ndo_send = fake_send,
	.ndo_rx_room = fake_rx_room,
	.ndo_post_rx = fake_post_rx,
	.ndo_kick = fake_kick,
};

#define PHYS 0x10000000ull

static int
net_setup(void **state)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	const uint32_t es = sizeof(struct net_desc);

	memset(&area.head.ns_status, 0x5a, sizeof(area.head.ns_status));
	netdriver_if_init(&nif, &area.head, PHYS, 0, 55, mac, 1500, &fake_ops, fake_notify);
	assert_int_equal(ring_attach(&net_tx, area.head.ns_tx, NET_RING_SLOTS, es, true, false), 0);
	assert_int_equal(ring_attach(&net_txdone, area.head.ns_txdone, NET_RING_SLOTS, es, false,
	                     false),
	    0);
	assert_int_equal(ring_attach(&net_rxfill, area.head.ns_rxfill, NET_RING_SLOTS, es, true,
	                     false),
	    0);
	assert_int_equal(ring_attach(&net_rx, area.head.ns_rx, NET_RING_SLOTS, es, false, false),
	    0);
	nsent = nposted = nnotify = nkick = send_result = 0;
	tx_room = rx_room = 32;
	return 0;
}

static void
put(struct ring_view *r, struct net_desc d)
{
	struct net_desc *e = ring_prod_next(r);

	assert_non_null(e);
	*e = d;
	ring_prod_commit(r);
}

/* The next entry net sees on r; false when there is none. */
static bool
get(struct ring_view *r, struct net_desc *out)
{
	struct net_desc *e = ring_cons_next(r);

	if (e == NULL) {
		return false;
	}
	*out = *e;
	ring_cons_commit(r);
	return true;
}

static void
test_init(void **state)
{
	assert_int_equal(area.head.ns_status.nst_mtu, 1500);
	assert_int_equal(area.head.ns_status.nst_mac[5], 0x56);
	assert_int_equal(area.head.ns_status.nst_link, 0);
	assert_int_equal(area.head.ns_status.nst_tx_frames, 0);
	assert_int_equal(NET_BUF_OFFSET % 4096, 0);
}

static void
test_send(void **state)
{
	struct net_desc d;

	put(&net_tx, txd(3, 16, 60));
	put(&net_tx, txd(7, 0, 1514));
	assert_true(ring_cons_idle(&net_txdone)); /* net sleeps */
	netdriver_drain(&nif);
	assert_int_equal(nsent, 2);
	assert_int_equal(nkick, 1);
	assert_int_equal(sent[0].nf_buf, 3);
	assert_int_equal(sent[0].nf_len, 60);
	assert_int_equal(sent[0].nf_phys, PHYS + NET_BUF_OFFSET + 3 * NET_BUF_SIZE + 16);
	assert_ptr_equal(sent[0].nf_data,
	    (uint8_t *)&area + NET_BUF_OFFSET + 3 * NET_BUF_SIZE + 16);
	assert_int_equal(nnotify, 0);
	assert_false(get(&net_txdone, &d));

	netdriver_tx_done(&nif, 7, false);
	netdriver_tx_done(&nif, 3, false);
	netdriver_tx_done(&nif, 3, false); /* the driver's bug: ignored */
	netdriver_commit(&nif);
	assert_int_equal(nnotify, 1);
	assert_true(get(&net_txdone, &d));
	assert_int_equal(d.nd_buf, 7);
	assert_int_equal(d.nd_flags, 0);
	assert_true(get(&net_txdone, &d));
	assert_int_equal(d.nd_buf, 3);
	assert_int_equal(d.nd_off, 16);
	assert_false(get(&net_txdone, &d));
	assert_int_equal(area.head.ns_status.nst_tx_frames, 2);
	assert_int_equal(area.head.ns_status.nst_tx_bytes, 1574);

	/* Net is awake: no notification. */
	put(&net_tx, txd(3, 0, 60));
	netdriver_drain(&nif);
	netdriver_tx_done(&nif, 3, true);
	netdriver_commit(&nif);
	assert_int_equal(nnotify, 1);
	assert_true(get(&net_txdone, &d));
	assert_int_equal(d.nd_flags, NET_DESC_DROPPED);
	assert_int_equal(area.head.ns_status.nst_tx_dropped, 1);
}

static void
test_send_bad_entries(void **state)
{
	struct net_desc d;

	put(&net_tx, txd(NET_BUFS + 3, 0, 60)); /* no such buffer */
	put(&net_tx, txd(4, 0, 10));            /* runt: its buffer comes back */
	put(&net_tx, txd(5, 0, 60));
	put(&net_tx, txd(5, 0, 60)); /* again while the driver holds it */
	netdriver_drain(&nif);
	assert_int_equal(nsent, 1);
	assert_int_equal(sent[0].nf_buf, 5);
	assert_int_equal(nif.ni_errors, 2);
	assert_true(get(&net_txdone, &d));
	assert_int_equal(d.nd_buf, 4);
	assert_int_equal(d.nd_flags, NET_DESC_DROPPED);
	assert_false(get(&net_txdone, &d));

	/* The device refusing returns the buffer too. */
	send_result = -EIO;
	put(&net_tx, txd(6, 0, 60));
	netdriver_drain(&nif);
	assert_true(get(&net_txdone, &d));
	assert_int_equal(d.nd_buf, 6);
	assert_int_equal(d.nd_flags, NET_DESC_DROPPED);
}

static void
test_send_room(void **state)
{
	struct ring *tx = (struct ring *)area.head.ns_tx;

	tx_room = 2;
	for (uint32_t i = 0; i < 5; i++) {
		put(&net_tx, txd(i, 0, 60));
	}
	netdriver_drain(&nif);
	assert_int_equal(nsent, 2);
	/* Frames wait on the ring, and the driver does not sleep on it. */
	assert_int_equal(ring_count(&net_tx), 3);
	assert_int_equal(tx->r_cons_wait, 0);
	netdriver_tx_done(&nif, 0, false);
	tx_room = 8;
	netdriver_drain(&nif);
	assert_int_equal(nsent, 5);
	assert_int_equal(ring_count(&net_tx), 0);
	assert_int_equal(tx->r_cons_wait, 1); /* room and nothing to do: asleep */
	/* So net's next commit says to notify. */
	assert_non_null(ring_prod_next(&net_tx));
	assert_true(ring_prod_commit(&net_tx));
}

static void
test_receive(void **state)
{
	struct net_desc d;

	put(&net_rxfill, txd(10, 2, 0));
	put(&net_rxfill, txd(11, 0, 0));
	put(&net_rxfill, txd(12, 0, 99)); /* malformed: straight back */
	assert_true(ring_cons_idle(&net_rx));
	netdriver_drain(&nif);
	assert_int_equal(nposted, 2);
	assert_int_equal(posted[0].nf_len, NET_BUF_SIZE - 2);
	assert_int_equal(posted[0].nf_phys, PHYS + NET_BUF_OFFSET + 10 * NET_BUF_SIZE + 2);
	assert_int_equal(nnotify, 1); /* the refused buffer */
	assert_true(get(&net_rx, &d));
	assert_int_equal(d.nd_buf, 12);
	assert_int_equal(d.nd_flags, NET_DESC_DROPPED);

	netdriver_rx(&nif, 10, 60, NET_DESC_CSUM_OK);
	netdriver_rx(&nif, 11, NET_BUF_SIZE + 1, 0); /* the device's nonsense */
	netdriver_rx(&nif, 13, 60, 0);               /* not held: ignored */
	netdriver_commit(&nif);
	assert_true(get(&net_rx, &d));
	assert_int_equal(d.nd_buf, 10);
	assert_int_equal(d.nd_off, 2);
	assert_int_equal(d.nd_len, 60);
	assert_int_equal(d.nd_flags, NET_DESC_CSUM_OK);
	assert_true(get(&net_rx, &d));
	assert_int_equal(d.nd_buf, 11);
	assert_int_equal(d.nd_flags, NET_DESC_DROPPED);
	assert_false(get(&net_rx, &d));
	assert_int_equal(area.head.ns_status.nst_rx_frames, 1);
	assert_int_equal(area.head.ns_status.nst_rx_errors, 1);
}

static void
test_link(void **state)
{
	uint32_t gen = area.head.ns_status.nst_gen;

	netdriver_set_link(&nif, NET_LINK_UP | NET_LINK_FULL_DUPLEX, 1000);
	assert_int_equal(area.head.ns_status.nst_gen, gen + 1);
	assert_int_equal(area.head.ns_status.nst_link, NET_LINK_UP | NET_LINK_FULL_DUPLEX);
	assert_int_equal(area.head.ns_status.nst_speed_mbps, 1000);
	assert_int_equal(nnotify, 1);
}

static void
test_broken(void **state)
{
	struct ring *tx = (struct ring *)area.head.ns_tx;
	struct ring *rx = (struct ring *)area.head.ns_rx;

	tx->r_prod = 12345;
	netdriver_drain(&nif);
	assert_true(nif.ni_broken);
	assert_int_equal(nsent, 0);
	netdriver_drain(&nif); /* stays quiet */

	net_setup(state);
	put(&net_rxfill, txd(1, 0, 0));
	netdriver_drain(&nif);
	rx->r_cons = 999; /* net's index on the rx ring is impossible */
	netdriver_rx(&nif, 1, 60, 0);
	assert_true(nif.ni_broken);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test_setup(test_init, net_setup),
		cmocka_unit_test_setup(test_send, net_setup),
		cmocka_unit_test_setup(test_send_bad_entries, net_setup),
		cmocka_unit_test_setup(test_send_room, net_setup),
		cmocka_unit_test_setup(test_receive, net_setup),
		cmocka_unit_test_setup(test_link, net_setup),
		cmocka_unit_test_setup(test_broken, net_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
