/*
 * diskbench: block-device and file throughput and latency (main.c for
 * the command, load.c for the loads on the raw device over libbdev,
 * stats.c for the arithmetic).  stats.c is pure, so the host tests check
 * the figures and the random offsets.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define DB_SEQ_BYTES (1u << 20) /* a sequential request */
#define DB_RAND_BYTES 4096u     /* a random read */
#define DB_QD_MAX 32            /* random reads in flight, at most */

/* One figure: a value in tenths, for "RESULT name V.v unit". */
struct db_figure {
	const char *f_name; /* "blk_seqread_mbps" */
	uint64_t f_tenths;
	const char *f_unit; /* "MB/s", "IOPS", "us" */
};

/* MB/s (10^6 bytes) in tenths for bytes moved in ns (0 when ns is 0). */
uint64_t db_mbps_tenths(uint64_t bytes, uint64_t ns);
/* Operations per second in tenths for n operations in ns. */
uint64_t db_iops_tenths(uint64_t n, uint64_t ns);
/* Mean latency in tenths of microseconds: total_ns over n operations. */
uint64_t db_lat_tenths(uint64_t total_ns, uint64_t n);

/* A xorshift64* generator: never 0 once seeded with anything. */
struct db_rand {
	uint64_t r_state;
};
void db_rand_seed(struct db_rand *r, uint64_t seed);
uint64_t db_rand_next(struct db_rand *r);

/* A random offset, a multiple of align, with [off, off + align) inside
 * [0, size); 0 when size < align. */
uint64_t db_rand_offset(struct db_rand *r, uint64_t size, uint64_t align);

/* The offset after a sequential request of len bytes at off within
 * [0, size): off + len, or 0 when the next request would not fit. */
uint64_t db_seq_next(uint64_t off, uint64_t len, uint64_t size);

/* The loads on the raw device (load.c).  Each runs for ns (or until
 * an error), fills *fig and returns 0, or a negative code after printing
 * what failed. */
struct bdev;
struct db_load {
	struct bdev *l_dev;
	uint8_t *l_buf;    /* DB_SEQ_BYTES + DB_QD_MAX * DB_RAND_BYTES, page-aligned */
	uint64_t l_size;   /* bytes of the device the loads use */
	uint64_t l_ns;     /* per load */
	uint32_t l_sector; /* the device's sector size */
};
int db_seq(const struct db_load *l, bool write, struct db_figure *fig);
int db_rand(const struct db_load *l, unsigned qd, struct db_figure *iops, struct db_figure *lat);
