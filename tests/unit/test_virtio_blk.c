/* unit-sources: drivers/storage/virtio-blk/req.c */
/*
 * virtio-blk's pure parts: descriptor lists cut to the device's size_max
 * and bounded by the descriptors a request may have; the geometry from
 * the configuration and features (block size, read-only, flush, discard
 * and write-zeroes only with usable limits, the largest request within
 * size_max x descriptors); status bytes as results; discard and
 * write-zeroes pieces.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../drivers/storage/virtio-blk/vblk.h"

#define F(bit) (1ULL << (bit))

static void
test_sg_add(void **state)
{
	struct virtq_buf b[8];
	unsigned n = 0;

	/* No limit: one descriptor. */
	assert_int_equal(vblk_sg_add(b, &n, 8, 0x10000, 8192, 0), 0);
	assert_int_equal(n, 1);
	assert_int_equal(b[0].vb_phys, 0x10000);
	assert_int_equal(b[0].vb_len, 8192);
	/* size_max 4096: 10000 bytes in 4096 + 4096 + 1808. */
	assert_int_equal(vblk_sg_add(b, &n, 8, 0x20000, 10000, 4096), 0);
	assert_int_equal(n, 4);
	assert_int_equal(b[1].vb_phys, 0x20000);
	assert_int_equal(b[2].vb_phys, 0x21000);
	assert_int_equal(b[3].vb_phys, 0x22000);
	assert_int_equal(b[3].vb_len, 10000 - 8192);
	/* Out of room: -E2BIG. */
	assert_int_equal(vblk_sg_add(b, &n, 8, 0x30000, 5 * 4096, 4096), -E2BIG);
	n = 0;
	/* More than a descriptor's 32 bits: cut as well. */
	assert_int_equal(vblk_sg_add(b, &n, 8, 0, 5ULL << 30, 0), 0);
	assert_int_equal(n, 3);
	assert_int_equal(b[0].vb_len, 0x80000000u);
	assert_int_equal(b[2].vb_len, 1u << 30);
}

static void
test_geometry(void **state)
{
	struct vblk_config c = { .vc_capacity = 131072 };
	struct blk_geometry g;

	vblk_geometry(&c, 0, 160, &g);
	assert_int_equal(g.bg_sectors, 131072);
	assert_int_equal(g.bg_sector_size, 512);
	assert_int_equal(g.bg_features, 0);
	assert_int_equal(g.bg_max_bytes, VBLK_MAX_BYTES);
	assert_int_equal(g.bg_max_segs, BLK_MAX_SEGS);
	/* 4 KiB blocks: sectors counted in them. */
	c.vc_blk_size = 4096;
	vblk_geometry(&c, F(VIRTIO_BLK_F_BLK_SIZE), 160, &g);
	assert_int_equal(g.bg_sector_size, 4096);
	assert_int_equal(g.bg_sectors, 131072 / 8);
	/* A block size the protocol cannot carry: 512. */
	c.vc_blk_size = 3000;
	vblk_geometry(&c, F(VIRTIO_BLK_F_BLK_SIZE), 160, &g);
	assert_int_equal(g.bg_sector_size, 512);
	c.vc_blk_size = 8192;
	vblk_geometry(&c, F(VIRTIO_BLK_F_BLK_SIZE), 160, &g);
	assert_int_equal(g.bg_sector_size, 512);
	/* Features. */
	c.vc_max_discard_sectors = 1 << 20;
	c.vc_max_discard_seg = 1;
	c.vc_max_wz_sectors = 1 << 20;
	c.vc_max_wz_seg = 1;
	vblk_geometry(&c,
	    F(VIRTIO_BLK_F_RO) | F(VIRTIO_BLK_F_FLUSH) | F(VIRTIO_BLK_F_DISCARD) |
	        F(VIRTIO_BLK_F_WRITE_ZEROES),
	    160, &g);
	assert_int_equal(g.bg_features,
	    BLK_FEAT_RO | BLK_FEAT_FLUSH | BLK_FEAT_DISCARD | BLK_FEAT_WRITE_ZEROES);
	assert_int_equal(g.bg_features & BLK_FEAT_FUA, 0); /* emulated, not the device's */
	/* Discard offered with limits of 0: not usable. */
	c.vc_max_discard_seg = 0;
	c.vc_max_wz_sectors = 0;
	vblk_geometry(&c, F(VIRTIO_BLK_F_DISCARD) | F(VIRTIO_BLK_F_WRITE_ZEROES), 160, &g);
	assert_int_equal(g.bg_features, 0);
	/* size_max 4096 x 16 descriptors: 64 KiB per request at most. */
	c.vc_size_max = 4096;
	vblk_geometry(&c, F(VIRTIO_BLK_F_SIZE_MAX), 16, &g);
	assert_int_equal(g.bg_max_bytes, 65536);
	assert_int_equal(g.bg_max_segs, 16);
	vblk_geometry(&c, F(VIRTIO_BLK_F_SIZE_MAX), 3, &g);
	assert_int_equal(g.bg_max_bytes, 12288);
	assert_int_equal(g.bg_max_segs, 3);
	/* A tiny size_max with 4 KiB blocks still allows one block. */
	c.vc_size_max = 512;
	c.vc_blk_size = 4096;
	vblk_geometry(&c, F(VIRTIO_BLK_F_SIZE_MAX) | F(VIRTIO_BLK_F_BLK_SIZE), 2, &g);
	assert_int_equal(g.bg_max_bytes, 4096);
}

static void
test_status(void **state)
{
	assert_int_equal(vblk_status_result(VIRTIO_BLK_S_OK, 4096), 4096);
	assert_int_equal(vblk_status_result(VIRTIO_BLK_S_OK, 0), 0);
	assert_int_equal(vblk_status_result(VIRTIO_BLK_S_IOERR, 4096), -EIO);
	assert_int_equal(vblk_status_result(VIRTIO_BLK_S_UNSUPP, 4096), -ENOTSUP);
	assert_int_equal(vblk_status_result(0xff, 4096), -EIO); /* never written */
}

static void
test_dwz_chunk(void **state)
{
	assert_int_equal(vblk_dwz_chunk(100, 1000), 100);
	assert_int_equal(vblk_dwz_chunk(5000, 1000), 1000);
	assert_int_equal(vblk_dwz_chunk(1ULL << 40, 0xffffffffu), 0xffffffffu);
	assert_int_equal(vblk_dwz_chunk(7, 0), 1); /* a nonsense limit still progresses */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sg_add),
		cmocka_unit_test(test_geometry),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_dwz_chunk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
