/*
 * The block protocol: what a block-device client (a file-system server,
 * vfs for block special files, diskbench) asks of a block driver
 * (virtio-blk, ahci).  Modelled on the file-system protocol (fs.h):
 * requests travel on a ring in memory the client shares with the driver,
 * many in flight at once, and never one IPC per request or per sector.
 *
 *   - The client makes the shared area (struct blk_shared: two libring
 *     rings of slot numbers and BLK_RING_SLOTS request slots), zeroes it,
 *     initialises the rings, grants it to the driver (GRANT_READ |
 *     GRANT_WRITE | GRANT_MAP) and sends BLK_OPEN for one minor (a whole
 *     device or one partition).  The driver's library maps the area and
 *     answers with the geometry; BLK_OPEN and BLK_CLOSE are the only
 *     messages of the protocol.
 *   - For each request the client fills a free slot (bk_op, bk_flags,
 *     bk_sector, bk_count, the segments), puts its number on the
 *     submission ring (bs_sq) and notifies the driver if the ring says it
 *     sleeps (ipc_notify).
 *   - The driver takes numbers from bs_sq, answers in the slot
 *     (bk_result, bk_rp), puts the number on the completion ring (bs_cq)
 *     and notifies the client if it sleeps.  It may answer in any order.
 *     The slot is the client's again once its number comes back.
 *
 * Data never travels in the shared area: a read or write names up to
 * BLK_MAX_SEGS segments of grants the client owns (GRANT_WRITE for a
 * read, GRANT_READ for a write), each a multiple of the sector size; the
 * driver copies through them (KC_SAFECOPY_TO/FROM) or maps them.
 *
 * Neither side trusts the other: the driver copies a slot once, checks
 * it (lib/libblockdriver: a slot number out of range or already in
 * flight is dropped, a malformed request answered -EINVAL, sectors past
 * the end -ERANGE, a write to a read-only device -EROFS), and answers
 * only slots it was given; the client checks every number that comes
 * back.
 *
 * Restarts: requests are idempotent at the block level.  When the driver
 * dies the client grants its area to the new instance, opens again, and
 * resubmits every slot that had not come back (a bounded number of tries
 * each; an error only when the device stays dead).
 *
 * Minors: minor = device * BLK_PARTS + partition; partition 0 is the
 * whole device, 1 .. BLK_PARTS - 1 the MBR or GPT partitions in table
 * order.  Sector numbers in requests are relative to the minor opened.
 *
 * Names: each driver has a major (blk_majors below: its service name and
 * the prefix of its devices' names).  Device n of a driver, in PCI
 * order, is PREFIX + 'a' + n ("vda", "sdb"), its partition p that name
 * followed by p ("vda1").  A driver publishes each minor it serves in ds
 * under BLK_DS_PREFIX + name ("blk/vda1", naming itself) once it has read
 * the partition table; devfs subscribes to BLK_DS_PREFIX and makes the
 * block special file /dev/NAME with rdev XDEV_MAKE(major, minor).  A
 * client opens rdev by looking up blk_majors[major].bm_service in ds.
 */
#pragma once
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/ipc.h>

#define BLK_RING_SLOTS 64        /* requests in flight per open minor */
#define BLK_MAX_SEGS 16          /* segments per read or write */
#define BLK_MAX_BYTES (4u << 20) /* bytes per read or write */
#define BLK_PARTS 16             /* minors per device: the whole, 15 partitions */

#define BLK_MINOR(dev, part) ((dev)*BLK_PARTS + (part))
#define BLK_MINOR_DEV(minor) ((minor) / BLK_PARTS)
#define BLK_MINOR_PART(minor) ((minor) % BLK_PARTS)

#define BLK_DS_PREFIX "blk/"

/* Majors of block drivers (character majors are in chr.h; the numbers
 * do not overlap). */
#define BLK_MAJOR_VIRTIO 3 /* virtio-blk: vda, vdb, ... */
#define BLK_MAJOR_AHCI 8   /* ahci: sda, sdb, ... */
#define BLK_MAX_DEVS 16    /* devices per major: minors fit in 8 bits */

struct blk_major {
	uint32_t bm_major;
	const char *bm_service; /* the driver's service (ds) name */
	const char *bm_prefix;  /* of its devices' names */
};

static const struct blk_major blk_majors[] = {
	{ BLK_MAJOR_VIRTIO, "virtio-blk", "vd" },
	{ BLK_MAJOR_AHCI, "ahci", "sd" },
};
#define BLK_NMAJORS (sizeof(blk_majors) / sizeof(blk_majors[0]))

/* The entry of major, or NULL. */
static inline const struct blk_major *
blk_major_find(uint32_t major)
{
	for (unsigned i = 0; i < BLK_NMAJORS; i++) {
		if (blk_majors[i].bm_major == major) {
			return &blk_majors[i];
		}
	}
	return (const struct blk_major *)0;
}

/* What a device is and can do. */
struct blk_geometry {
	uint64_t bg_sectors;     /* of the minor opened */
	uint32_t bg_sector_size; /* bytes: 512 or 4096 */
	uint32_t bg_features;    /* BLK_FEAT_* */
	uint32_t bg_max_segs;    /* <= BLK_MAX_SEGS */
	uint32_t bg_max_bytes;   /* per request, <= BLK_MAX_BYTES */
};
_Static_assert(sizeof(struct blk_geometry) == 24, "blk_geometry layout");

#define BLK_FEAT_RO 1            /* read-only: writes and discards get -EROFS */
#define BLK_FEAT_FLUSH 2         /* a volatile write cache that BLK_FLUSH empties */
#define BLK_FEAT_FUA 4           /* BLK_FL_FUA is done by the device, not emulated */
#define BLK_FEAT_DISCARD 8       /* BLK_DISCARD does something */
#define BLK_FEAT_WRITE_ZEROES 16 /* BLK_WRITE_ZEROES without a data transfer */

enum blk_op {
	/* Ring.  bk_sector, bk_count sectors, the segments (their lengths
	 * add up to bk_count sectors).  -> bytes read */
	BLK_READ = 0x0900,
	/* Ring.  As BLK_READ; bk_flags may hold BLK_FL_FUA.  -> bytes
	 * written (durable before the answer with FUA) */
	BLK_WRITE = 0x0901,
	/* Ring.  No operands.  -> 0 once everything answered before it is
	 * on stable storage */
	BLK_FLUSH = 0x0902,
	/* Ring.  bk_sector, bk_count; no segments.  The contents become
	 * undefined (a hint: 0 without BLK_FEAT_DISCARD).  -> 0 */
	BLK_DISCARD = 0x0903,
	/* Ring.  bk_sector, bk_count; no segments.  -> 0; reads give
	 * zeros after it.  -ENOTSUP without BLK_FEAT_WRITE_ZEROES */
	BLK_WRITE_ZEROES = 0x0904,
	/* Ring.  No operands.  -> 0; bk_rp.geometry (the size may have
	 * changed: a resized image) */
	BLK_GEOMETRY = 0x0905,

	/* Message.  struct msg_blk_open -> struct msg_blk_opened: 0, or
	 * -ENXIO for a minor the driver lacks, -EROFS for write access to a
	 * read-only device, -EBUSY when the client has the minor open
	 * already, -EINVAL for a bad area. */
	BLK_OPEN = 0x0920,
	/* Message.  struct msg_blk_close -> struct msg_blk_closed: 0; the
	 * driver answers nothing more on that area and unmaps it (answers
	 * not yet given are dropped). */
	BLK_CLOSE = 0x0921,
	BLK_REPLY = 0x09ff,
};

/* bk_flags */
#define BLK_FL_FUA 1 /* BLK_WRITE: on stable storage before the answer */
#define BLK_FL_ALL BLK_FL_FUA

/* One segment: bs_len bytes at bs_off of grant bs_grant, which the
 * client owns. */
struct blk_seg {
	int64_t bs_grant;
	uint64_t bs_off;
	uint64_t bs_len; /* a multiple of the sector size, > 0 */
};
_Static_assert(sizeof(struct blk_seg) == 24, "blk_seg layout");

/* One request slot.  The client writes everything up to bk_tag and the
 * segments; the driver writes bk_result and bk_rp. */
struct blk_slot {
	uint32_t bk_op;    /* enum blk_op */
	uint32_t bk_flags; /* BLK_FL_* */
	uint64_t bk_sector;
	uint64_t bk_count; /* sectors */
	uint32_t bk_nseg;  /* segments used, 1 .. bg_max_segs (0 without data) */
	uint32_t bk_pad;
	uint64_t bk_tag; /* the client's, never read by the driver */
	int64_t bk_result;
	union {
		struct blk_geometry geometry;
		uint64_t raw[4];
	} bk_rp;
	struct blk_seg bk_seg[BLK_MAX_SEGS];
};
_Static_assert(sizeof(struct blk_slot) == 464, "blk_slot layout");

/* The shared area of one open minor: the rings in the first page, the
 * slots after it.  Ring entries are uint32_t slot numbers. */
#define BLK_RING_BYTES RING_BYTES(BLK_RING_SLOTS, sizeof(uint32_t))
struct blk_shared {
	uint8_t bs_sq[BLK_RING_BYTES]; /* client -> driver: slots to serve */
	uint8_t bs_cq[BLK_RING_BYTES]; /* driver -> client: slots answered */
	uint8_t bs_pad[4096 - 2 * BLK_RING_BYTES];
	struct blk_slot bs_slots[BLK_RING_SLOTS];
};
_Static_assert(sizeof(struct blk_shared) == 4096 + BLK_RING_SLOTS * 464, "blk_shared layout");
#define BLK_SHARED_SIZE ((sizeof(struct blk_shared) + 4095) & ~(size_t)4095)

/* BLK_OPEN: client -> driver. */
struct msg_blk_open {
	int64_t bo_grant; /* of BLK_SHARED_SIZE bytes */
	uint64_t bo_size;
	uint32_t bo_minor;
	uint32_t bo_flags; /* BLK_OPEN_* */
};
_Static_assert(sizeof(struct msg_blk_open) == 24, "msg_blk_open layout");
MSG_PAYLOAD_FITS(struct msg_blk_open);
#define BLK_OPEN_WRITE 1 /* writes, discards and flushes will come */

struct msg_blk_opened {
	int64_t bd_result; /* 0 or -E* */
	struct blk_geometry bd_geometry;
};
_Static_assert(sizeof(struct msg_blk_opened) == 32, "msg_blk_opened layout");
MSG_PAYLOAD_FITS(struct msg_blk_opened);

/* BLK_CLOSE: client -> driver. */
struct msg_blk_close {
	uint32_t bc_minor;
	uint32_t bc_pad;
};
_Static_assert(sizeof(struct msg_blk_close) == 8, "msg_blk_close layout");
MSG_PAYLOAD_FITS(struct msg_blk_close);
struct msg_blk_closed {
	int64_t bcd_result;
};
_Static_assert(sizeof(struct msg_blk_closed) == 8, "msg_blk_closed layout");
MSG_PAYLOAD_FITS(struct msg_blk_closed);
