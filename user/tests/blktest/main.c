/*
 * blktest: the virtio-blk driver through libbdev, as tests/system/
 * test_virtio_blk.py runs it (`run=blktest NAME [ARGS]`).
 *
 *   rw SEED MIB      writes a pattern (seeded by SEED) to the first MIB MiB
 *                    of vda with 32 requests of 64 KiB in flight, flushes,
 *                    reads it back the same way and checks it; the host then
 *                    checks the image file
 *   ro               vda is read-only: opening it for writing is -EROFS,
 *                    reading works
 *   parts N          vda1..vdaN: each minor's size and first and last
 *                    sectors are what the host's table and markers say, and
 *                    a read past a partition's end is -ERANGE
 *   two              vda and vdb are the two drives, in order (markers)
 *   ops SEED         on the first 4 MiB of vda: a FUA write, write-zeroes
 *                    of sectors 1024..3071 (read back as zeros; the host
 *                    checks them too), a discard of 4096..6143, a flush;
 *                    the rest still holds the pattern
 *   crash SEED MIB   as rw, with the driver crashed (`service fault
 *                    virtio-blk crash`) while the writes and again while
 *                    the reads are in flight: every byte still right, and
 *                    libbdev saw the restarts
 *   bench MIB        RESULT lines: sequential reads (1 MiB, or the largest
 *                    request the driver takes) and random 4 KiB reads, at
 *                    queue depth 1 and 32
 *
 * A marker sector (written by the host) starts with "XINIM-BLK " and then
 * "NAME START SECTORS", decimal.
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
#include <xinim/fs.h>
#include <xinim/proto/blk.h>
#include <xinim/proto/rs.h>

#define CHUNK (64u << 10) /* bytes per request of rw and crash */
#define DEPTH 32          /* requests in flight */
#define SERVICE "virtio-blk"

static unsigned arg_seed = 1, arg_mib = 8, arg_parts = 2;

static uint32_t
vd(unsigned dev, unsigned part)
{
	return XDEV_MAKE(BLK_MAJOR_VIRTIO, BLK_MINOR(dev, part));
}

/* The pattern: every 512-byte sector starts with its number, then bytes
 * that depend on the sector, the offset and the seed. */
static void
pattern(uint8_t *p, uint64_t sector, unsigned n_sectors, unsigned seed)
{
	for (unsigned s = 0; s < n_sectors; s++, sector++) {
		uint8_t *q = p + (size_t)s * 512;

		memcpy(q, &sector, 8);
		for (unsigned i = 8; i < 512; i++) {
			q[i] = (uint8_t)(sector * 131 + i * 7 + seed * 29);
		}
	}
}

/* The first sector of [p, p + n_sectors) that differs from the pattern,
 * or -1. */
static int64_t
pattern_check(const uint8_t *p, uint64_t sector, unsigned n_sectors, unsigned seed)
{
	static uint8_t want[512];

	for (unsigned s = 0; s < n_sectors; s++) {
		pattern(want, sector + s, 1, seed);
		if (memcmp(p + (size_t)s * 512, want, 512) != 0) {
			return (int64_t)(sector + s);
		}
	}
	return -1;
}

/* Many requests in flight: op over [0, bytes) of the minor from or into
 * buf, CHUNK bytes a request, DEPTH at once.  midway() (or NULL) runs
 * once when half the requests are submitted. */
struct xfer {
	struct bdev_io io;
	int64_t result;
	bool done;
};
static struct xfer xf[DEPTH];

static void
xfer_done(struct bdev_io *io, int64_t result)
{
	struct xfer *x = io->bi_arg;

	x->result = result;
	x->done = true;
}

static const char *
transfer(struct bdev *b, uint32_t op, uint8_t *buf, uint64_t bytes, void (*midway)(void))
{
	uint64_t next = 0, n_req = bytes / CHUNK, submitted = 0, completed = 0;
	uint32_t ss = b->b_geom.bg_sector_size;
	bool mid = midway == NULL;

	for (int i = 0; i < DEPTH; i++) {
		xf[i].done = true;
		xf[i].result = 0;
	}
	while (completed < n_req) {
		for (int i = 0; i < DEPTH; i++) {
			struct xfer *x = &xf[i];

			if (!x->done) {
				continue;
			}
			if (x->io.bi_done != NULL) {
				if (x->result != (int64_t)CHUNK) {
					return testrun_why("%s at byte %lu: %ld",
					    op == BLK_READ ? "read" : "write",
					    (unsigned long)x->io.bi_sector * ss, (long)x->result);
				}
				x->io.bi_done = NULL;
				completed++;
			}
			if (next >= bytes) {
				continue;
			}
			memset(&x->io, 0, sizeof(x->io));
			x->io.bi_op = op;
			x->io.bi_sector = next / ss;
			x->io.bi_count = CHUNK / ss;
			x->io.bi_nseg = 1;
			x->io.bi_seg[0] =
			    (struct bdev_seg){ .bsg_addr = buf + next, .bsg_len = CHUNK };
			x->io.bi_done = xfer_done;
			x->io.bi_arg = x;
			x->done = false;
			next += CHUNK;
			bdev_submit(b, &x->io);
			submitted++;
			if (!mid && submitted >= n_req / 2) {
				mid = true;
				midway();
			}
		}
		if (completed < n_req && bdev_wait(b) < 0) {
			return testrun_why("bdev_wait: the driver stayed away");
		}
	}
	return NULL;
}

static uint8_t *
big_buffer(size_t len)
{
	static uint8_t *p;
	static size_t have;

	if (have < len) {
		free(p);
		p = malloc(len);
		have = p != NULL ? len : 0;
	}
	return p;
}

static uint64_t rebinds; /* of the last write_read_check() */

/* Writes the pattern, flushes, reads back, checks. */
static const char *
write_read_check(void (*midway)(void), struct bdev *b)
{
	uint64_t bytes = (uint64_t)arg_mib << 20;
	uint8_t *buf = big_buffer(bytes);
	const char *why;
	int64_t bad;
	int err;

	if (buf == NULL) {
		return testrun_why("no memory for %u MiB", arg_mib);
	}
	err = bdev_open(b, vd(0, 0), true);
	if (err != 0) {
		return testrun_why("bdev_open(vda, writable): %d", err);
	}
	bdev_region(b, buf, bytes);
	if (b->b_geom.bg_sectors * b->b_geom.bg_sector_size < bytes) {
		return testrun_why("vda has %lu sectors: too small",
		    (unsigned long)b->b_geom.bg_sectors);
	}
	pattern(buf, 0, (unsigned)(bytes / 512), arg_seed);
	why = transfer(b, BLK_WRITE, buf, bytes, midway);
	if (why == NULL && (err = bdev_flush(b)) != 0) {
		why = testrun_why("flush: %d", err);
	}
	if (why == NULL) {
		memset(buf, 0, bytes);
		why = transfer(b, BLK_READ, buf, bytes, midway);
	}
	if (why == NULL && (bad = pattern_check(buf, 0, (unsigned)(bytes / 512), arg_seed)) >= 0) {
		why = testrun_why("sector %ld read back wrong", (long)bad);
	}
	printf("blktest: %u MiB written and read back, %lu requests, %lu resent, %lu rebinds\n",
	    arg_mib, (unsigned long)b->b_submitted, (unsigned long)b->b_resent,
	    (unsigned long)b->b_rebinds);
	rebinds = b->b_rebinds; /* bdev_close() forgets */
	bdev_close(b);
	return why;
}

static struct bdev the_bdev;

/* Whether ds names the running instance of the driver for blk/NAME. */
static const char *
named(const char *name)
{
	struct rs_svc_status st;
	char full[DS_NAME_LEN + 1];
	endpoint_t ep;

	snprintf(full, sizeof(full), "%s%s", BLK_DS_PREFIX, name);
	ep = ds_lookup(full);
	if (rs_status(SERVICE, &st) != 0 || ep != st.ep) {
		return testrun_why("ds names %d for %s, %s is %d", ep, full, SERVICE, st.ep);
	}
	return NULL;
}

static const char *
t_rw(void)
{
	return write_read_check(NULL, &the_bdev);
}

static void
crash_driver(void)
{
	int err = rs_fault(SERVICE, RS_FAULT_CRASH);

	printf("blktest: crashing %s mid-transfer (%d)\n", SERVICE, err);
}

static const char *
t_crash(void)
{
	struct rs_svc_status a, z;
	const char *why;

	if (rs_status(SERVICE, &a) != 0) {
		return testrun_why("no status of %s", SERVICE);
	}
	why = write_read_check(crash_driver, &the_bdev);
	if (why != NULL) {
		return why;
	}
	if (rs_status(SERVICE, &z) != 0 || z.crashes != a.crashes + 2 || z.ep == a.ep) {
		return testrun_why("crashes %u -> %u, ep %d -> %d", a.crashes, z.crashes, a.ep,
		    z.ep);
	}
	if (rebinds < 2) {
		return testrun_why("libbdev rebound %lu times", (unsigned long)rebinds);
	}
	return named("vda"); /* published again by the new instance */
}

static const char *
t_ro(void)
{
	struct bdev *b = &the_bdev;
	static uint8_t sec[4096];
	int64_t r;
	int err = bdev_open(b, vd(0, 0), true);

	if (err != -EROFS) {
		if (err == 0) {
			bdev_close(b);
		}
		return testrun_why("bdev_open(vda, writable) on a read-only drive: %d", err);
	}
	err = bdev_open(b, vd(0, 0), false);
	if (err != 0) {
		return testrun_why("bdev_open(vda, read-only): %d", err);
	}
	if ((b->b_geom.bg_features & BLK_FEAT_RO) == 0) {
		bdev_close(b);
		return testrun_why("the geometry does not say read-only");
	}
	r = bdev_rw(b, BLK_READ, 0, sec, b->b_geom.bg_sector_size);
	r = r == (int64_t)b->b_geom.bg_sector_size ? bdev_rw(b, BLK_WRITE, 0, sec, 512) : -1000 + r;
	bdev_close(b);
	if (r != -EROFS) {
		return testrun_why("read then write: %ld (want -EROFS from the write)", (long)r);
	}
	printf("blktest: read-only vda: writable open and write refused with EROFS\n");
	return NULL;
}

/* Reads sector lba of b and checks it is a marker of name (start and
 * sectors filled from it). */
static const char *
marker(struct bdev *b, uint64_t lba, const char *name, uint64_t *start, uint64_t *sectors)
{
	static uint8_t sec[4096];
	static const char tag[] = "XINIM-BLK ";
	size_t nl = strlen(name);
	char *p = (char *)sec + sizeof(tag) - 1, *end;
	int64_t r = bdev_rw(b, BLK_READ, lba, sec, b->b_geom.bg_sector_size);

	if (r != (int64_t)b->b_geom.bg_sector_size) {
		return testrun_why("%s: read of sector %lu: %ld", name, (unsigned long)lba,
		    (long)r);
	}
	sec[200] = '\0';
	if (memcmp(sec, tag, sizeof(tag) - 1) != 0 || strncmp(p, name, nl) != 0 || p[nl] != ' ') {
		return testrun_why("%s: sector %lu holds no marker of %s ('%.40s')", name,
		    (unsigned long)lba, name, (char *)sec);
	}
	*start = strtoul(p + nl + 1, &end, 10);
	*sectors = strtoul(end, NULL, 10);
	return NULL;
}

static const char *
t_parts(void)
{
	struct bdev *b = &the_bdev;
	static uint8_t sec[512];

	for (unsigned p = 1; p <= arg_parts; p++) {
		char name[16];
		uint64_t start, n, start2, n2;
		const char *why;
		int64_t r;
		int err;

		snprintf(name, sizeof(name), "vda%u", p);
		err = bdev_open(b, vd(0, p), false);
		if (err != 0) {
			return testrun_why("bdev_open(%s): %d", name, err);
		}
		why = marker(b, 0, name, &start, &n);
		if (why == NULL && b->b_geom.bg_sectors != n) {
			why = testrun_why("%s: %lu sectors, the table says %lu", name,
			    (unsigned long)b->b_geom.bg_sectors, (unsigned long)n);
		}
		if (why == NULL) {
			why = marker(b, n - 1, name, &start2, &n2);
		}
		if (why == NULL && (r = bdev_rw(b, BLK_READ, n, sec, 512)) != -ERANGE) {
			why = testrun_why("%s: a read past the end: %ld", name, (long)r);
		}
		bdev_close(b);
		if (why == NULL) {
			why = named(name);
		}
		if (why != NULL) {
			return why;
		}
		printf("blktest: %s: sectors %lu..%lu of vda, read right\n", name,
		    (unsigned long)start, (unsigned long)(start + n - 1));
	}
	if (bdev_open(b, vd(0, arg_parts + 1), false) != -ENXIO) {
		return testrun_why("vda%u opens, but the table has %u partitions", arg_parts + 1,
		    arg_parts);
	}
	return NULL;
}

static const char *
t_two(void)
{
	static const char *names[] = { "vda", "vdb" };
	struct bdev *b = &the_bdev;

	for (unsigned d = 0; d < 2; d++) {
		uint64_t st, n;
		const char *why;
		int err = bdev_open(b, vd(d, 0), false);

		if (err != 0) {
			return testrun_why("bdev_open(%s): %d", names[d], err);
		}
		why = marker(b, 0, names[d], &st, &n);
		if (why == NULL && n != b->b_geom.bg_sectors) {
			why = testrun_why("%s: %lu sectors, the marker says %lu", names[d],
			    (unsigned long)b->b_geom.bg_sectors, (unsigned long)n);
		}
		bdev_close(b);
		if (why == NULL) {
			why = named(names[d]);
		}
		if (why != NULL) {
			return why;
		}
		printf("blktest: %s is the drive marked %s (%lu sectors)\n", names[d], names[d],
		    (unsigned long)n);
	}
	return NULL;
}

/* One request of op on b, waited for. */
static int64_t
one(struct bdev *b, uint32_t op, uint32_t flags, uint64_t sector, uint64_t count)
{
	struct xfer *x = &xf[0];

	memset(&x->io, 0, sizeof(x->io));
	x->io.bi_op = op;
	x->io.bi_flags = flags;
	x->io.bi_sector = sector;
	x->io.bi_count = count;
	x->io.bi_done = xfer_done;
	x->io.bi_arg = x;
	x->done = false;
	bdev_submit(b, &x->io);
	while (!x->done) {
		if (bdev_wait(b) < 0) {
			return -EIO;
		}
	}
	return x->result;
}

static const char *
t_ops(void)
{
	struct bdev *b = &the_bdev;
	const uint64_t bytes = 4u << 20, wz = 1024, wzn = 2048, dis = 4096, disn = 2048;
	uint8_t *buf = big_buffer(bytes);
	const char *why = NULL;
	int64_t r, bad;
	int err;

	if (buf == NULL) {
		return testrun_why("no memory");
	}
	err = bdev_open(b, vd(0, 0), true);
	if (err != 0) {
		return testrun_why("bdev_open(vda, writable): %d", err);
	}
	if ((b->b_geom.bg_features & (BLK_FEAT_FLUSH | BLK_FEAT_DISCARD | BLK_FEAT_WRITE_ZEROES)) !=
	    (BLK_FEAT_FLUSH | BLK_FEAT_DISCARD | BLK_FEAT_WRITE_ZEROES)) {
		why = testrun_why("features 0x%x: no flush, discard or write-zeroes",
		    b->b_geom.bg_features);
	}
	pattern(buf, 0, bytes / 512, arg_seed);
	/* The FUA write: one request per 512 KiB, each the write then a
	 * flush inside the driver. */
	for (uint64_t off = 0; why == NULL && off < bytes; off += b->b_geom.bg_max_bytes) {
		struct xfer *x = &xf[0];

		memset(&x->io, 0, sizeof(x->io));
		x->io.bi_op = BLK_WRITE;
		x->io.bi_flags = BLK_FL_FUA;
		x->io.bi_sector = off / 512;
		x->io.bi_count = b->b_geom.bg_max_bytes / 512;
		x->io.bi_nseg = 1;
		x->io.bi_seg[0] =
		    (struct bdev_seg){ .bsg_addr = buf + off, .bsg_len = b->b_geom.bg_max_bytes };
		x->io.bi_done = xfer_done;
		x->io.bi_arg = x;
		x->done = false;
		bdev_submit(b, &x->io);
		while (!x->done && bdev_wait(b) >= 0) {
		}
		if (x->result != (int64_t)b->b_geom.bg_max_bytes) {
			why = testrun_why("FUA write at %lu: %ld", (unsigned long)off,
			    (long)x->result);
		}
	}
	if (why == NULL && (r = one(b, BLK_WRITE_ZEROES, 0, wz, wzn)) != 0) {
		why = testrun_why("write-zeroes: %ld", (long)r);
	}
	if (why == NULL && (r = one(b, BLK_DISCARD, 0, dis, disn)) != 0) {
		why = testrun_why("discard: %ld", (long)r);
	}
	if (why == NULL && (r = one(b, BLK_FLUSH, 0, 0, 0)) != 0) {
		why = testrun_why("flush: %ld", (long)r);
	}
	if (why == NULL) {
		memset(buf, 0xee, bytes);
		r = bdev_rw(b, BLK_READ, 0, buf, bytes);
		if (r != (int64_t)bytes) {
			why = testrun_why("read back: %ld", (long)r);
		}
	}
	for (uint64_t s = wz; why == NULL && s < wz + wzn; s++) {
		for (unsigned i = 0; i < 512; i++) {
			if (buf[s * 512 + i] != 0) {
				why = testrun_why("sector %lu not zero after write-zeroes",
				    (unsigned long)s);
				break;
			}
		}
	}
	/* Around the two ranges (discarded sectors are undefined). */
	if (why == NULL &&
	    ((bad = pattern_check(buf, 0, wz, arg_seed)) >= 0 ||
	        (bad = pattern_check(buf + (wz + wzn) * 512, wz + wzn, dis - wz - wzn, arg_seed)) >=
	            0 ||
	        (bad = pattern_check(buf + (dis + disn) * 512, dis + disn, bytes / 512 - dis - disn,
	             arg_seed)) >= 0)) {
		why = testrun_why("sector %ld lost its pattern", (long)bad);
	}
	bdev_close(b);
	if (why == NULL) {
		printf("blktest: FUA writes, write-zeroes, discard and flush done\n");
	}
	return why;
}

/* bench: reads of len bytes at depth, sequential from 0 or at random
 * len-aligned offsets within the first span bytes, for about 2 s. */
static uint64_t rng_state = 88172645463325252ull;

static uint64_t
xorshift(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const char *
bench_one(struct bdev *b, uint8_t *buf, uint32_t len, unsigned depth, bool seq, uint64_t span,
    uint64_t *mbs100, uint64_t *iops100)
{
	uint32_t ss = b->b_geom.bg_sector_size;
	uint64_t start = clock_now_ns(), now = start, next = 0, done_bytes = 0, ios = 0;
	unsigned inflight = 0;

	for (unsigned i = 0; i < DEPTH; i++) {
		xf[i].done = true;
		xf[i].io.bi_done = NULL;
	}
	while (now - start < 2000000000ull || inflight > 0) {
		for (unsigned i = 0; i < depth; i++) {
			struct xfer *x = &xf[i];

			if (!x->done) {
				continue;
			}
			if (x->io.bi_done != NULL) {
				if (x->result != (int64_t)len) {
					return testrun_why("bench read: %ld", (long)x->result);
				}
				x->io.bi_done = NULL;
				inflight--;
				done_bytes += len;
				ios++;
			}
			if (now - start >= 2000000000ull) {
				continue;
			}
			memset(&x->io, 0, sizeof(x->io));
			x->io.bi_op = BLK_READ;
			if (seq) {
				x->io.bi_sector = next / ss;
				next = (next + len) % span;
			} else {
				x->io.bi_sector = (xorshift() % (span / len)) * (len / ss);
			}
			x->io.bi_count = len / ss;
			x->io.bi_nseg = 1;
			x->io.bi_seg[0] =
			    (struct bdev_seg){ .bsg_addr = buf + (size_t)(i % 8) * len,
				    .bsg_len = len };
			x->io.bi_done = xfer_done;
			x->io.bi_arg = x;
			x->done = false;
			inflight++;
			bdev_submit(b, &x->io);
		}
		if (inflight > 0 && bdev_wait(b) < 0) {
			return testrun_why("bdev_wait failed");
		}
		now = clock_now_ns();
	}
	/* Hundredths, in integers (no floating point here). */
	*mbs100 = (done_bytes / 1024) * 100000000000ull / (now - start) / 1024;
	*iops100 = ios * 100000000000ull / (now - start);
	return NULL;
}

static void
print2(const char *name, uint64_t v100, const char *unit)
{
	printf("RESULT %s %lu.%02lu %s\n", name, (unsigned long)(v100 / 100),
	    (unsigned long)(v100 % 100), unit);
}

static const char *
t_bench(void)
{
	struct bdev *b = &the_bdev;
	uint64_t span = (uint64_t)arg_mib << 20;
	uint32_t seq_len;
	uint8_t *buf;
	uint64_t mbs, iops;
	const char *why;
	int err = bdev_open(b, vd(0, 0), false);

	if (err != 0) {
		return testrun_why("bdev_open(vda): %d", err);
	}
	seq_len = b->b_geom.bg_max_bytes < (1u << 20) ? b->b_geom.bg_max_bytes : (1u << 20);
	buf = big_buffer((size_t)8 * seq_len);
	if (buf == NULL) {
		bdev_close(b);
		return testrun_why("no memory");
	}
	bdev_region(b, buf, (size_t)8 * seq_len);
	if (span > b->b_geom.bg_sectors * b->b_geom.bg_sector_size) {
		span = b->b_geom.bg_sectors * b->b_geom.bg_sector_size;
	}
	printf("blktest: sequential reads of %u KiB (the largest request), over %lu MiB\n",
	    seq_len >> 10, (unsigned long)(span >> 20));
	for (unsigned qd = 1; qd <= DEPTH; qd += DEPTH - 1) {
		char name[48];

		why = bench_one(b, buf, seq_len, qd, true, span, &mbs, &iops);
		if (why != NULL) {
			break;
		}
		snprintf(name, sizeof(name), "blk_seq_read_qd%u_mib_s", qd);
		print2(name, mbs, "MiB/s");
		why = bench_one(b, buf, 4096, qd, false, span, &mbs, &iops);
		if (why != NULL) {
			break;
		}
		snprintf(name, sizeof(name), "blk_rand_read_4k_qd%u_iops", qd);
		print2(name, iops, "IOPS");
	}
	bdev_close(b);
	return why;
}

static const struct testrun_case tests[] = {
	{ "rw", t_rw },
	{ "ro", t_ro },
	{ "parts", t_parts },
	{ "two", t_two },
	{ "ops", t_ops },
	{ "crash", t_crash },
	{ "bench", t_bench },
};

int
main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : "rw";

	if (strcmp(only, "parts") == 0 && argc > 2) {
		arg_parts = (unsigned)strtoul(argv[2], NULL, 10);
	} else if (strcmp(only, "bench") == 0 && argc > 2) {
		arg_mib = (unsigned)strtoul(argv[2], NULL, 10);
	} else if (strcmp(only, "ops") == 0 && argc > 2) {
		arg_seed = (unsigned)strtoul(argv[2], NULL, 10);
	} else if (argc > 3) {
		arg_seed = (unsigned)strtoul(argv[2], NULL, 10);
		arg_mib = (unsigned)strtoul(argv[3], NULL, 10);
	}
	return testrun_table("blktest", tests, sizeof(tests) / sizeof(tests[0]), only);
}
