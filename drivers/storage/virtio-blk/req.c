/*
 * The pure parts of virtio-blk (vblk.h): descriptor lists within the
 * device's limits, the geometry from its configuration and features,
 * status bytes as results.  No system calls: tests/unit/test_virtio_blk.c
 * runs them on the host.
 */
#include <stddef.h>
#include <stdint.h>
#include <xinim/errno.h>
#include "vblk.h"

/* Appends [phys, phys+len) to bufs[*n..max), cut into pieces of at most
 * size_max bytes (0: no limit but a descriptor's 32 bits).  0, or -E2BIG
 * when it does not fit (bufs[*n..] may then hold part of it). */
int
vblk_sg_add(struct virtq_buf *bufs, unsigned *n, unsigned max, uint64_t phys, uint64_t len,
    uint32_t size_max)
{
	uint64_t piece = size_max != 0 ? size_max : 0x80000000u;

	while (len > 0) {
		uint64_t l = len < piece ? len : piece;

		if (*n >= max) {
			return -E2BIG;
		}
		bufs[*n] = (struct virtq_buf){ phys, (uint32_t)l };
		(*n)++;
		phys += l;
		len -= l;
	}
	return 0;
}

void
vblk_geometry(const struct vblk_config *cfg, uint64_t features, uint32_t data_max,
    struct blk_geometry *g)
{
	uint32_t ss = 512, per;
	uint64_t max = VBLK_MAX_BYTES;

	/* A logical block size the protocol can carry; else 512, which
	 * the device always accepts (sectors are 512 bytes in requests). */
	if ((features & (1ULL << VIRTIO_BLK_F_BLK_SIZE)) != 0 && cfg->vc_blk_size >= 512 &&
	    cfg->vc_blk_size <= 4096 && (cfg->vc_blk_size & (cfg->vc_blk_size - 1)) == 0) {
		ss = cfg->vc_blk_size;
	}
	per = ss / 512;
	g->bg_sector_size = ss;
	g->bg_sectors = cfg->vc_capacity / per;
	g->bg_features = 0;
	if ((features & (1ULL << VIRTIO_BLK_F_RO)) != 0) {
		g->bg_features |= BLK_FEAT_RO;
	}
	if ((features & (1ULL << VIRTIO_BLK_F_FLUSH)) != 0) {
		g->bg_features |= BLK_FEAT_FLUSH;
	}
	if ((features & (1ULL << VIRTIO_BLK_F_DISCARD)) != 0 && cfg->vc_max_discard_sectors >= per &&
	    cfg->vc_max_discard_seg != 0) {
		g->bg_features |= BLK_FEAT_DISCARD;
	}
	if ((features & (1ULL << VIRTIO_BLK_F_WRITE_ZEROES)) != 0 && cfg->vc_max_wz_sectors >= per &&
	    cfg->vc_max_wz_seg != 0) {
		g->bg_features |= BLK_FEAT_WRITE_ZEROES;
	}
	/* One request's data in at most data_max descriptors of at most
	 * size_max bytes: a bounce buffer, one contiguous range, must fit. */
	if (cfg->vc_size_max != 0 && (uint64_t)cfg->vc_size_max * data_max < max) {
		max = (uint64_t)cfg->vc_size_max * data_max;
	}
	max -= max % ss;
	if (max < ss) {
		max = ss;
	}
	g->bg_max_bytes = (uint32_t)max;
	g->bg_max_segs = BLK_MAX_SEGS < data_max ? BLK_MAX_SEGS : data_max;
}

int64_t
vblk_status_result(uint8_t status, int64_t ok)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return ok;
	case VIRTIO_BLK_S_UNSUPP:
		return -ENOTSUP;
	default:
		return -EIO;
	}
}

/* Sectors (512-byte) of the next discard or write-zeroes segment. */
uint32_t
vblk_dwz_chunk(uint64_t left, uint32_t max_sectors)
{
	if (max_sectors == 0) {
		max_sectors = 1;
	}
	return left < max_sectors ? (uint32_t)left : max_sectors;
}
