/*
 * Partition tables: MBR (four primary entries, logical partitions in an
 * extended partition's chain of EBRs) and GPT (behind a protective MBR,
 * header and entry array checked by their CRC32s).  Pure: the caller
 * reads sectors through a callback, so the host unit tests feed it
 * images in memory and a driver feeds it its device.
 *
 * Numbering follows Linux, so /dev/vda1 names the same partition for
 * XINIM and the host: MBR primaries are 1-4 by their slot (an empty slot
 * leaves a gap), logicals 5 on in chain order; GPT entries are numbered
 * by their index in the array, 1 first.  Only numbers below max + 1 are
 * reported (the minors a device has).
 *
 * A table that is malformed (a partition past the end of the disk or
 * overlapping another, a GPT with a bad CRC, a bad header, an EBR chain
 * that loops or leaves its extended partition) is refused as a whole:
 * the device is then used without partitions, and *why says what is
 * wrong.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

/* One partition; bp_sectors 0: the number is unused. */
struct blk_part {
	uint64_t bp_start; /* first sector */
	uint64_t bp_sectors;
	uint8_t bp_mbr_type; /* MBR: the type byte; GPT: 0xee */
	uint8_t bp_pad[7];
	uint8_t bp_guid_type[16]; /* GPT: the type GUID as stored; MBR: zeros */
};

/* Reads count sectors from lba into buf: 0 or -E*. */
typedef int (*blk_part_read_fn)(void *ctx, uint64_t lba, void *buf, uint32_t count);

#define PART_MAX_SECTOR 4096

/* Fills out[0 .. max-1] (partition n in out[n - 1]) from the table of a
 * device of sectors sectors of sector_size bytes (512 .. PART_MAX_SECTOR).
 * Returns the highest partition number found (0: no partition table or
 * an empty one), or -EINVAL for a malformed table, -EIO when a read
 * failed; *why says what (also, with a result >= 0, that partitions
 * were left out). */
int partition_scan(uint32_t sector_size, uint64_t sectors, blk_part_read_fn read, void *ctx,
    struct blk_part *out, int max, const char **why);

/* The CRC32 of GPT (IEEE 802.3, reflected, as zlib's crc32()): start
 * with crc 0; pieces chain (the CRC of a then b is
 * partition_crc32(partition_crc32(0, a), b)). */
uint32_t partition_crc32(uint32_t crc, const void *p, size_t n);
