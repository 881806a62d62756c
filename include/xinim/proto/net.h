/*
 * The network-driver protocol: how `net` (the lwIP network server) and a
 * network driver (e1000, virtio-net) move Ethernet frames.  Frames travel
 * in batches through four libring rings and frame buffers in one area the
 * driver allocates as DMA memory and shares with net, so that the device
 * reads and writes the buffers themselves: no copy in the driver, no IPC
 * per frame.
 *
 *   - net sends NET_ATTACH for one interface of the driver (a driver may
 *     serve several cards).  The driver allocates the area (KC_DMA_ALLOC,
 *     one physically contiguous block of NET_SHARED_SIZE bytes), zeroes
 *     it, initialises the rings, fills in the status block, grants it to
 *     net (GRANT_READ | GRANT_WRITE | GRANT_MAP) and answers with the
 *     grant, the MAC and the MTU.  net maps it with KC_GRANT_MAP.
 *   - Frame buffers: NET_BUFS of NET_BUF_SIZE bytes from NET_BUF_OFFSET.
 *     Each buffer belongs to net at attach time and to exactly one side
 *     at every moment: net hands it over on ns_tx (a frame to send) or
 *     ns_rxfill (an empty buffer to receive into), the driver hands it
 *     back on ns_txdone (sent, or dropped) or ns_rx (a frame received).
 *   - Each ring follows libring's protocol: the side that commits
 *     notifies the other (ipc_notify) when the ring says it sleeps.
 *   - Link changes: the driver updates the status block (nst_gen changes
 *     last) and notifies net.  net reads it, trusting none of it beyond
 *     what it shows to users.
 *
 * Neither side trusts the other's ring entries: the driver
 * (lib/libnetdriver) takes a buffer only if its index is in range, the
 * buffer is net's, and offset and length fit in it; net checks the same
 * of what comes back.  A broken ring ends the attachment.
 *
 * Restarts: the area dies with the driver.  net attaches again to the new
 * instance and sends its queued frames once more; TCP retransmits the
 * rest.  Nothing of the old area is reused.
 */
#pragma once
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/ipc.h>

#define NET_RING_SLOTS 256 /* entries per ring */
#define NET_BUFS 512       /* frame buffers in the area */
#define NET_BUF_SIZE 2048  /* bytes per buffer: headroom + a frame */
#define NET_ETH_HLEN 14    /* destination, source, ethertype */
#define NET_ETH_MIN 14     /* shortest frame accepted (padding is the device's) */
#define NET_MTU_MAX 1500   /* no jumbo frames yet */
#define NET_FRAME_MAX (NET_ETH_HLEN + 4 + NET_MTU_MAX) /* with one VLAN tag */

/* One ring entry: a buffer and, for a frame, where it lies in it. */
struct net_desc {
	uint32_t nd_buf;        /* buffer index, < NET_BUFS */
	uint16_t nd_off;        /* first byte of the frame in the buffer */
	uint16_t nd_len;        /* frame bytes (ns_rxfill: 0, the whole buffer is free) */
	uint16_t nd_flags;      /* NET_DESC_* */
	uint16_t nd_csum_start; /* NET_DESC_CSUM: checksum from this byte of the frame */
	uint16_t nd_csum_off;   /* ... stored this many bytes after nd_csum_start */
	uint16_t nd_pad;
};
_Static_assert(sizeof(struct net_desc) == 16, "net_desc layout");

/* nd_flags */
#define NET_DESC_CSUM 1    /* tx: the device fills in the L4 checksum */
#define NET_DESC_CSUM_OK 2 /* rx: the device checked the L4 checksum */
/* txdone: not sent (link down, device error, a bad entry); rx: no frame,
 * the empty buffer comes back */
#define NET_DESC_DROPPED 4
#define NET_DESC_TX_FLAGS NET_DESC_CSUM

/* The status block, written by the driver. */
struct net_status {
	uint32_t nst_gen;  /* changes after every update of the rest */
	uint32_t nst_link; /* NET_LINK_* */
	uint32_t nst_speed_mbps;
	uint16_t nst_mtu;
	uint8_t nst_mac[6];
	uint32_t nst_pad;
	uint64_t nst_rx_frames, nst_rx_bytes, nst_rx_errors, nst_rx_dropped;
	uint64_t nst_tx_frames, nst_tx_bytes, nst_tx_errors, nst_tx_dropped;
};
_Static_assert(sizeof(struct net_status) == 88, "net_status layout");

#define NET_LINK_UP 1
#define NET_LINK_FULL_DUPLEX 2

/* The shared area: the status block, the rings, then the buffers. */
#define NET_RING_BYTES RING_BYTES(NET_RING_SLOTS, sizeof(struct net_desc))
struct net_shared {
	struct net_status ns_status;
	uint8_t ns_pad0[128 - sizeof(struct net_status)];
	uint8_t ns_tx[NET_RING_BYTES];     /* net -> driver: frames to send */
	uint8_t ns_txdone[NET_RING_BYTES]; /* driver -> net: buffers sent */
	uint8_t ns_rxfill[NET_RING_BYTES]; /* net -> driver: empty buffers */
	uint8_t ns_rx[NET_RING_BYTES];     /* driver -> net: frames received */
};
_Static_assert(sizeof(struct net_shared) == 128 + 4 * NET_RING_BYTES, "net_shared layout");
#define NET_BUF_OFFSET ((sizeof(struct net_shared) + 4095) & ~(size_t)4095)
#define NET_SHARED_SIZE (NET_BUF_OFFSET + (size_t)NET_BUFS * NET_BUF_SIZE)
_Static_assert(NET_SHARED_SIZE == 20480 + 512 * 2048, "net area layout");

enum net_msg {
	/* struct msg_net_attach -> struct msg_net_attached: 0, or -ENXIO
	 * for an interface the driver lacks, -EBUSY when attached already,
	 * -ENOMEM */
	NET_ATTACH = 0x0a00,
	/* struct msg_net_if -> struct msg_net_result: the driver stops the
	 * interface's queues and frees the area */
	NET_DETACH = 0x0a01,
	/* struct msg_net_conf -> struct msg_net_result */
	NET_CONF = 0x0a02,
	NET_REPLY = 0x0aff,
};

struct msg_net_attach {
	uint32_t na_if; /* the driver's interface number, 0 first */
	uint32_t na_pad;
};
_Static_assert(sizeof(struct msg_net_attach) == 8, "msg_net_attach layout");
MSG_PAYLOAD_FITS(struct msg_net_attach);

struct msg_net_attached {
	int64_t nad_result;
	int64_t nad_grant; /* the driver's, of nad_size bytes */
	uint64_t nad_size; /* NET_SHARED_SIZE */
	uint8_t nad_mac[6];
	uint16_t nad_mtu;
	uint32_t nad_link;     /* NET_LINK_* */
	uint32_t nad_features; /* NET_FEAT_* */
};
_Static_assert(sizeof(struct msg_net_attached) == 40, "msg_net_attached layout");
MSG_PAYLOAD_FITS(struct msg_net_attached);

#define NET_FEAT_TX_CSUM 1 /* NET_DESC_CSUM is honoured */
#define NET_FEAT_RX_CSUM 2 /* NET_DESC_CSUM_OK may be set */

struct msg_net_if {
	uint32_t ni_if;
	uint32_t ni_pad;
};
_Static_assert(sizeof(struct msg_net_if) == 8, "msg_net_if layout");
MSG_PAYLOAD_FITS(struct msg_net_if);

struct msg_net_conf {
	uint32_t nc_if;
	uint32_t nc_flags; /* NET_CONF_* */
};
_Static_assert(sizeof(struct msg_net_conf) == 8, "msg_net_conf layout");
MSG_PAYLOAD_FITS(struct msg_net_conf);
#define NET_CONF_PROMISC 1  /* every frame */
#define NET_CONF_ALLMULTI 2 /* every multicast frame */

struct msg_net_result {
	int64_t nr_result;
};
_Static_assert(sizeof(struct msg_net_result) == 8, "msg_net_result layout");
MSG_PAYLOAD_FITS(struct msg_net_result);
