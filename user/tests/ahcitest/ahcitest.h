/*
 * ahcitest's shared pieces: the disk it opens through libbdev, the
 * pattern it writes (the host computes the same bytes to check the
 * image: tests/system/test_ahci.py), and many requests in flight.
 */
#pragma once
#include <libbdev/bdev.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AHCI_SERVICE "ahci"

/* Where the tests write on sda (512-byte sectors; the image the system
 * test makes is 32 MiB with two MBR partitions in its first 9 MiB). */
#define T_RW_SECTOR 20480u /* 10 MiB: 4 MiB with seed 1 */
#define T_RW_BYTES (4u << 20)
#define T_CRASH_SECTOR 28672u /* 14 MiB: 8 MiB with seed 2 */
#define T_CRASH_BYTES (8u << 20)
#define T_PART_SEED 3u /* sda1's first 8 KiB */
#define T_PART_BYTES 8192u

/* The pattern: the 64-bit word at byte offset off of the disk. */
static inline uint64_t
pattern_word(uint64_t off, uint64_t seed)
{
	return (off >> 3) * 0x9e3779b97f4a7c15ull + seed;
}

void pattern_fill(void *buf, size_t len, uint64_t disk_off, uint64_t seed);
/* The offset within buf of the first word that differs, or -1. */
int64_t pattern_check(const void *buf, size_t len, uint64_t disk_off, uint64_t seed);

/* The two transfer buffers, registered with every open (bdev_region). */
extern void *disk_buf[2];
extern size_t disk_buf_len;

/* Opens minor of the AHCI major: 0 or an error. */
int disk_open(struct bdev *b, uint32_t minor, bool writable);

/* Requests submitted together and waited for together. */
struct disk_batch {
	struct bdev_io *bt_ios;
	size_t bt_n;
	int bt_left;    /* not answered yet */
	int64_t bt_err; /* the first failure */
};

/* Submits the requests of a disk_many() and returns at once: 0 or
 * -ENOMEM.  disk_finish() waits for them: 0 or the first error. */
int disk_start(struct bdev *b, struct disk_batch *bt, uint32_t op, uint64_t sector, void *buf,
    size_t len, size_t chunk, bool split, uint32_t flags);
int disk_finish(struct bdev *b, struct disk_batch *bt);

/* Moves len bytes between buf and sector on, in requests of chunk bytes
 * (halves of each in two segments when split), all submitted before
 * any is waited for.  0, or the first request's error. */
int disk_many(struct bdev *b, uint32_t op, uint64_t sector, void *buf, size_t len, size_t chunk,
    bool split, uint32_t flags);

/* access.c: reads and writes through grants with the wrong right. */
const char *access_run(void);

/* The benchmark (bench.c): RESULT lines. */
const char *bench_run(void);
