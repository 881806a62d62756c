/*
 * MBR and GPT partition tables (libblockdriver/partition.h).  Every
 * number comes from the disk, so every one is checked before it is used:
 * ranges against the disk's size and each other, the EBR chain against
 * its extended partition with a bounded walk, GPT's sizes against the
 * sector and its CRCs against the bytes.
 */
#include <libblockdriver/partition.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <xinim/errno.h>

#define MBR_SIG_OFF 510
#define MBR_TABLE_OFF 446
#define MBR_TYPE_GPT 0xee
#define GPT_ENTRIES_MAX 1024
#define EBR_CHAIN_MAX 64

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

uint32_t
partition_crc32(uint32_t crc, const void *p, size_t n)
{
	const uint8_t *b = p;

	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++) {
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
		}
	}
	return ~crc;
}

struct scan {
	uint32_t ss;      /* sector size */
	uint64_t sectors; /* of the disk */
	blk_part_read_fn read;
	void *ctx;
	struct blk_part *out;
	int max;
	int highest;
	const char *why;
	uint64_t ext_start, ext_len; /* the MBR's extended partition, if any */
	uint8_t buf[PART_MAX_SECTOR];
	uint8_t mbr[PART_MAX_SECTOR];
	uint8_t hdr[PART_MAX_SECTOR];
};

static int
fail(struct scan *s, const char *why, int err)
{
	s->why = why;
	return err;
}

static int
read_sector(struct scan *s, uint64_t lba, void *buf)
{
	if (lba >= s->sectors) {
		return fail(s, "a table sector past the end of the disk", -EINVAL);
	}
	return s->read(s->ctx, lba, buf, 1) == 0 ? 0 : fail(s, "reading the table failed", -EIO);
}

/* Records partition n (1-based) after checking it against the disk and
 * the partitions found so far. */
static int
add(struct scan *s, int n, uint64_t start, uint64_t count, uint8_t type, const uint8_t *guid)
{
	if (start == 0 || start >= s->sectors || count > s->sectors - start) {
		return fail(s, "a partition past the end of the disk", -EINVAL);
	}
	for (int i = 0; i < s->max; i++) {
		const struct blk_part *o = &s->out[i];

		if (o->bp_sectors != 0 && start < o->bp_start + o->bp_sectors &&
		    o->bp_start < start + count) {
			return fail(s, "overlapping partitions", -EINVAL);
		}
	}
	if (n <= 4 && s->ext_len != 0 && start < s->ext_start + s->ext_len &&
	    s->ext_start < start + count) {
		return fail(s, "a primary partition overlapping the extended one", -EINVAL);
	}
	if (n > s->max) {
		s->why = "more partitions than minors: the last left out";
		return 0;
	}
	s->out[n - 1].bp_start = start;
	s->out[n - 1].bp_sectors = count;
	s->out[n - 1].bp_mbr_type = type;
	if (guid != NULL) {
		memcpy(s->out[n - 1].bp_guid_type, guid, 16);
	}
	if (n > s->highest) {
		s->highest = n;
	}
	return 0;
}

static bool
is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* The logical partitions in the EBR chain of the extended partition at
 * [ext, ext + ext_len). */
static int
scan_ebr(struct scan *s, uint64_t ext, uint64_t ext_len)
{
	uint64_t ebr = ext;
	int n = 5;

	for (int hops = 0; hops < EBR_CHAIN_MAX; hops++) {
		const uint8_t *e0, *e1;
		uint64_t start, count, next;
		int err = read_sector(s, ebr, s->buf);

		if (err != 0) {
			return err;
		}
		if (s->buf[MBR_SIG_OFF] != 0x55 || s->buf[MBR_SIG_OFF + 1] != 0xaa) {
			return fail(s, "an EBR without its signature", -EINVAL);
		}
		e0 = s->buf + MBR_TABLE_OFF;
		e1 = e0 + 16;
		/* Entry 0: the logical partition, relative to this EBR. */
		start = le32(e0 + 8);
		count = le32(e0 + 12);
		if (e0[4] != 0 && count != 0) {
			if (ebr + start < ebr || start + count > ext + ext_len - ebr) {
				return fail(s, "a logical partition outside its extended partition",
				    -EINVAL);
			}
			err = add(s, n++, ebr + start, count, e0[4], NULL);
			if (err != 0) {
				return err;
			}
		}
		/* Entry 1: the next EBR, relative to the extended partition. */
		if (e1[4] == 0 || le32(e1 + 8) == 0) {
			return 0;
		}
		next = ext + le32(e1 + 8);
		if (next <= ebr || next >= ext + ext_len) {
			return fail(s,
			    "an EBR chain that goes back or leaves its extended partition",
			    -EINVAL);
		}
		ebr = next;
	}
	return fail(s, "an EBR chain too long", -EINVAL);
}

static int
scan_mbr(struct scan *s, const uint8_t *mbr)
{
	uint8_t table[64];
	int err;

	memcpy(table, mbr + MBR_TABLE_OFF, sizeof(table));
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = table + 16 * i;
		uint64_t start = le32(e + 8), count = le32(e + 12);

		if (e[4] == 0 || count == 0) {
			continue;
		}
		if (e[0] != 0 && e[0] != 0x80) {
			return fail(s, "an MBR entry with a bad boot flag", -EINVAL);
		}
		if (is_extended(e[4]) && s->ext_len != 0) {
			return fail(s, "two extended partitions", -EINVAL);
		}
		err = add(s, i + 1, start, count, e[4], NULL);
		if (err == 0 && is_extended(e[4])) {
			/* The extended partition itself is no minor's: it is
			 * kept aside, and the logicals lie in it. */
			if (i + 1 <= s->max) {
				memset(&s->out[i], 0, sizeof(s->out[i]));
			}
			s->ext_start = start;
			s->ext_len = count;
			err = scan_ebr(s, start, count);
		}
		if (err != 0) {
			return err;
		}
	}
	return s->highest;
}

static int
scan_gpt(struct scan *s)
{
	uint8_t *hdr = s->hdr;
	uint64_t first, last, entries_lba;
	uint32_t hsize, n, esize, crc, ents_crc = 0;
	uint64_t bytes, lba;
	int err = read_sector(s, 1, hdr);

	if (err != 0) {
		return err;
	}
	if (memcmp(hdr, "EFI PART", 8) != 0) {
		return fail(s, "a protective MBR without a GPT header", -EINVAL);
	}
	hsize = le32(hdr + 12);
	if (hsize < 92 || hsize > s->ss) {
		return fail(s, "a GPT header of an impossible size", -EINVAL);
	}
	crc = le32(hdr + 16);
	memset(hdr + 16, 0, 4);
	if (partition_crc32(0, hdr, hsize) != crc) {
		return fail(s, "a GPT header whose CRC does not match", -EINVAL);
	}
	first = le64(hdr + 40);
	last = le64(hdr + 48);
	entries_lba = le64(hdr + 72);
	n = le32(hdr + 80);
	esize = le32(hdr + 84);
	if (le64(hdr + 24) != 1 || first > last || last >= s->sectors || first < 2) {
		return fail(s, "a GPT header with impossible sector numbers", -EINVAL);
	}
	if (esize < 128 || esize > s->ss || esize % 8 != 0 || s->ss % esize != 0 ||
	    n > GPT_ENTRIES_MAX) {
		return fail(s, "a GPT entry array of an impossible shape", -EINVAL);
	}
	bytes = (uint64_t)n * esize;
	if (entries_lba < 2 || entries_lba >= s->sectors ||
	    (bytes + s->ss - 1) / s->ss > s->sectors - entries_lba) {
		return fail(s, "a GPT entry array past the end of the disk", -EINVAL);
	}
	/* The array, a sector at a time: the CRC runs over exactly n
	 * entries, and each used entry is recorded as it passes. */
	lba = entries_lba;
	for (uint32_t i = 0; i < n; lba++) {
		err = read_sector(s, lba, s->buf);
		if (err != 0) {
			return err;
		}
		for (uint32_t off = 0; off < s->ss && i < n; off += esize, i++) {
			static const uint8_t zero[16];
			const uint8_t *e = s->buf + off;
			uint64_t start = le64(e + 32), end = le64(e + 40);

			ents_crc = partition_crc32(ents_crc, e, esize);
			if (memcmp(e, zero, 16) == 0) {
				continue;
			}
			if (start > end || start < first || end > last) {
				return fail(s, "a GPT partition outside the usable sectors",
				    -EINVAL);
			}
			err = add(s, (int)i + 1, start, end - start + 1, MBR_TYPE_GPT, e);
			if (err != 0) {
				return err;
			}
		}
	}
	if (ents_crc != le32(hdr + 88)) {
		memset(s->out, 0, sizeof(*s->out) * (size_t)s->max);
		return fail(s, "a GPT entry array whose CRC does not match", -EINVAL);
	}
	return s->highest;
}

int
partition_scan(uint32_t sector_size, uint64_t sectors, blk_part_read_fn read, void *ctx,
    struct blk_part *out, int max, const char **why)
{
	static struct scan s; /* a driver is one thread: no stack for the buffers */
	uint8_t *mbr = s.mbr;
	int res;

	memset(&s, 0, sizeof(s));
	s.ss = sector_size;
	s.sectors = sectors;
	s.read = read;
	s.ctx = ctx;
	s.out = out;
	s.max = max < 0 ? 0 : max;
	memset(out, 0, sizeof(*out) * (size_t)s.max);
	*why = NULL;
	if (sector_size < 512 || sector_size > PART_MAX_SECTOR ||
	    (sector_size & (sector_size - 1)) != 0) {
		*why = "an impossible sector size";
		return -EINVAL;
	}
	if (sectors < 2) {
		return 0;
	}
	res = read_sector(&s, 0, mbr);
	if (res == 0 && (mbr[MBR_SIG_OFF] != 0x55 || mbr[MBR_SIG_OFF + 1] != 0xaa)) {
		return 0; /* no table */
	}
	if (res == 0) {
		bool gpt = false;

		for (int i = 0; i < 4; i++) {
			gpt |= mbr[MBR_TABLE_OFF + 16 * i + 4] == MBR_TYPE_GPT;
		}
		res = gpt ? scan_gpt(&s) : scan_mbr(&s, mbr);
	}
	if (res < 0) {
		memset(out, 0, sizeof(*out) * (size_t)s.max);
	}
	*why = s.why;
	return res;
}
