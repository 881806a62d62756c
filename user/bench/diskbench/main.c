/*
 * diskbench [-t SECONDS] [-s SIZE_MIB] [-w SECONDS] [-r] [-f FILE [-n]] DEVICE
 *
 * Measures a block device over libbdev (the device's rdev from stat(),
 * then bdev_open()), the way the Linux baseline's fio jobs do, and
 * prints
 *
 *   RESULT blk_fileread_mbps         FILE read sequentially through vfs
 *                                    in 1 MiB reads (with -f)
 *   RESULT blk_seqread_mbps          1 MiB reads, one in flight
 *   RESULT blk_randread_qd1_iops     4 KiB random reads, one in flight,
 *   RESULT blk_randread_qd1_lat_us   and their mean latency
 *   RESULT blk_randread_qd32_iops    the same with 32 in flight
 *   RESULT blk_randread_qd32_lat_us
 *   RESULT blk_seqwrite_mbps         1 MiB writes, one in flight (not
 *                                    with -r), then read back and checked
 *
 * in that order: the file first, while the file system on the device is
 * intact, and the writes last, since they overwrite the device from its
 * first sector.  -n measures only the file: the device loads are best
 * run with no file system mounted on the device, whose own requests
 * would share the driver with them.  Each device load runs -t seconds (default 5, as fio's
 * runtime there) over the first -s MiB of the device (default all of
 * it).  DEVICE and FILE may take a while to appear after the boot (the
 * driver publishes the device after its partition scan, and /etc/fstab's
 * disk mounts do not hold up the boot): diskbench waits for each up to
 * -w seconds (default 15).  MB is 10^6 bytes.  Status 0 when every load ran (a missing -f
 * FILE is reported and skipped), 1 when one failed, 2 for bad arguments.
 * The buffers are static and registered with bdev_region(): one
 * standing grant for the whole run.
 */
#include <errno.h>
#include <fcntl.h>
#include <libbdev/bdev.h>
#include <libsys/clock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xinim/fs.h>
#include "diskbench.h"

#define DB_BUF_BYTES (DB_SEQ_BYTES + DB_QD_MAX * DB_RAND_BYTES)

static uint8_t db_buf[DB_BUF_BYTES] __attribute__((aligned(4096)));
static struct bdev dev;

static int
usage(void)
{
	fprintf(stderr,
	    "usage: diskbench [-t SECONDS] [-s SIZE_MIB] [-w SECONDS] [-r] [-f FILE [-n]] "
	    "DEVICE\n");
	return 2;
}

static void
print_figure(const struct db_figure *f)
{
	printf("RESULT %s %lu.%lu %s\n", f->f_name, (unsigned long)(f->f_tenths / 10),
	    (unsigned long)(f->f_tenths % 10), f->f_unit);
}

/* A whole number in [min, max], or false. */
static bool
parse_num(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9') {
		return false;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || errno != 0 || v < min || v > max) {
		return false;
	}
	*out = v;
	return true;
}

/* stat() of path, tried every 100 ms for up to wait_s seconds while it
 * says ENOENT: 0 or -1 with errno. */
static int
stat_wait(const char *path, unsigned long wait_s, struct stat *st)
{
	uint64_t until = clock_now_ns() + wait_s * 1000000000ull;
	const struct timespec pause = { 0, 100000000 };

	while (stat(path, st) != 0) {
		if (errno != ENOENT || clock_now_ns() >= until) {
			return -1;
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}

/* The file read through vfs: 0 with *fig filled, 1 when it is missing
 * (reported, not an error of the run), or -1 after a failure. */
static int
file_read(const char *path, unsigned long wait_s, struct db_figure *fig)
{
	uint64_t bytes = 0, start, ns;
	struct stat st;
	ssize_t n;
	int fd = stat_wait(path, wait_s, &st) == 0 ? open(path, O_RDONLY) : -1;

	if (fd < 0 && errno == ENOENT) {
		printf("diskbench: %s: no such file: blk_fileread_mbps not measured "
		       "(no file system with it mounted?)\n",
		    path);
		return 1;
	}
	if (fd < 0) {
		printf("diskbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	start = clock_now_ns();
	while ((n = read(fd, db_buf, DB_SEQ_BYTES)) > 0) {
		bytes += (uint64_t)n;
	}
	ns = clock_now_ns() - start;
	close(fd);
	if (n < 0) {
		printf("diskbench: %s: read at byte %lu: %s\n", path, (unsigned long)bytes,
		    strerror(errno));
		return -1;
	}
	if (bytes == 0) {
		printf("diskbench: %s: empty: blk_fileread_mbps not measured\n", path);
		return 1;
	}
	printf("diskbench: file read: %lu MiB in %lu ms\n", (unsigned long)(bytes >> 20),
	    (unsigned long)(ns / 1000000));
	fig->f_name = "blk_fileread_mbps";
	fig->f_tenths = db_mbps_tenths(bytes, ns);
	fig->f_unit = "MB/s";
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long secs = 5, size_mib = 0, wait_s = 15;
	const char *file = NULL, *path;
	struct db_figure f, g;
	struct db_load l;
	bool writes = true, loads = true;
	struct stat st;
	int i, err;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i];

		if (strcmp(opt, "-r") == 0) {
			writes = false;
		} else if (strcmp(opt, "-n") == 0) {
			loads = false;
		} else if (i + 1 < argc && strcmp(opt, "-t") == 0 &&
		    parse_num(argv[i + 1], 1, 3600, &secs)) {
			i++;
		} else if (i + 1 < argc && strcmp(opt, "-s") == 0 &&
		    parse_num(argv[i + 1], 1, 1ul << 30, &size_mib)) {
			i++;
		} else if (i + 1 < argc && strcmp(opt, "-w") == 0 &&
		    parse_num(argv[i + 1], 0, 600, &wait_s)) {
			i++;
		} else if (i + 1 < argc && strcmp(opt, "-f") == 0 && argv[i + 1][0] != '\0') {
			file = argv[++i];
		} else {
			return usage();
		}
	}
	if (i != argc - 1 || (!loads && file == NULL)) {
		return usage();
	}
	path = argv[i];
	if (stat_wait(path, wait_s, &st) != 0) {
		printf("diskbench: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISBLK(st.st_mode)) {
		printf("diskbench: %s: not a block device\n", path);
		return 1;
	}
	err = bdev_open(&dev, (uint32_t)st.st_rdev, writes && loads);
	if (err != 0) {
		printf("diskbench: %s: cannot open device %u,%u: %s\n", path,
		    XDEV_MAJOR(st.st_rdev), XDEV_MINOR(st.st_rdev), strerror(err));
		return 1;
	}
	l = (struct db_load){ .l_dev = &dev, .l_buf = db_buf, .l_ns = secs * 1000000000ull };
	l.l_sector = dev.b_geom.bg_sector_size;
	l.l_size = dev.b_geom.bg_sectors * l.l_sector;
	if (size_mib != 0 && (uint64_t)size_mib << 20 < l.l_size) {
		l.l_size = (uint64_t)size_mib << 20;
	}
	printf("diskbench: %s: %lu sectors of %u bytes, using %lu MiB, %lu s per load\n", path,
	    (unsigned long)dev.b_geom.bg_sectors, l.l_sector, (unsigned long)(l.l_size >> 20),
	    secs);
	if (l.l_sector == 0 || DB_RAND_BYTES % l.l_sector != 0 || l.l_size < DB_SEQ_BYTES) {
		printf("diskbench: %s: too small or odd sectors: nothing measured\n", path);
		bdev_close(&dev);
		return 1;
	}
	err = bdev_region(&dev, db_buf, sizeof(db_buf));
	if (err != 0) {
		printf("diskbench: registering the buffers: %s\n", strerror(err));
		bdev_close(&dev);
		return 1;
	}
	err = 0;
	if (file != NULL) {
		int r = file_read(file, wait_s, &f);

		if (r == 0) {
			print_figure(&f);
		}
		err = r < 0 ? -1 : 0;
	}
	if (!loads) {
		goto done;
	}
	if (err == 0 && (err = db_seq(&l, false, &f)) == 0) {
		print_figure(&f);
	}
	if (err == 0 && (err = db_rand(&l, 1, &f, &g)) == 0) {
		print_figure(&f);
		print_figure(&g);
	}
	if (err == 0 && (err = db_rand(&l, DB_QD_MAX, &f, &g)) == 0) {
		print_figure(&f);
		print_figure(&g);
	}
	if (err == 0 && writes && (err = db_seq(&l, true, &f)) == 0) {
		print_figure(&f);
	}
done:
	printf("diskbench: %lu requests, %lu resent, %lu rebinds\n", (unsigned long)dev.b_submitted,
	    (unsigned long)dev.b_resent, (unsigned long)dev.b_rebinds);
	bdev_close(&dev);
	return err == 0 ? 0 : 1;
}
