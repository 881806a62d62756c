/*
 * libnetdriver: the network-driver protocol (xinim/proto/net.h) on the
 * driver's side, for e1000 and virtio-net.  The library answers
 * NET_ATTACH and NET_DETACH (allocating each interface's DMA area and
 * granting it to net), takes frames to send from the tx ring and empty
 * buffers from the rx-fill ring, checks every entry (netdriver_check())
 * and hands the driver only buffers that are net's and well-formed, with
 * their virtual and physical addresses; the driver hands them back with
 * netdriver_tx_done() and netdriver_rx(), and the library posts them,
 * one notification per batch at most.
 *
 * A driver provides per interface (struct netdriver_ops):
 *   ndo_tx_room(nif)     frames the device can queue for sending now
 *   ndo_send(nif, f)     queue f: 0 (netdriver_tx_done() follows), or
 *                        < 0: dropped (the library returns the buffer)
 *   ndo_rx_room(nif)     empty buffers the device can take now
 *   ndo_post_rx(nif, f)  give the device f to receive into: 0, or < 0
 *                        (the library returns the buffer, empty)
 *   ndo_kick(nif)        optional: after a batch (one doorbell)
 * and calls netdriver_drain(nif) on net's notifications (through
 * netdriver_notified()) and after handling the device's interrupts
 * (room freed), and netdriver_commit(nif) after a batch of completions.
 *
 * Nothing net writes is trusted: an entry naming a buffer out of range or
 * one the driver holds already is dropped (counted in ni_errors; there is
 * nothing to give back), a malformed one returns its buffer at once with
 * NET_DESC_DROPPED, a broken ring ends service on the interface.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/ipc.h>
#include <xinim/proto/net.h>

#define NETDRIVER_MAX_IFS 4

/* One buffer handed to the driver. */
struct netdriver_frame {
	uint32_t nf_buf;
	uint16_t nf_len;   /* tx: frame bytes; rx: room in the buffer */
	uint16_t nf_flags; /* NET_DESC_* */
	uint16_t nf_csum_start, nf_csum_off;
	void *nf_data;    /* the frame's (or the room's) first byte */
	uint64_t nf_phys; /* the same for the device */
};

struct netdriver_if;

struct netdriver_ops {
	uint32_t (*ndo_tx_room)(struct netdriver_if *nif);
	int (*ndo_send)(struct netdriver_if *nif, const struct netdriver_frame *f);
	uint32_t (*ndo_rx_room)(struct netdriver_if *nif);
	int (*ndo_post_rx)(struct netdriver_if *nif, const struct netdriver_frame *f);
	void (*ndo_kick)(struct netdriver_if *nif);
};

struct netdriver_if {
	bool ni_used;
	bool ni_broken;
	bool ni_dirty;      /* entries posted on txdone or rx, not committed */
	uint32_t ni_index;  /* the driver's interface number */
	endpoint_t ni_peer; /* net */
	uint16_t ni_mtu;
	uint32_t ni_errors; /* entries dropped for naming no buffer of net's */
	struct net_shared *ni_area;
	uint64_t ni_phys; /* of ni_area */
	int64_t ni_grant;
	struct ring_view ni_tx, ni_txdone, ni_rxfill, ni_rx;
	uint64_t ni_owned[NET_BUFS / 64]; /* set: the driver holds the buffer */
	uint16_t ni_boff[NET_BUFS];       /* held buffers: the frame's offset */
	uint16_t ni_blen[NET_BUFS];       /* held tx buffers: the frame's length */
	const struct netdriver_ops *ni_ops;
	void (*ni_notify)(endpoint_t to);
	void *ni_driver; /* the driver's */
};

/* Checks d, a private copy of a ring entry: tx (a frame to send) or an
 * empty buffer for receiving.  0, or -ERANGE (no such buffer), -EBUSY
 * (the driver holds it already): drop the entry; -EINVAL (offset, length,
 * flags or checksum fields wrong): return the buffer.  *why says what. */
int netdriver_check(const struct net_desc *d, bool tx, uint16_t mtu, const uint64_t *owned,
    const char **why);

/* Sets nif up over area (NET_SHARED_SIZE bytes at physical phys): zeroes
 * it, initialises the rings and the status block. */
void netdriver_if_init(struct netdriver_if *nif, struct net_shared *area, uint64_t phys,
    uint32_t index, endpoint_t peer, const uint8_t mac[6], uint16_t mtu,
    const struct netdriver_ops *ops, void (*notify)(endpoint_t to));

/* Takes what the tx and rx-fill rings hold, as far as the device has
 * room, then commits. */
void netdriver_drain(struct netdriver_if *nif);

/* The device is done with tx buffer buf (dropped: not sent). */
void netdriver_tx_done(struct netdriver_if *nif, uint32_t buf, bool dropped);
/* The device received len bytes into rx buffer buf. */
void netdriver_rx(struct netdriver_if *nif, uint32_t buf, uint16_t len, uint16_t flags);
/* Publishes what was posted and notifies net if it sleeps. */
void netdriver_commit(struct netdriver_if *nif);
/* The link changed: updates the status block and notifies net. */
void netdriver_set_link(struct netdriver_if *nif, uint32_t link, uint32_t speed_mbps);

/* The message side (attach.c).  netdriver_request() returns as
 * driver_ops.request does (-ENOSYS for other messages); the driver names
 * each interface it has with netdriver_add_if() first. */
void netdriver_init(const struct netdriver_ops *ops);
int netdriver_add_if(uint32_t index, const uint8_t mac[6], uint16_t mtu, void *driver);
int netdriver_request(const struct message *m, struct message *reply);
void netdriver_notified(endpoint_t from);
void netdriver_commit_all(void);
