/*
 * virtio-blk's private declarations.  main.c: the libdriver and
 * libblockdriver callbacks, bringing every device up, the names in ds.
 * dev.c: one device (virtio set-up, its configuration, polled I/O for the
 * partition scan).  io.c: requests (descriptors over pinned grants or a
 * bounce buffer, completion, the queue of requests waiting for a command).
 * req.c: the pure parts (descriptor lists, the geometry from the
 * configuration, status codes), host-tested in tests/unit/test_virtio_blk.c.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <libblockdriver/blockdriver.h>
#include <libvirtio/pci.h>
#include <libvirtio/virtqueue.h>
#include <xinim/proto/blk.h>

/* virtio-blk (virtio 1.x section 5.2): feature bits. */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Request types and status bytes. */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/* Byte offsets in the device configuration (struct virtio_blk_config). */
#define VBLK_CFG_CAPACITY 0 /* le64, 512-byte sectors */
#define VBLK_CFG_SIZE_MAX 8
#define VBLK_CFG_SEG_MAX 12
#define VBLK_CFG_BLK_SIZE 20
#define VBLK_CFG_MAX_DISCARD_SECTORS 36
#define VBLK_CFG_MAX_DISCARD_SEG 40
#define VBLK_CFG_DISCARD_ALIGN 44
#define VBLK_CFG_MAX_WZ_SECTORS 48
#define VBLK_CFG_MAX_WZ_SEG 52
#define VBLK_CFG_SIZE 60

/* The request header the device reads first, and the one segment of a
 * discard or write-zeroes. */
struct virtio_blk_outhdr {
	uint32_t oh_type;
	uint32_t oh_ioprio;
	uint64_t oh_sector; /* 512-byte units, whatever the block size */
};
_Static_assert(sizeof(struct virtio_blk_outhdr) == 16, "virtio-blk header");

struct virtio_blk_dwz {
	uint64_t dw_sector;
	uint32_t dw_num_sectors;
	uint32_t dw_flags; /* write-zeroes: bit 0 unmap */
};
_Static_assert(sizeof(struct virtio_blk_dwz) == 16, "virtio-blk discard segment");

#define VBLK_QMAX 256 /* ring entries used at most: requests in flight per device */
#define VBLK_IND_MAX 162       /* descriptors per indirect table */
#define VBLK_DATA_MAX (VBLK_IND_MAX - 2) /* data descriptors of one request */
#define VBLK_MAX_BYTES (512u << 10)      /* bytes per read or write */
#define VBLK_BOUNCE 4                    /* bounce buffers (VBLK_MAX_BYTES each) */

/* What the device configuration says, decoded (req.c). */
struct vblk_config {
	uint64_t vc_capacity; /* 512-byte sectors */
	uint32_t vc_size_max; /* bytes per descriptor, 0: no limit */
	uint32_t vc_seg_max;  /* data descriptors per request, 0: no limit */
	uint32_t vc_blk_size; /* logical block size */
	uint32_t vc_max_discard_sectors, vc_max_discard_seg, vc_discard_align;
	uint32_t vc_max_wz_sectors, vc_max_wz_seg;
};

/* The DMA memory of one command: the device reads the header (and the
 * discard segment), writes the status, and reads the indirect table. */
struct vblk_cmd_dma {
	struct virtio_blk_outhdr cd_hdr;
	struct virtio_blk_dwz cd_dwz;
	uint8_t cd_status;
	uint8_t cd_pad[15];
	uint8_t cd_table[VIRTQ_INDIRECT_BYTES(VBLK_IND_MAX)];
};

struct vblk_dev;

/* One request with the device (or being set up). */
struct vblk_cmd {
	struct vblk_cmd *c_next;       /* the free list */
	struct blockdriver_req *c_rq;  /* NULL: a polled request of dev.c */
	struct vblk_dev *c_dev;
	struct vblk_cmd_dma *c_dma;    /* ours */
	uint64_t c_dma_phys;           /* the device's */
	uint32_t c_npinned;            /* segments of c_rq pinned */
	int c_bounce;                  /* bounce buffer index, -1: none */
	bool c_flush_after;            /* a FUA write: a flush follows */
	bool c_done_poll;              /* a polled request finished */
	uint8_t c_poll_status;
	uint64_t c_next_sector;        /* discard / write-zeroes: what is left */
	uint64_t c_left;
};

struct vblk_dev {
	bool d_up;
	unsigned d_index; /* vda = 0 */
	struct virtio_pci d_vp;
	struct virtio_pci_queue d_q;
	struct virtq_slot d_slots[VBLK_QMAX];
	struct vblk_cmd d_cmd[VBLK_QMAX];
	struct vblk_cmd *d_free;
	unsigned d_ncmd;
	uint64_t d_features;
	struct vblk_config d_cfg;
	struct blk_geometry d_geom;
	uint32_t d_data_max;   /* data descriptors per request */
	bool d_indirect;
	bool d_kick;           /* chains added since the last kick */
	struct blockdriver_req *d_wait_head, *d_wait_tail; /* for a command */
	uint64_t d_bounced, d_pinned; /* requests, by data path */
};

extern struct vblk_dev vblk_devs[BLOCKDRIVER_MAX_DEVS];

/* req.c: pure. */
int vblk_sg_add(struct virtq_buf *bufs, unsigned *n, unsigned max, uint64_t phys, uint64_t len,
    uint32_t size_max);
void vblk_geometry(const struct vblk_config *cfg, uint64_t features, uint32_t data_max,
    struct blk_geometry *g);
int64_t vblk_status_result(uint8_t status, int64_t ok);
uint32_t vblk_dwz_chunk(uint64_t left, uint32_t max_sectors);

/* dev.c */
int vblk_dev_open(struct vblk_dev *d, unsigned index, const struct pci_info *info, uint32_t bars);
int vblk_dev_read_sync(struct vblk_dev *d, uint64_t sector, uint64_t phys, uint32_t len);
void vblk_dev_read_config(struct vblk_dev *d);

/* io.c */
int vblk_io_init(void);
int vblk_submit(struct blockdriver_req *rq);
void vblk_kick_all(void);
void vblk_irq(uint64_t hooks);
void vblk_cmds_init(struct vblk_dev *d, struct vblk_cmd_dma *dma, uint64_t phys, unsigned n);
int vblk_bounce_get(uint64_t *vaddr, uint64_t *phys);
void vblk_bounce_put(int i);
void vblk_harvest(struct vblk_dev *d);
