/*
 * ahcitest bench: the AHCI disk's raw speed through libbdev, as
 * diskbench will measure it (the figures): 1 MiB sequential
 * reads one at a time, and 4 KiB random reads with 1 and with 32 in
 * flight.  Prints RESULT lines (integers only: no FPU in user space).
 */
#include <libbdev/bdev.h>
#include <libsys/clock.h>
#include <libsys/rs.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/rs.h>
#include "ahcitest.h"

#define SEQ_BYTES (64ull << 20) /* two passes over the 32 MiB disk */
#define SEQ_REQ (1u << 20)
#define RAND_REQ 4096u
#define RAND_QD1 500u
#define RAND_QD32 2000u
#define QD 32u

/* Prints "RESULT name V.VV unit" for the ratio num / den. */
static void
result(const char *name, uint64_t num, uint64_t den, const char *unit)
{
	uint64_t c = den != 0 ? num * 100 / den : 0;

	printf("RESULT %s %lu.%02lu %s\n", name, (unsigned long)(c / 100), (unsigned long)(c % 100),
	    unit);
}

static uint64_t rand_state = 0x2545f4914f6cdd1dull;

static uint64_t
rand_sector(const struct bdev *b)
{
	uint64_t blocks = b->b_geom.bg_sectors / (RAND_REQ / 512);

	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 7;
	rand_state ^= rand_state << 17;
	return (rand_state % blocks) * (RAND_REQ / 512);
}

struct qd_state {
	struct bdev *qs_b;
	uint8_t *qs_buf;
	unsigned qs_submitted, qs_done, qs_total;
	uint64_t qs_lat_ns;
	int64_t qs_err;
	uint64_t qs_start[QD];
	struct bdev_io qs_io[QD];
};

static void qd_submit(struct qd_state *qs, unsigned i);

static void
qd_done(struct bdev_io *io, int64_t result)
{
	struct qd_state *qs = io->bi_arg;
	unsigned i = (unsigned)(io - qs->qs_io);

	if (result != RAND_REQ && qs->qs_err == 0) {
		qs->qs_err = result < 0 ? result : -EIO;
	}
	qs->qs_lat_ns += clock_now_ns() - qs->qs_start[i];
	qs->qs_done++;
	if (qs->qs_submitted < qs->qs_total && qs->qs_err == 0) {
		qd_submit(qs, i);
	}
}

static void
qd_submit(struct qd_state *qs, unsigned i)
{
	struct bdev_io *io = &qs->qs_io[i];

	memset(io, 0, sizeof(*io));
	io->bi_op = BLK_READ;
	io->bi_sector = rand_sector(qs->qs_b);
	io->bi_count = RAND_REQ / 512;
	io->bi_nseg = 1;
	io->bi_seg[0] =
	    (struct bdev_seg){ .bsg_addr = qs->qs_buf + (size_t)i * RAND_REQ, .bsg_len = RAND_REQ };
	io->bi_done = qd_done;
	io->bi_arg = qs;
	qs->qs_submitted++;
	qs->qs_start[i] = clock_now_ns();
	bdev_submit(qs->qs_b, io);
}

/* total random reads, depth in flight: IOPS and mean latency. */
static const char *
random_reads(struct bdev *b, uint8_t *buf, unsigned total, unsigned depth, const char *iops_name,
    const char *lat_name)
{
	static struct qd_state qs;
	uint64_t t0, ns;

	memset(&qs, 0, sizeof(qs));
	qs.qs_b = b;
	qs.qs_buf = buf;
	qs.qs_total = total;
	t0 = clock_now_ns();
	for (unsigned i = 0; i < depth && i < total; i++) {
		qd_submit(&qs, i);
	}
	while (qs.qs_done < qs.qs_submitted) {
		if (bdev_wait(b) < 0) {
			return "bdev_wait failed";
		}
	}
	ns = clock_now_ns() - t0;
	if (qs.qs_err != 0) {
		return testrun_why("a random read failed: %ld", (long)qs.qs_err);
	}
	result(iops_name, (uint64_t)qs.qs_done * 1000000000ull, ns, "IOPS");
	result(lat_name, qs.qs_lat_ns, (uint64_t)qs.qs_done * 1000, "us");
	return NULL;
}

const char *
bench_run(void)
{
	struct rs_svc_status st;
	struct bdev b;
	uint8_t *buf = disk_buf[0];
	const char *why;
	uint64_t t0, ns, done = 0, sectors;
	int64_t r;
	int err;

	if (rs_wait_state(AHCI_SERVICE, RS_RUNNING, ENDPOINT_ANY, 10000, &st) != 0) {
		return "ahci is not RUNNING";
	}
	err = disk_open(&b, BLK_MINOR(0, 0), false);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	sectors = b.b_geom.bg_sectors;
	t0 = clock_now_ns();
	while (done < SEQ_BYTES) {
		uint64_t sector = (done / 512) % (sectors - SEQ_REQ / 512 + 1);

		r = bdev_rw(&b, BLK_READ, sector, buf, SEQ_REQ);
		if (r != SEQ_REQ) {
			bdev_close(&b);
			return testrun_why("a sequential read: %ld", (long)r);
		}
		done += SEQ_REQ;
	}
	ns = clock_now_ns() - t0;
	/* MB/s = bytes / 1e6 / (ns / 1e9) = bytes * 1000 / ns */
	result("ahci_seqread_mbps", done * 1000, ns, "MB/s");
	why = random_reads(&b, buf, RAND_QD1, 1, "ahci_randread_qd1_iops",
	    "ahci_randread_qd1_lat_us");
	if (why == NULL) {
		why = random_reads(&b, buf, RAND_QD32, QD, "ahci_randread_qd32_iops",
		    "ahci_randread_qd32_lat_us");
	}
	bdev_close(&b);
	return why;
}
