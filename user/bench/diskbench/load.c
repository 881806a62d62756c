/*
 * The loads on the raw device (diskbench.h), over libbdev directly:
 * sequential 1 MiB requests with one in flight (bdev_rw), and 4 KiB
 * random reads with qd in flight (bdev_submit, bdev_wait).  Every buffer
 * lies in the region main.c registered with bdev_region(), so no request
 * makes or revokes a grant.  Each load runs for l_ns; the sequential
 * ones wrap around at l_size, as fio's time-based runs do.
 */
#include <libbdev/bdev.h>
#include <libsys/clock.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "diskbench.h"

/* The byte at offset i of every 1 MiB block the write load writes. */
static uint8_t
db_pattern(uint64_t i)
{
	return (uint8_t)(i * 13 + (i >> 9) + 1);
}

int
db_seq(const struct db_load *l, bool write, struct db_figure *fig)
{
	uint64_t off = 0, bytes = 0, start, now;
	uint32_t op = write ? BLK_WRITE : BLK_READ;
	const char *what = write ? "write" : "read";

	if (write) {
		for (uint64_t i = 0; i < DB_SEQ_BYTES; i++) {
			l->l_buf[i] = db_pattern(i);
		}
	}
	start = now = clock_now_ns();
	while (now - start < l->l_ns) {
		int64_t n = bdev_rw(l->l_dev, op, off / l->l_sector, l->l_buf, DB_SEQ_BYTES);

		if (n != DB_SEQ_BYTES) {
			printf("diskbench: sequential %s at byte %lu: %s\n", what,
			    (unsigned long)off, n < 0 ? strerror((int)n) : "short transfer");
			return n < 0 ? (int)n : -EIO;
		}
		bytes += DB_SEQ_BYTES;
		off = db_seq_next(off, DB_SEQ_BYTES, l->l_size);
		now = clock_now_ns();
	}
	fig->f_name = write ? "blk_seqwrite_mbps" : "blk_seqread_mbps";
	fig->f_tenths = db_mbps_tenths(bytes, now - start);
	fig->f_unit = "MB/s";
	printf("diskbench: sequential %s: %lu MiB in %lu ms\n", what, (unsigned long)(bytes >> 20),
	    (unsigned long)((now - start) / 1000000));
	if (!write) {
		return 0;
	}
	/* What was written must read back: the first block, written first. */
	memset(l->l_buf, 0, DB_SEQ_BYTES);
	if (bdev_flush(l->l_dev) != 0 && (l->l_dev->b_geom.bg_features & BLK_FEAT_FLUSH) != 0) {
		printf("diskbench: flush after the writes failed\n");
		return -EIO;
	}
	if (bdev_rw(l->l_dev, BLK_READ, 0, l->l_buf, DB_SEQ_BYTES) != DB_SEQ_BYTES) {
		printf("diskbench: reading back the first block failed\n");
		return -EIO;
	}
	for (uint64_t i = 0; i < DB_SEQ_BYTES; i++) {
		if (l->l_buf[i] != db_pattern(i)) {
			printf("diskbench: read back byte %lu: %u, wrote %u\n", (unsigned long)i,
			    l->l_buf[i], db_pattern(i));
			return -EIO;
		}
	}
	return 0;
}

/* One random read in flight: its request and when it went out. */
struct db_rio {
	struct bdev_io r_io;
	uint64_t r_t0;
	bool r_free;
	int64_t r_result;
};

static struct db_rio rios[DB_QD_MAX];

static void
rio_done(struct bdev_io *io, int64_t result)
{
	struct db_rio *r = io->bi_arg;

	r->r_result = result;
	r->r_free = true;
}

static void
rio_submit(const struct db_load *l, struct db_rio *r, unsigned i, struct db_rand *rng)
{
	uint64_t off = db_rand_offset(rng, l->l_size, DB_RAND_BYTES);

	memset(&r->r_io, 0, sizeof(r->r_io));
	r->r_io.bi_op = BLK_READ;
	r->r_io.bi_sector = off / l->l_sector;
	r->r_io.bi_count = DB_RAND_BYTES / l->l_sector;
	r->r_io.bi_nseg = 1;
	r->r_io.bi_seg[0].bsg_addr = l->l_buf + DB_SEQ_BYTES + (uint64_t)i * DB_RAND_BYTES;
	r->r_io.bi_seg[0].bsg_len = DB_RAND_BYTES;
	r->r_io.bi_done = rio_done;
	r->r_io.bi_arg = r;
	r->r_free = false;
	r->r_t0 = clock_now_ns();
	bdev_submit(l->l_dev, &r->r_io);
}

int
db_rand(const struct db_load *l, unsigned qd, struct db_figure *iops, struct db_figure *lat)
{
	static char names[2][2][32];
	uint64_t start, end, last, n = 0, total = 0;
	struct db_rand rng;
	int slot = qd == 1 ? 0 : 1;

	if (qd == 0 || qd > DB_QD_MAX || l->l_size < DB_RAND_BYTES) {
		return -EINVAL;
	}
	db_rand_seed(&rng, 0x5eed0000u + qd);
	start = last = clock_now_ns();
	end = start + l->l_ns;
	for (unsigned i = 0; i < qd; i++) {
		rio_submit(l, &rios[i], i, &rng);
	}
	while (bdev_pending(l->l_dev) > 0) {
		int err = bdev_wait(l->l_dev);
		uint64_t now = clock_now_ns();

		if (err < 0) {
			printf("diskbench: random reads: %s\n", strerror(err));
			return err;
		}
		for (unsigned i = 0; i < qd; i++) {
			struct db_rio *r = &rios[i];

			if (!r->r_free || r->r_t0 == 0) {
				continue;
			}
			if (r->r_result != DB_RAND_BYTES) {
				printf("diskbench: random read at sector %lu: %s\n",
				    (unsigned long)r->r_io.bi_sector,
				    r->r_result < 0 ? strerror((int)r->r_result) :
				                      "short transfer");
				/* Let the others finish before the buffers go. */
				while (bdev_pending(l->l_dev) > 0 && bdev_wait(l->l_dev) >= 0) {
				}
				return -EIO;
			}
			n++;
			total += now - r->r_t0;
			last = now;
			r->r_t0 = 0;
			if (now < end) {
				rio_submit(l, r, i, &rng);
			}
		}
	}
	snprintf(names[slot][0], sizeof(names[slot][0]), "blk_randread_qd%u_iops", qd);
	snprintf(names[slot][1], sizeof(names[slot][1]), "blk_randread_qd%u_lat_us", qd);
	*iops = (struct db_figure){ names[slot][0], db_iops_tenths(n, last - start), "IOPS" };
	*lat = (struct db_figure){ names[slot][1], db_lat_tenths(total, n), "us" };
	printf("diskbench: random reads, %u in flight: %lu in %lu ms\n", qd, (unsigned long)n,
	    (unsigned long)((last - start) / 1000000));
	return 0;
}
