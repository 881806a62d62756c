/*
 * ahcitest: the AHCI driver through libbdev (boot with DISK=ahci and
 * `run=ahcitest`; tests/system/test_ahci.py makes the 32 MiB image with
 * two MBR partitions and checks on the host what was written).
 *   geometry  sda is 512-byte sectors, the image's size, with a write
 *             cache to flush and FUA (NCQ); sda1 and sda2 are the
 *             partitions' sizes; sdb and a fourth partition do not exist
 *   names     ds names blk/sda, blk/sda1 and blk/sda2 for the driver,
 *             and neither blk/sda3 nor blk/sdb
 *   rw        4 MiB of pattern written at sector 20480 as 64 requests in
 *             flight at once (half of them in two segments), flushed,
 *             read back as 128 requests and compared
 *   fua       a write with FUA comes back and reads back
 *   parts     sda1's first 8 KiB written through the partition's minor
 *             land at sector 2048 of sda
 *   bad       a read past the end is refused with -ERANGE and a write on
 *             a read-only open with -EROFS; the driver serves on
 *   access    a read into memory granted read-only and a write from memory
 *             granted write-only are refused with -EACCES (access.c)
 *   crash     8 MiB written at sector 28672 while the driver is crashed
 *             (rs fault), then read back while it is crashed again: every
 *             request completes with the right bytes, and rs counted two
 *             crashes
 *   hang      the same with the driver hung twice (found by its missing
 *             heartbeats)
 *   restarts  five more crashes, each followed by a read through the new
 *             instance: free memory and kernel heap are what they were
 *             (the kernel reclaims a dead instance's DMA, pins and MSI),
 *             and blk/sda... name the last instance
 *   bench     RESULT lines: 1 MiB sequential reads, 4 KiB random reads
 *             at queue depth 1 and 32
 *   eio       (only as `ahcitest eio`, on a disk whose sector 61440
 *             always fails) -EIO after the driver's tries; it serves on
 *   two       (`ahcitest two`, disks on ports 0 and 3) 4 MiB on sda and
 *             on sdb in flight together, read back from both
 *   noncq     (`ahcitest noncq`, with the driver's ncq=off) rw, fua, parts
 *             and crash again, on the DMA EXT path
 * Usage: ahcitest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.
 */
#include <libbdev/bdev.h>
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/rs.h>
#include "ahcitest.h"

#define IMG_SECTORS 65536u /* the system test's 32 MiB image */
#define PART1_START 2048u
#define PART_SECTORS 8192u
#define RESTARTS 5
#define EIO_SECTOR 61440u /* the eio test's bad sector */

static uint8_t *buf_a, *buf_b;

static const char *
t_geometry(void)
{
	struct bdev b;
	struct blk_geometry geo, *g = &geo;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	geo = b.b_geom;
	bdev_close(&b);
	if (g->bg_sector_size != 512 || g->bg_sectors != IMG_SECTORS) {
		return testrun_why("sda: %lu sectors of %u bytes", (unsigned long)g->bg_sectors,
		    g->bg_sector_size);
	}
	if ((g->bg_features & (BLK_FEAT_FLUSH | BLK_FEAT_FUA)) != (BLK_FEAT_FLUSH | BLK_FEAT_FUA) ||
	    (g->bg_features & BLK_FEAT_RO) != 0) {
		return testrun_why("sda: features 0x%x", g->bg_features);
	}
	for (uint32_t p = 1; p <= 2; p++) {
		err = disk_open(&b, BLK_MINOR(0, p), false);
		if (err != 0) {
			return testrun_why("opening sda%u: %d", p, err);
		}
		geo = b.b_geom;
		bdev_close(&b);
		if (g->bg_sectors != PART_SECTORS) {
			return testrun_why("sda%u: %lu sectors", p, (unsigned long)g->bg_sectors);
		}
	}
	err = disk_open(&b, BLK_MINOR(0, 4), false);
	if (err != -ENXIO) {
		return testrun_why("opening sda4: %d, not -ENXIO", err);
	}
	err = disk_open(&b, BLK_MINOR(1, 0), false);
	if (err != -ENXIO) {
		return testrun_why("opening sdb: %d, not -ENXIO", err);
	}
	return NULL;
}

static const char *
t_names(void)
{
	static const char *const there[] = { "blk/sda", "blk/sda1", "blk/sda2" };
	static const char *const absent[] = { "blk/sda3", "blk/sdb" };
	struct rs_svc_status st;

	if (rs_status(AHCI_SERVICE, &st) != 0) {
		return "no status for ahci";
	}
	for (unsigned i = 0; i < sizeof(there) / sizeof(there[0]); i++) {
		endpoint_t ep = ds_lookup(there[i]);

		if (ep != st.ep) {
			return testrun_why("ds: %s is %d, not ahci's %d", there[i], ep, st.ep);
		}
	}
	for (unsigned i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		if (ds_lookup(absent[i]) != -ENOENT) {
			return testrun_why("ds has %s", absent[i]);
		}
	}
	return NULL;
}

static const char *
t_rw(void)
{
	struct bdev b;
	int64_t bad;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 0), true);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	pattern_fill(buf_a, T_RW_BYTES, (uint64_t)T_RW_SECTOR * 512, 1);
	err = disk_many(&b, BLK_WRITE, T_RW_SECTOR, buf_a, T_RW_BYTES, 64 << 10, true, 0);
	if (err == 0) {
		err = bdev_flush(&b);
	}
	if (err != 0) {
		bdev_close(&b);
		return testrun_why("writing: %d", err);
	}
	memset(buf_b, 0xee, T_RW_BYTES);
	err = disk_many(&b, BLK_READ, T_RW_SECTOR, buf_b, T_RW_BYTES, 32 << 10, false, 0);
	bdev_close(&b);
	if (err != 0) {
		return testrun_why("reading: %d", err);
	}
	bad = pattern_check(buf_b, T_RW_BYTES, (uint64_t)T_RW_SECTOR * 512, 1);
	if (bad >= 0) {
		return testrun_why("the bytes read back differ at offset %ld", (long)bad);
	}
	printf("ahcitest: 4 MiB written (64 requests in flight) and read back (128)\n");
	return NULL;
}

static const char *
t_fua(void)
{
	struct bdev b;
	uint64_t sector = T_RW_SECTOR + T_RW_BYTES / 512 - 8;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 0), true);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	pattern_fill(buf_a, 4096, sector * 512, 1);
	err = disk_many(&b, BLK_WRITE, sector, buf_a, 4096, 4096, false, BLK_FL_FUA);
	if (err == 0) {
		memset(buf_b, 0, 4096);
		err = disk_many(&b, BLK_READ, sector, buf_b, 4096, 4096, false, 0);
	}
	bdev_close(&b);
	if (err != 0) {
		return testrun_why("FUA write or its read: %d", err);
	}
	if (pattern_check(buf_b, 4096, sector * 512, 1) >= 0) {
		return "the FUA write did not read back";
	}
	return NULL;
}

static const char *
t_parts(void)
{
	struct bdev b;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 1), true);
	if (err != 0) {
		return testrun_why("opening sda1: %d", err);
	}
	pattern_fill(buf_a, T_PART_BYTES, (uint64_t)PART1_START * 512, T_PART_SEED);
	err = disk_many(&b, BLK_WRITE, 0, buf_a, T_PART_BYTES, 4096, false, 0);
	if (err == 0) {
		err = bdev_flush(&b);
	}
	bdev_close(&b);
	if (err != 0) {
		return testrun_why("writing sda1: %d", err);
	}
	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	err = disk_many(&b, BLK_READ, PART1_START, buf_b, T_PART_BYTES, T_PART_BYTES, false, 0);
	bdev_close(&b);
	if (err != 0) {
		return testrun_why("reading sda: %d", err);
	}
	if (pattern_check(buf_b, T_PART_BYTES, (uint64_t)PART1_START * 512, T_PART_SEED) >= 0) {
		return "sda1's sector 0 is not sda's sector 2048";
	}
	return NULL;
}

static const char *
t_bad(void)
{
	struct rs_svc_status a, z;
	struct bdev b;
	int err;

	if (rs_status(AHCI_SERVICE, &a) != 0) {
		return "no status for ahci";
	}
	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	err = disk_many(&b, BLK_READ, IMG_SECTORS - 4, buf_a, 4096, 4096, false, 0);
	if (err != -ERANGE) {
		bdev_close(&b);
		return testrun_why("a read past the end: %d, not -ERANGE", err);
	}
	err = disk_many(&b, BLK_WRITE, 0, buf_a, 4096, 4096, false, 0);
	if (err != -EROFS) {
		bdev_close(&b);
		return testrun_why("a write on a read-only open: %d, not -EROFS", err);
	}
	err = disk_many(&b, BLK_READ, 0, buf_a, 4096, 4096, false, 0);
	bdev_close(&b);
	if (err != 0) {
		return testrun_why("a good read after the bad ones: %d", err);
	}
	if (rs_status(AHCI_SERVICE, &z) != 0 || z.ep != a.ep || z.crashes != a.crashes) {
		return "the driver did not survive bad requests";
	}
	return NULL;
}

/* The crash region moved with op while the driver is crashed: the
 * requests are on the ring (and the driver has taken some) when rs is
 * asked for the fault. */
static const char *
fault_transfer(struct bdev *b, uint32_t op, uint8_t *buf, unsigned kind)
{
	struct rs_svc_status before, after;
	struct disk_batch bt;
	int err;

	if (rs_status(AHCI_SERVICE, &before) != 0) {
		return "no status for ahci";
	}
	err = disk_start(b, &bt, op, T_CRASH_SECTOR, buf, T_CRASH_BYTES, 64 << 10, op == BLK_WRITE,
	    0);
	if (err != 0) {
		return testrun_why("submitting: %d", err);
	}
	bdev_poll(b);
	if (rs_fault(AHCI_SERVICE, kind) != 0) {
		disk_finish(b, &bt);
		return "rs_fault failed";
	}
	err = disk_finish(b, &bt);
	if (err != 0) {
		return testrun_why("op 0x%x across the crash: %d", op, err);
	}
	if (rs_wait_state(AHCI_SERVICE, RS_RUNNING, ENDPOINT_ANY, 10000, &after) != 0 ||
	    after.crashes != before.crashes + 1 || after.ep == before.ep) {
		return testrun_why("ahci: crashes %u -> %u, ep %d -> %d", before.crashes,
		    after.crashes, before.ep, after.ep);
	}
	return NULL;
}

static const char *
t_crash(void)
{
	struct bdev b;
	const char *why;
	uint64_t resent;
	int64_t bad;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 0), true);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	pattern_fill(buf_a, T_CRASH_BYTES, (uint64_t)T_CRASH_SECTOR * 512, 2);
	why = fault_transfer(&b, BLK_WRITE, buf_a, RS_FAULT_CRASH);
	if (why == NULL && bdev_flush(&b) != 0) {
		why = "the flush after the crash failed";
	}
	if (why == NULL) {
		memset(buf_b, 0xee, T_CRASH_BYTES);
		why = fault_transfer(&b, BLK_READ, buf_b, RS_FAULT_CRASH);
	}
	resent = b.b_resent;
	printf("ahcitest: crash: %lu rebinds, %lu requests resent\n", (unsigned long)b.b_rebinds,
	    (unsigned long)resent);
	bdev_close(&b);
	if (why != NULL) {
		return why;
	}
	bad = pattern_check(buf_b, T_CRASH_BYTES, (uint64_t)T_CRASH_SECTOR * 512, 2);
	if (bad >= 0) {
		return testrun_why("the bytes read back differ at offset %ld", (long)bad);
	}
	printf("ahcitest: 8 MiB written and read back across two driver crashes\n");
	return NULL;
}

/* The crash test's transfers with the driver hung instead: rs finds it
 * by its missing heartbeats, kills it and starts another. */
static const char *
t_hang(void)
{
	struct bdev b;
	const char *why;
	int err;

	err = disk_open(&b, BLK_MINOR(0, 0), true);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	pattern_fill(buf_a, T_CRASH_BYTES, (uint64_t)T_CRASH_SECTOR * 512, 2);
	why = fault_transfer(&b, BLK_WRITE, buf_a, RS_FAULT_HANG);
	if (why == NULL) {
		memset(buf_b, 0xee, T_CRASH_BYTES);
		why = fault_transfer(&b, BLK_READ, buf_b, RS_FAULT_HANG);
	}
	bdev_close(&b);
	if (why != NULL) {
		return why;
	}
	if (pattern_check(buf_b, T_CRASH_BYTES, (uint64_t)T_CRASH_SECTOR * 512, 2) >= 0) {
		return "the bytes read back differ";
	}
	printf("ahcitest: 8 MiB written and read back across two driver hangs\n");
	return NULL;
}

/* One crash of the driver, then a read through the new instance. */
static const char *
crash_once(void)
{
	struct rs_svc_status before, after;
	struct bdev b;
	int err;

	if (rs_status(AHCI_SERVICE, &before) != 0 || rs_fault(AHCI_SERVICE, RS_FAULT_CRASH) != 0) {
		return "no status or no fault for ahci";
	}
	if (rs_wait_state(AHCI_SERVICE, RS_RUNNING, before.ep, 10000, &after) != 0) {
		return "ahci did not come back";
	}
	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err == 0) {
		err = disk_many(&b, BLK_READ, T_RW_SECTOR, buf_b, 64 << 10, 64 << 10, false, 0);
		bdev_close(&b);
	}
	return err != 0 ? testrun_why("a read after the restart: %d", err) : NULL;
}

static const char *
t_restarts(void)
{
	struct sysinfo before, after;
	const char *why;

	/* The first cycle sets up what stays (heap slabs, rs's records). */
	why = crash_once();
	if (why != NULL) {
		return why;
	}
	testrun_settled_memory(&before);
	for (int i = 0; i < RESTARTS && why == NULL; i++) {
		why = crash_once();
	}
	if (why != NULL) {
		return why;
	}
	testrun_settled_memory(&after);
	printf("ahcitest: %d restarts: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n",
	    RESTARTS, (unsigned long)sysinfo_free_frames(&before),
	    (unsigned long)sysinfo_free_frames(&after), (unsigned long)before.si_heap_used,
	    (unsigned long)after.si_heap_used);
	/* Less may be in use afterwards (what the warm-up cycle left was
	 * freed meanwhile), never more. */
	if (sysinfo_free_frames(&after) < sysinfo_free_frames(&before) ||
	    after.si_heap_used > before.si_heap_used) {
		return "a dead instance's memory (DMA, pins, IRQ hooks) was not given back";
	}
	/* The last instance has taken the dead ones' names in ds. */
	return t_names();
}

/* Only on a disk whose sector EIO_SECTOR always fails (QEMU's blkdebug,
 * tests/system/test_ahci.py): -EIO after the driver's tries, and the
 * driver still serves. */
static const char *
t_eio(void)
{
	struct bdev b;
	int err, good;

	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	err = disk_many(&b, BLK_READ, EIO_SECTOR, buf_a, 4096, 4096, false, 0);
	good = disk_many(&b, BLK_READ, 0, buf_a, 4096, 4096, false, 0);
	bdev_close(&b);
	if (err != -EIO) {
		return testrun_why("a read of the bad sector: %d, not -EIO", err);
	}
	return good != 0 ? testrun_why("a good read after it: %d", good) : NULL;
}

/* Two disks (sda on port 0, sdb on port 3: test_ahci.py's two-disk
 * boot): 4 MiB on each in flight together, sharing the driver's pins,
 * then read back from both. */
static const char *
t_two(void)
{
	struct bdev d[2];
	struct disk_batch bt[2];
	uint8_t *buf[2] = { buf_a, buf_b };
	int err = 0;

	for (int i = 0; i < 2; i++) {
		err = disk_open(&d[i], BLK_MINOR(i, 0), true);
		if (err != 0) {
			if (i == 1) {
				bdev_close(&d[0]);
			}
			return testrun_why("opening sd%c: %d", 'a' + i, err);
		}
		pattern_fill(buf[i], T_RW_BYTES, (uint64_t)T_RW_SECTOR * 512, 10 + (uint64_t)i);
	}
	for (int pass = 0; pass < 2 && err == 0; pass++) {
		uint32_t op = pass == 0 ? BLK_WRITE : BLK_READ;

		if (pass == 1) {
			memset(buf_a, 0, T_RW_BYTES);
			memset(buf_b, 0, T_RW_BYTES);
		}
		for (int i = 0; i < 2; i++) {
			disk_start(&d[i], &bt[i], op, T_RW_SECTOR, buf[i], T_RW_BYTES, 64 << 10,
			    false, 0);
		}
		for (int i = 0; i < 2; i++) {
			int e = disk_finish(&d[i], &bt[i]);

			err = err != 0 ? err : e;
		}
	}
	bdev_close(&d[0]);
	bdev_close(&d[1]);
	if (err != 0) {
		return testrun_why("a transfer failed: %d", err);
	}
	for (int i = 0; i < 2; i++) {
		if (pattern_check(buf[i], T_RW_BYTES, (uint64_t)T_RW_SECTOR * 512,
		        10 + (uint64_t)i) >= 0) {
			return testrun_why("sd%c read back wrong bytes", 'a' + i);
		}
	}
	return NULL;
}

static const struct testrun_case two_tests[] = {
	{ "two", t_two },
};

static const struct testrun_case eio_tests[] = {
	{ "eio", t_eio },
};

/* With the driver's ncq=off (etc/services-ahci-noncq.conf). */
static const struct testrun_case noncq_tests[] = {
	{ "rw", t_rw },
	{ "fua", t_fua },
	{ "parts", t_parts },
	{ "crash", t_crash },
};

static const struct testrun_case tests[] = {
	{ "geometry", t_geometry },
	{ "names", t_names },
	{ "rw", t_rw },
	{ "fua", t_fua },
	{ "parts", t_parts },
	{ "bad", t_bad },
	{ "access", access_run },
	{ "crash", t_crash },
	{ "hang", t_hang },
	{ "restarts", t_restarts },
	{ "bench", bench_run },
};

int
main(int argc, char **argv)
{
	struct rs_svc_status st;

	buf_a = malloc(T_CRASH_BYTES);
	buf_b = malloc(T_CRASH_BYTES);
	if (buf_a == NULL || buf_b == NULL) {
		printf("ahcitest: no memory for the buffers\n");
		return 1;
	}
	disk_buf[0] = buf_a;
	disk_buf[1] = buf_b;
	disk_buf_len = T_CRASH_BYTES;
	if (rs_wait_state(AHCI_SERVICE, RS_RUNNING, ENDPOINT_ANY, 10000, &st) != 0) {
		printf("ahcitest: ahci is not RUNNING\n");
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "eio") == 0) {
		return testrun_table("ahcitest", eio_tests, 1, NULL);
	}
	if (argc > 1 && strcmp(argv[1], "two") == 0) {
		return testrun_table("ahcitest", two_tests, 1, NULL);
	}
	if (argc > 1 && strcmp(argv[1], "noncq") == 0) {
		return testrun_table("ahcitest", noncq_tests,
		    sizeof(noncq_tests) / sizeof(noncq_tests[0]), NULL);
	}
	return testrun_table("ahcitest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
