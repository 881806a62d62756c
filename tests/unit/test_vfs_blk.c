/* unit-sources: servers/vfs/blkio.c */
/*
 * vfs's transfers of block special files (servers/vfs/blkio.c) against a
 * disk in memory: the seams vfs_blk_run() and vfs_blk_copy() are played
 * here by a simulated driver that checks every request as libblockdriver
 * would (sector range, segment lengths adding up, whole sectors) and by a
 * program's buffer.  Aligned transfers go straight through the program's
 * grant (no bounce copies, requests of at most the driver's size);
 * unaligned ones read the right window and write back exactly the bytes
 * asked (read-modify-write leaves the rest alone); the end of the device
 * gives 0, -ENOSPC and short transfers; errors part way give the bytes
 * done before; a read-only device refuses writes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/vfs/vfs.h"

#define SS 512
#define SECTORS 4096 /* a 2 MiB disk */
#define PROG_GRANT 77
#define PROG_EP 1234
#define MAX_BYTES (64 * 1024)

static uint8_t disk[SECTORS * SS];
static uint8_t prog[1 << 21]; /* the program's buffer, behind its grant */
static struct bdev dev;
static struct message msg;

/* What the simulated driver saw. */
static unsigned nreq, ndirect, nlocal, ncopy, max_batch;
static int64_t fail_after = -1; /* requests answered before every later one fails */
static uint64_t copy_limit;     /* the program's buffer ends here (copies past it fail) */

static uint8_t
pat(uint64_t off)
{
	return (uint8_t)(off * 7 + (off >> 9) * 3 + 1);
}

static int
setup(void **state)
{
	for (size_t i = 0; i < sizeof(disk); i++) {
		disk[i] = pat(i);
	}
	memset(prog, 0xee, sizeof(prog));
	memset(&dev, 0, sizeof(dev));
	dev.b_open = true;
	dev.b_writable = true;
	dev.b_geom = (struct blk_geometry){ .bg_sectors = SECTORS,
		.bg_sector_size = SS,
		.bg_max_segs = 1,
		.bg_max_bytes = MAX_BYTES };
	msg = (struct message){ .m_source = PROG_EP };
	msg.m_arg[1] = PROG_GRANT;
	nreq = ndirect = nlocal = ncopy = max_batch = 0;
	fail_after = -1;
	copy_limit = sizeof(prog);
	return 0;
}

/* One request as the driver answers it. */
static int64_t
serve(const struct bdev_io *io)
{
	uint64_t bytes = 0;

	if (fail_after >= 0 && nreq >= fail_after) {
		return -EIO;
	}
	nreq++;
	if (io->bi_op == BLK_FLUSH) {
		return 0;
	}
	assert_true(io->bi_op == BLK_READ || io->bi_op == BLK_WRITE);
	assert_int_equal(io->bi_nseg, 1);
	assert_true(io->bi_sector + io->bi_count <= SECTORS);
	for (uint32_t i = 0; i < io->bi_nseg; i++) {
		const struct bdev_seg *s = &io->bi_seg[i];
		uint8_t *at = disk + io->bi_sector * SS + bytes;
		uint8_t *mem;

		assert_true(s->bsg_len > 0 && s->bsg_len % SS == 0);
		if (s->bsg_addr != NULL) {
			mem = s->bsg_addr;
			nlocal++;
		} else {
			assert_int_equal(s->bsg_owner, PROG_EP);
			assert_int_equal(s->bsg_grant, PROG_GRANT);
			assert_true(s->bsg_off + s->bsg_len <= sizeof(prog));
			mem = prog + s->bsg_off;
			ndirect++;
		}
		if (io->bi_op == BLK_READ) {
			memcpy(mem, at, s->bsg_len);
		} else {
			memcpy(at, mem, s->bsg_len);
		}
		bytes += s->bsg_len;
	}
	assert_int_equal(bytes, io->bi_count * SS);
	assert_true(bytes <= MAX_BYTES);
	return (int64_t)bytes;
}

void
vfs_blk_run(struct bdev *b, struct vfs_blkreq *r, unsigned n)
{
	assert_ptr_equal(b, &dev);
	assert_true(n >= 1 && n <= VFS_BLK_NIO);
	if (n > max_batch) {
		max_batch = n;
	}
	for (unsigned i = 0; i < n; i++) {
		r[i].rq_result = serve(&r[i].rq_io);
	}
}

int
vfs_blk_copy(const struct message *m, uint64_t off, void *buf, size_t n, bool to)
{
	assert_ptr_equal(m, &msg);
	if (off + n > copy_limit) {
		return -ERANGE;
	}
	ncopy++;
	if (to) {
		memcpy(prog + off, buf, n);
	} else {
		memcpy(buf, prog + off, n);
	}
	return 0;
}

static int64_t
rd(uint64_t off, uint64_t len)
{
	return vfs_blk_transfer(&dev, &msg, true, off, len);
}

static int64_t
wr(uint64_t off, uint64_t len)
{
	return vfs_blk_transfer(&dev, &msg, false, off, len);
}

/* The program's buffer holds the disk's pattern at [off, off + len). */
static void
assert_read(uint64_t off, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++) {
		if (prog[i] != pat(off + i)) {
			fail_msg("byte %llu of a read at %llu is %u, want %u",
			    (unsigned long long)i, (unsigned long long)off, prog[i], pat(off + i));
		}
	}
}

static void
test_aligned_direct(void **state)
{
	assert_int_equal(rd(0, SS), SS);
	assert_read(0, SS);
	assert_int_equal(nlocal + ncopy, 0);
	/* 1 MiB: sixteen requests of 64 KiB, eight at a time. */
	nreq = 0;
	assert_int_equal(rd(SS * 100, 1 << 20), 1 << 20);
	assert_read(SS * 100, 1 << 20);
	assert_int_equal(nreq, 16);
	assert_int_equal(max_batch, VFS_BLK_NIO);
	assert_int_equal(nlocal + ncopy, 0);
	/* A write goes the same way. */
	for (int i = 0; i < 3 * SS; i++) {
		prog[i] = (uint8_t)(i ^ 0x55);
	}
	assert_int_equal(wr(SS * 7, 3 * SS), 3 * SS);
	for (int i = 0; i < 3 * SS; i++) {
		assert_int_equal(disk[SS * 7 + i], (uint8_t)(i ^ 0x55));
	}
	assert_int_equal(disk[SS * 7 - 1], pat(SS * 7 - 1));
	assert_int_equal(disk[SS * 10], pat(SS * 10));
	assert_int_equal(nlocal + ncopy, 0);
}

static void
test_unaligned_read(void **state)
{
	static const uint64_t cases[][2] = { { 1, 1 }, { 511, 2 }, { 1000, 100 }, { 513, 5000 },
		{ 3, 70000 }, { 65535, 65538 }, { 100, 200000 }, { SS * SECTORS - 3, 3 } };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(prog, 0xee, sizeof(prog));
		assert_int_equal(rd(cases[i][0], cases[i][1]), cases[i][1]);
		assert_read(cases[i][0], cases[i][1]);
		assert_int_equal(prog[cases[i][1]], 0xee); /* nothing past what was asked */
	}
	assert_int_equal(ndirect, 0);
}

/* An unaligned write changes exactly its bytes. */
static void
check_write(uint64_t off, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++) {
		prog[i] = (uint8_t)(i * 5 + 11);
	}
	assert_int_equal(wr(off, len), len);
	for (uint64_t i = 0; i < sizeof(disk); i++) {
		uint8_t want = i >= off && i < off + len ? (uint8_t)((i - off) * 5 + 11) : pat(i);

		if (disk[i] != want) {
			fail_msg("disk byte %llu after a write of %llu at %llu: %u, want %u",
			    (unsigned long long)i, (unsigned long long)len, (unsigned long long)off,
			    disk[i], want);
		}
	}
	for (uint64_t i = 0; i < sizeof(disk); i++) {
		disk[i] = pat(i);
	}
}

static void
test_unaligned_write(void **state)
{
	check_write(100, 300);
	check_write(511, 2);
	check_write(4000, 70001);
	check_write(0, 65536 + 1);      /* whole sectors, then a partial one */
	check_write(SS, 65536 * 2 + 7); /* several windows */
	check_write(SS * SECTORS - 700, 700);
	assert_int_equal(ndirect, 0);
}

static void
test_end(void **state)
{
	uint64_t size = (uint64_t)SS * SECTORS;
	unsigned asked;

	assert_int_equal(rd(size, SS), 0);
	assert_int_equal(rd(size + 4096, 10), 0);
	assert_int_equal(wr(size, SS), -ENOSPC);
	assert_int_equal(wr(size + 1, 1), -ENOSPC);
	assert_int_equal(nreq, 0); /* nothing asked of the driver past the end */
	assert_int_equal(rd(size - SS, 4 * SS), SS);
	assert_read(size - SS, SS);
	assert_int_equal(rd(size - 1000, 3000), 1000);
	assert_read(size - 1000, 1000);
	memcpy(prog, disk + size - SS, SS);
	assert_int_equal(wr(size - SS, 2 * SS), SS);
	memcpy(prog, disk + size - 10, 10);
	assert_int_equal(wr(size - 10, 20), 10);
	assert_int_equal(rd(size - SS, SS), SS);
	assert_read(size - SS, SS); /* the same bytes written back */
	asked = nreq;
	assert_int_equal(rd(0, 0), 0);
	assert_int_equal(wr(0, 0), 0);
	assert_int_equal(nreq, asked);
}

static void
test_errors(void **state)
{
	/* The third request fails: the first two's bytes count. */
	fail_after = 2;
	assert_int_equal(rd(0, 4 * MAX_BYTES), 2 * MAX_BYTES);
	fail_after = 0;
	assert_int_equal(rd(0, SS), -EIO);
	assert_int_equal(rd(3, 10), -EIO);
	assert_int_equal(wr(3, 10), -EIO); /* its read-modify-write's read failed */
	fail_after = -1;
	/* The program's buffer ends in the second bounce window: the
	 * first window's bytes count. */
	copy_limit = 70000;
	assert_int_equal(rd(3, 200000), VFS_BLK_BOUNCE - 3);
	copy_limit = 5;
	assert_int_equal(rd(3, 10), -ERANGE);
	assert_int_equal(wr(3, 10), -ERANGE);
	copy_limit = sizeof(prog);
	dev.b_writable = false;
	assert_int_equal(wr(0, SS), -EROFS);
	assert_int_equal(wr(5, 1), -EROFS);
	assert_int_equal(rd(0, SS), SS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_aligned_direct, setup),
		cmocka_unit_test_setup(test_unaligned_read, setup),
		cmocka_unit_test_setup(test_unaligned_write, setup),
		cmocka_unit_test_setup(test_end, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
