/*
 * vfsbench: the cost of file I/O through vfs on tmpfs (/tmp).  Prints
 *
 *   RESULT vfs_read_4k_us     median of 1000 pread of 4 KiB at offset 0
 *                             of a 64 KiB file, in microseconds
 *   RESULT vfs_read_1m_mbps   a 1 MiB file read sequentially in 64 KiB
 *                             reads: the median of 21 passes, in MB/s
 *                             (MB = 10^6 bytes)
 *   RESULT vfs_write_1m_mbps  the same for writes (pwrite from offset 0)
 *   RESULT vfs_stat_us        median of 1000 stat of the file, in us
 *   RESULT vfs_null_us        median of 1000 umask(): a request vfs answers
 *                             alone, the floor under every other figure
 *
 * and the minimum and maximum of each on lines of their own.  Run with
 * run=vfsbench.  The rounds check what they read, so a fast wrong answer
 * fails instead of counting.
 */
#include <fcntl.h>
#include <libsys/clock.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SMALL_FILE "/tmp/vfsbench.small"
#define BIG_FILE "/tmp/vfsbench.big"
#define SMALL_SIZE (64 * 1024)
#define BIG_SIZE (1024 * 1024)
#define CHUNK (64 * 1024)
#define OP_ROUNDS 1000
#define PASSES 21

static uint64_t ns[OP_ROUNDS];
static unsigned char buf[CHUNK];

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Prints RESULT name X.Y us for ns nanoseconds. */
static void
print_us(const char *name, uint64_t ns_)
{
	printf("RESULT %s %lu.%lu us\n", name, ns_ / 1000, ns_ % 1000 / 100);
}

/* Sorts the n samples, prints min/max, returns the median. */
static uint64_t
median(const char *what, uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	printf("vfsbench: %s: %d rounds, min %lu ns, max %lu ns\n", what, n, v[0], v[n - 1]);
	return v[n / 2];
}

/* The byte at offset off of every file vfsbench writes. */
static unsigned char
pattern(uint64_t off)
{
	return (unsigned char)(off * 7u + (off >> 12));
}

static void
fill(unsigned char *p, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		p[i] = pattern(off + i);
	}
}

static int
check(const unsigned char *p, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != pattern(off + i)) {
			printf("vfsbench: byte %lu reads 0x%x, not 0x%x\n",
			    (unsigned long)(off + i), p[i], pattern(off + i));
			return -1;
		}
	}
	return 0;
}

/* Writes size bytes of pattern into fd from offset 0 in CHUNK writes. */
static int
write_all(int fd, size_t size)
{
	for (size_t off = 0; off < size; off += CHUNK) {
		fill(buf, off, CHUNK);
		if (pwrite(fd, buf, CHUNK, (off_t)off) != CHUNK) {
			printf("vfsbench: pwrite at %lu failed\n", (unsigned long)off);
			return -1;
		}
	}
	return 0;
}

static int
bench_read_4k(void)
{
	int fd = open(SMALL_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write_all(fd, SMALL_SIZE) != 0) {
		printf("vfsbench: cannot create %s\n", SMALL_FILE);
		return -1;
	}
	for (int i = 0; i < OP_ROUNDS; i++) {
		uint64_t t0 = clock_now_ns();

		if (pread(fd, buf, 4096, 0) != 4096) {
			printf("vfsbench: pread 4 KiB failed in round %d\n", i);
			return -1;
		}
		ns[i] = clock_now_ns() - t0;
	}
	if (check(buf, 0, 4096) != 0) {
		return -1;
	}
	print_us("vfs_read_4k_us", median("pread 4 KiB", ns, OP_ROUNDS));
	close(fd);
	return 0;
}

static int
bench_stat(void)
{
	struct stat st;

	for (int i = 0; i < OP_ROUNDS; i++) {
		uint64_t t0 = clock_now_ns();

		if (stat(SMALL_FILE, &st) != 0) {
			printf("vfsbench: stat failed in round %d\n", i);
			return -1;
		}
		ns[i] = clock_now_ns() - t0;
	}
	if (st.st_size != SMALL_SIZE) {
		printf("vfsbench: stat says %ld bytes, not %d\n", (long)st.st_size, SMALL_SIZE);
		return -1;
	}
	print_us("vfs_stat_us", median("stat", ns, OP_ROUNDS));
	return 0;
}

static int
bench_null(void)
{
	for (int i = 0; i < OP_ROUNDS; i++) {
		uint64_t t0 = clock_now_ns();

		umask(022);
		ns[i] = clock_now_ns() - t0;
	}
	print_us("vfs_null_us", median("umask", ns, OP_ROUNDS));
	return 0;
}

/* Prints RESULT name X.Y MB/s (10^6 bytes) for BIG_SIZE bytes moved in
 * pass_ns. */
static void
print_mbps(const char *name, uint64_t pass_ns)
{
	uint64_t tenths = pass_ns == 0 ? 0 : (uint64_t)BIG_SIZE * 10000 / pass_ns;

	printf("RESULT %s %lu.%lu MB/s\n", name, tenths / 10, tenths % 10);
}

static int
bench_big(void)
{
	int fd = open(BIG_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write_all(fd, BIG_SIZE) != 0) {
		printf("vfsbench: cannot create %s\n", BIG_FILE);
		return -1;
	}
	for (int p = 0; p < PASSES; p++) {
		uint64_t t0 = clock_now_ns();

		for (size_t off = 0; off < BIG_SIZE; off += CHUNK) {
			if (pread(fd, buf, CHUNK, (off_t)off) != CHUNK) {
				printf("vfsbench: pread at %lu failed\n", (unsigned long)off);
				return -1;
			}
		}
		ns[p] = clock_now_ns() - t0;
		if (check(buf, BIG_SIZE - CHUNK, CHUNK) != 0) {
			return -1;
		}
	}
	print_mbps("vfs_read_1m_mbps", median("read 1 MiB", ns, PASSES));
	fill(buf, 0, CHUNK);
	for (int p = 0; p < PASSES; p++) {
		uint64_t t0 = clock_now_ns();

		/* The same bytes each time: the file's content stays checkable. */
		for (size_t off = 0; off < BIG_SIZE; off += CHUNK) {
			if (pwrite(fd, buf, CHUNK, (off_t)off) != CHUNK) {
				printf("vfsbench: pwrite at %lu failed\n", (unsigned long)off);
				return -1;
			}
		}
		ns[p] = clock_now_ns() - t0;
	}
	if (pread(fd, buf, CHUNK, BIG_SIZE - CHUNK) != CHUNK || check(buf, 0, CHUNK) != 0) {
		printf("vfsbench: the file is wrong after the writes\n");
		return -1;
	}
	print_mbps("vfs_write_1m_mbps", median("write 1 MiB", ns, PASSES));
	close(fd);
	return unlink(BIG_FILE);
}

int
main(void)
{
	if (bench_null() != 0 || bench_read_4k() != 0 || bench_stat() != 0 || bench_big() != 0) {
		return 1;
	}
	unlink(SMALL_FILE);
	return 0;
}
