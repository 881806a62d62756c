/* unit-sources: lib/libblockdriver/partition.c */
/*
 * MBR and GPT partition tables on disks built in memory: primaries by
 * slot, logicals in an EBR chain, GPT entries by index, on 512- and
 * 4096-byte sectors; and bad tables (past the end, overlapping, a bad
 * boot flag, an EBR chain that loops or leaves its extended partition,
 * GPT header and array CRCs that do not match, entries outside the
 * usable sectors, absurd entry counts, a read that fails), each refused
 * with a reason and no partition reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <libblockdriver/partition.h>

#define MAXP 15

struct disk {
	uint32_t ss;
	uint64_t sectors;
	uint8_t *bytes;
	int64_t fail_lba; /* a read of it fails; -1: none */
};

static struct disk d;
static struct blk_part parts[MAXP];

static int
disk_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct disk *k = ctx;

	assert_ptr_equal(k, &d);
	assert_true(lba + count <= k->sectors); /* the parser never reads past the end */
	if ((int64_t)lba == k->fail_lba) {
		return -EIO;
	}
	memcpy(buf, k->bytes + lba * k->ss, (size_t)count * k->ss);
	return 0;
}

static void
disk_new(uint32_t ss, uint64_t sectors)
{
	free(d.bytes);
	d.ss = ss;
	d.sectors = sectors;
	d.bytes = calloc(sectors, ss);
	d.fail_lba = -1;
	assert_non_null(d.bytes);
}

static int
disk_free(void **state)
{
	free(d.bytes);
	d.bytes = NULL;
	return 0;
}

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* An MBR-style table entry in the sector at lba. */
static void
mbr_entry(uint64_t lba, int slot, uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *s = d.bytes + lba * d.ss;
	uint8_t *e = s + 446 + 16 * slot;

	e[0] = 0;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, count);
	s[510] = 0x55;
	s[511] = 0xaa;
}

static int
scan(const char **why)
{
	return partition_scan(d.ss, d.sectors, disk_read, &d, parts, MAXP, why);
}

static void
assert_refused(int err)
{
	const char *why;

	assert_int_equal(scan(&why), err);
	assert_non_null(why);
	for (int i = 0; i < MAXP; i++) {
		assert_int_equal(parts[i].bp_sectors, 0);
	}
}

static void
test_crc32(void **state)
{
	assert_int_equal(partition_crc32(0, "123456789", 9), 0xcbf43926u);
	/* In pieces. */
	assert_int_equal(partition_crc32(partition_crc32(0, "1234", 4), "56789", 5), 0xcbf43926u);
	assert_int_equal(partition_crc32(0, "", 0), 0);
}

static void
test_no_table(void **state)
{
	const char *why;

	disk_new(512, 1000);
	assert_int_equal(scan(&why), 0);
	assert_null(why);
	assert_int_equal(partition_scan(500, 1000, disk_read, &d, parts, MAXP, &why), -EINVAL);
	/* The signature alone: a table with nothing in it. */
	d.bytes[510] = 0x55;
	d.bytes[511] = 0xaa;
	assert_int_equal(scan(&why), 0);
}

static void
test_mbr_primaries(void **state)
{
	const char *why;

	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 2048, 1000);
	mbr_entry(0, 2, 0x0c, 4000, 6000); /* to the last sector exactly */
	assert_int_equal(scan(&why), 3);
	assert_int_equal(parts[0].bp_start, 2048);
	assert_int_equal(parts[0].bp_sectors, 1000);
	assert_int_equal(parts[0].bp_mbr_type, 0x83);
	assert_int_equal(parts[1].bp_sectors, 0); /* slot 2 is empty: a gap */
	assert_int_equal(parts[2].bp_start, 4000);
	assert_int_equal(parts[2].bp_mbr_type, 0x0c);
}

static void
test_mbr_bad(void **state)
{
	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 2048, 8000); /* one sector too many */
	assert_refused(-EINVAL);

	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 0xffffff00u, 0x1000); /* far past the end */
	assert_refused(-EINVAL);

	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 2048, 1000);
	mbr_entry(0, 1, 0x83, 3000, 1000); /* overlaps the first */
	assert_refused(-EINVAL);

	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 0, 100); /* over the MBR itself */
	assert_refused(-EINVAL);

	disk_new(512, 10000);
	mbr_entry(0, 0, 0x83, 2048, 100);
	d.bytes[446] = 0x12; /* boot flag neither 0 nor 0x80 */
	assert_refused(-EINVAL);
}

static void
test_mbr_logicals(void **state)
{
	const char *why;

	disk_new(512, 100000);
	mbr_entry(0, 0, 0x83, 2048, 1000);
	mbr_entry(0, 1, 0x05, 10000, 50000);
	/* EBR 1 at 10000: a logical at +63, the next EBR at ext + 20000. */
	mbr_entry(10000, 0, 0x83, 63, 5000);
	mbr_entry(10000, 1, 0x05, 20000, 10000);
	/* EBR 2 at 30000: a logical at +100, end of chain. */
	mbr_entry(30000, 0, 0x82, 100, 2000);
	assert_int_equal(scan(&why), 6);
	assert_int_equal(parts[0].bp_start, 2048);
	assert_int_equal(parts[1].bp_sectors, 0); /* the extended partition is no minor */
	assert_int_equal(parts[4].bp_start, 10063);
	assert_int_equal(parts[4].bp_sectors, 5000);
	assert_int_equal(parts[5].bp_start, 30100);
	assert_int_equal(parts[5].bp_mbr_type, 0x82);

	/* A chain that points back at itself. */
	mbr_entry(30000, 1, 0x05, 20000, 10);
	assert_refused(-EINVAL);
	/* A chain that leaves the extended partition. */
	mbr_entry(30000, 1, 0x05, 60000, 10);
	assert_refused(-EINVAL);
	/* A logical past its extended partition. */
	mbr_entry(30000, 1, 0, 0, 0);
	mbr_entry(30000, 0, 0x83, 100, 30000);
	assert_refused(-EINVAL);
	/* An EBR without its signature. */
	mbr_entry(30000, 0, 0x83, 100, 2000);
	d.bytes[30000 * 512 + 511] = 0;
	assert_refused(-EINVAL);
}

/* A GPT with the given entries (index, first, last; first 0: end) on
 * the disk, entries at LBA 2, CRCs right. */
static void
gpt_build(uint32_t nentries, const uint64_t (*ents)[3])
{
	uint8_t *hdr = d.bytes + d.ss;
	uint8_t *arr = d.bytes + 2 * d.ss;
	uint64_t array_sectors = ((uint64_t)nentries * 128 + d.ss - 1) / d.ss;

	mbr_entry(0, 0, 0xee, 1, (uint32_t)(d.sectors - 1));
	memset(hdr, 0, d.ss);
	memcpy(hdr, "EFI PART", 8);
	put32(hdr + 8, 0x00010000);
	put32(hdr + 12, 92);
	put64(hdr + 24, 1);
	put64(hdr + 32, d.sectors - 1);
	put64(hdr + 40, 2 + array_sectors);
	put64(hdr + 48, d.sectors - 2 - array_sectors);
	put64(hdr + 72, 2);
	put32(hdr + 80, nentries);
	put32(hdr + 84, 128);
	for (int i = 0; ents[i][1] != 0; i++) {
		uint8_t *e = arr + 128 * ents[i][0];

		memset(e, 0xa0 + i, 16); /* type GUID */
		memset(e + 16, 0x11, 16);
		put64(e + 32, ents[i][1]);
		put64(e + 40, ents[i][2]);
	}
	put32(hdr + 88, partition_crc32(0, arr, (size_t)nentries * 128));
	put32(hdr + 16, 0);
	put32(hdr + 16, partition_crc32(0, hdr, 92));
}

/* Recomputes the header CRC after a change to it. */
static void
gpt_fix_header(void)
{
	uint8_t *hdr = d.bytes + d.ss;

	put32(hdr + 16, 0);
	put32(hdr + 16, partition_crc32(0, hdr, 92));
}

static const uint64_t gpt_three[][3] = {
	{ 0, 2048, 4095 },
	{ 1, 4096, 8191 },
	{ 3, 10000, 20000 },
	{ 0, 0, 0 },
};

static void
test_gpt(void **state)
{
	const char *why;

	disk_new(512, 40000);
	gpt_build(128, gpt_three);
	assert_int_equal(scan(&why), 4);
	assert_null(why);
	assert_int_equal(parts[0].bp_start, 2048);
	assert_int_equal(parts[0].bp_sectors, 2048);
	assert_int_equal(parts[0].bp_mbr_type, 0xee);
	assert_int_equal(parts[0].bp_guid_type[0], 0xa0);
	assert_int_equal(parts[1].bp_start, 4096);
	assert_int_equal(parts[2].bp_sectors, 0); /* entry 2 unused */
	assert_int_equal(parts[3].bp_start, 10000);
	assert_int_equal(parts[3].bp_sectors, 10001);
	assert_int_equal(parts[3].bp_guid_type[15], 0xa2);

	/* 4 KiB sectors: 32 entries per sector. */
	disk_new(4096, 5000);
	{
		static const uint64_t big[][3] = { { 0, 100, 199 }, { 40, 200, 4000 },
			{ 0, 0, 0 } };

		gpt_build(128, big);
	}
	assert_int_equal(scan(&why), 41 > MAXP ? 1 : 41);
	assert_non_null(why); /* entry 41 has no minor */
	assert_int_equal(parts[0].bp_start, 100);
}

static void
test_gpt_bad(void **state)
{
	static const uint64_t outside[][3] = { { 0, 2048, 39999 }, { 0, 0, 0 } };
	static const uint64_t overlap[][3] = { { 0, 2048, 5000 }, { 1, 5000, 6000 }, { 0, 0, 0 } };
	static const uint64_t reversed[][3] = { { 0, 5000, 4000 }, { 0, 0, 0 } };

	disk_new(512, 40000);
	gpt_build(128, gpt_three);
	d.bytes[512 + 40] ^= 1; /* header changed, CRC not */
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	d.bytes[2 * 512 + 128 * 3 + 33] ^= 1; /* an entry changed, array CRC not */
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	memcpy(d.bytes + 512, "EFI PARX", 8);
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	put32(d.bytes + 512 + 12, 600); /* header bigger than a sector */
	gpt_fix_header();
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	put32(d.bytes + 512 + 80, 0x10000000); /* absurd entry count */
	gpt_fix_header();
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	put32(d.bytes + 512 + 84, 100); /* entry size not a multiple of 8 */
	gpt_fix_header();
	assert_refused(-EINVAL);

	gpt_build(128, gpt_three);
	put64(d.bytes + 512 + 72, 39990); /* array past the end */
	gpt_fix_header();
	assert_refused(-EINVAL);

	gpt_build(128, outside); /* past last usable */
	assert_refused(-EINVAL);
	disk_new(512, 40000);
	gpt_build(128, overlap);
	assert_refused(-EINVAL);
	disk_new(512, 40000);
	gpt_build(128, reversed);
	assert_refused(-EINVAL);

	/* A read that fails. */
	disk_new(512, 40000);
	gpt_build(128, gpt_three);
	d.fail_lba = 3;
	assert_refused(-EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test_teardown(test_no_table, disk_free),
		cmocka_unit_test_teardown(test_mbr_primaries, disk_free),
		cmocka_unit_test_teardown(test_mbr_bad, disk_free),
		cmocka_unit_test_teardown(test_mbr_logicals, disk_free),
		cmocka_unit_test_teardown(test_gpt, disk_free),
		cmocka_unit_test_teardown(test_gpt_bad, disk_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
