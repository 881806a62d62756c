/*
 * blkdevtest: block special files through vfs (servers/vfs/blk.c), on a
 * disk the host filled with a known pattern (tests/system/
 * test_blkdev.py): byte j of sector s is blk_pattern(s, j), and the MBR
 * in sector 0 holds one partition, BLKTEST_PART_START sectors on, of
 * BLKTEST_PART_SECTORS.
 *   node        /dev/vda and /dev/vda1 are block special files with the
 *               right device numbers (virtio-blk's major 3)
 *   read        aligned reads (a sector, 64 KiB, 1 MiB, 4 MiB) and a
 *               read with lseek in between
 *   unaligned   reads at odd offsets and of odd lengths, across the
 *               bounce buffer's windows
 *   seek        SEEK_END is the device's size; SEEK_SET then read
 *   eof         a read at the end gives 0, across it is cut short; a
 *               write at the end -ENOSPC, across it cut short
 *   write       aligned and unaligned writes (read-modify-write) read
 *               back, then fsync; the host checks the image afterwards
 *   part        /dev/vda1 starts at its partition: its sector 0 is the
 *               disk's BLKTEST_PART_START, its end is the partition's
 *   others      while a child reads the disk over and over, listing
 *               /tmp and a console line each answer within FAST_MS
 *   crash       virtio-blk crashes while a child reads VERIFY_PASSES
 *               times through the last 40 MiB: every byte is right
 *               (libbdev resends what the dead driver had not answered)
 *   hang        the same with virtio-blk hanging (rs notices the missing
 *               heartbeats and restarts it: nobody tells vfs)
 *
 * Usage: blkdevtest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.  `blkdevtest reader` is the child of `others`,
 * `blkdevtest verify` that of `crash`.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libsys/clock.h>
#include <libsys/testrun.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DISK "/dev/vda"
#define PART "/dev/vda1"
#define DISK_SIZE (64ull << 20) /* the host's image */
#define SECTOR 512
#define BLKTEST_PART_START 2048
#define BLKTEST_PART_SECTORS 8192
#define WRITE_AT (8ull << 20) /* where `write` writes: the host checks it */
#define UNALIGNED_AT (16ull << 20)
#define FAST_MS 400
#define VERIFY_AT (24ull << 20) /* no test writes past here (eof: the same bytes) */
#define VERIFY_PASSES 3
#define BIG (4u << 20)

extern char **environ;

static uint8_t buf[BIG], want[BIG];

/* What the host wrote: byte j of sector s (the MBR aside). */
static uint8_t
blk_pattern(uint64_t s, uint64_t j)
{
	return (uint8_t)(s * 31 + (s >> 8) + j * 7);
}

/* The pattern of [off, off + len) of the disk, into want. */
static void
expect(uint64_t off, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		want[i] = blk_pattern((off + i) / SECTOR, (off + i) % SECTOR);
	}
}

/* What `write` writes at offset off of the disk (the host knows it). */
static uint8_t
written(uint64_t off)
{
	return (uint8_t)(off * 13 + 0x3c + (off >> 11));
}

/* NULL when pread of len bytes at off gives the pattern. */
static const char *
check_read(int fd, uint64_t off, size_t len)
{
	ssize_t n = pread(fd, buf, len, (off_t)off);

	if (n != (ssize_t)len) {
		return testrun_why("pread of %zu at %llu: %zd (%s)", len, (unsigned long long)off,
		    n, n < 0 ? strerror(errno) : "short");
	}
	expect(off, len);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != want[i]) {
			return testrun_why("pread of %zu at %llu: byte %zu is %u, want %u", len,
			    (unsigned long long)off, i, buf[i], want[i]);
		}
	}
	return NULL;
}

static int
open_disk(const char *path, int flags, const char **why)
{
	int fd = open(path, flags);

	if (fd < 0) {
		*why = testrun_why("open %s: %s", path, strerror(errno));
	}
	return fd;
}

static const char *
test_node(void)
{
	struct stat st;

	if (stat(DISK, &st) != 0) {
		return testrun_why("stat %s: %s", DISK, strerror(errno));
	}
	if (!S_ISBLK(st.st_mode) || st.st_rdev != 0x300 || (st.st_mode & 0777) != 0660 ||
	    st.st_uid != 0) {
		return testrun_why("%s: mode %o, rdev %#x, uid %u", DISK, (unsigned)st.st_mode,
		    (unsigned)st.st_rdev, (unsigned)st.st_uid);
	}
	if (stat(PART, &st) != 0 || !S_ISBLK(st.st_mode) || st.st_rdev != 0x301) {
		return testrun_why("%s: %s, rdev %#x", PART, strerror(errno), (unsigned)st.st_rdev);
	}
	if (stat("/dev/vda2", &st) == 0) {
		return testrun_why("/dev/vda2 exists, but the disk has one partition");
	}
	return NULL;
}

static const char *
test_read(void)
{
	const char *why = NULL;
	int fd = open_disk(DISK, O_RDONLY, &why);
	ssize_t n;

	if (fd < 0) {
		return why;
	}
	if ((why = check_read(fd, SECTOR, SECTOR)) == NULL &&
	    (why = check_read(fd, 4096, 65536)) == NULL &&
	    (why = check_read(fd, 2u << 20, 1u << 20)) == NULL &&
	    (why = check_read(fd, 20u << 20, BIG)) == NULL) {
		/* read() moves the position along. */
		if (lseek(fd, 3 * SECTOR, SEEK_SET) != 3 * SECTOR ||
		    (n = read(fd, buf, SECTOR)) != SECTOR || lseek(fd, 0, SEEK_CUR) != 4 * SECTOR) {
			why = testrun_why("lseek and read: %s", strerror(errno));
		} else {
			expect(3 * SECTOR, SECTOR);
			if (memcmp(buf, want, SECTOR) != 0) {
				why = testrun_why("read after lseek: wrong bytes");
			}
		}
	}
	close(fd);
	return why;
}

static const char *
test_unaligned(void)
{
	static const struct {
		uint64_t off;
		size_t len;
	} cases[] = { /* clear of the MBR's sector */
		{ 1000, 100 }, { 1023, 2 }, { 1025, 5000 }, { 515, 70000 }, { 65535, 65538 },
		{ 4096, 1 }, { 1u << 20, 131073 }
	};
	const char *why = NULL;
	int fd = open_disk(DISK, O_RDONLY, &why);

	if (fd < 0) {
		return why;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]) && why == NULL; i++) {
		why = check_read(fd, cases[i].off, cases[i].len);
	}
	close(fd);
	return why;
}

static const char *
test_seek(void)
{
	const char *why = NULL;
	int fd = open_disk(DISK, O_RDONLY, &why);
	off_t end;

	if (fd < 0) {
		return why;
	}
	end = lseek(fd, 0, SEEK_END);
	if (end != (off_t)DISK_SIZE) {
		why = testrun_why("SEEK_END gives %lld, want %llu", (long long)end, DISK_SIZE);
	} else if (lseek(fd, -SECTOR, SEEK_END) != (off_t)(DISK_SIZE - SECTOR) ||
	    read(fd, buf, 2 * SECTOR) != SECTOR) {
		why = testrun_why("the last sector from SEEK_END: %s", strerror(errno));
	} else {
		expect(DISK_SIZE - SECTOR, SECTOR);
		if (memcmp(buf, want, SECTOR) != 0) {
			why = testrun_why("the last sector: wrong bytes");
		}
	}
	close(fd);
	return why;
}

static const char *
test_eof(void)
{
	const char *why = NULL;
	int fd = open_disk(DISK, O_RDWR, &why);
	ssize_t n;

	if (fd < 0) {
		return why;
	}
	if ((n = pread(fd, buf, SECTOR, (off_t)DISK_SIZE)) != 0) {
		why = testrun_why("a read at the end gave %zd", n);
	} else if ((n = pread(fd, buf, SECTOR, (off_t)DISK_SIZE + 4096)) != 0) {
		why = testrun_why("a read past the end gave %zd", n);
	} else if ((n = pread(fd, buf, 3000, (off_t)DISK_SIZE - 1000)) != 1000) {
		why = testrun_why("a read across the end gave %zd", n);
	} else if ((n = pwrite(fd, buf, SECTOR, (off_t)DISK_SIZE)) != -1 || errno != ENOSPC) {
		why = testrun_why("a write at the end gave %zd (%s)", n, strerror(errno));
	} else if ((n = pwrite(fd, buf, 3000, (off_t)DISK_SIZE - 1000)) != 1000) {
		/* The same bytes as before: the image stays as the host made it. */
		why = testrun_why("a write across the end gave %zd (%s)", n, strerror(errno));
	} else if ((why = check_read(fd, DISK_SIZE - 4096, 4096)) != NULL) {
		why = testrun_why("after the writes at the end: %s", why);
	}
	close(fd);
	return why;
}

/* Writes the `written` bytes of [off, off + len) and reads them back. */
static const char *
write_back(int fd, uint64_t off, size_t len)
{
	ssize_t n;

	for (size_t i = 0; i < len; i++) {
		want[i] = written(off + i);
	}
	n = pwrite(fd, want, len, (off_t)off);
	if (n != (ssize_t)len) {
		return testrun_why("pwrite of %zu at %llu: %zd (%s)", len, (unsigned long long)off,
		    n, strerror(errno));
	}
	memset(buf, 0, len);
	n = pread(fd, buf, len, (off_t)off);
	if (n != (ssize_t)len || memcmp(buf, want, len) != 0) {
		return testrun_why("%zu bytes written at %llu read back wrong (%zd)", len,
		    (unsigned long long)off, n);
	}
	return NULL;
}

static const char *
test_write(void)
{
	const char *why = NULL;
	int fd = open_disk(DISK, O_RDWR, &why);

	if (fd < 0) {
		return why;
	}
	if ((why = write_back(fd, WRITE_AT, 128 * 1024)) == NULL &&
	    (why = write_back(fd, UNALIGNED_AT + 100, 300)) == NULL &&
	    (why = write_back(fd, UNALIGNED_AT + 4000, 70001)) == NULL) {
		/* The bytes around the unaligned writes are the host's still. */
		if ((why = check_read(fd, UNALIGNED_AT, 100)) == NULL &&
		    (why = check_read(fd, UNALIGNED_AT + 400, 3600)) == NULL &&
		    (why = check_read(fd, UNALIGNED_AT + 74001, 1000)) == NULL && fsync(fd) != 0) {
			why = testrun_why("fsync: %s", strerror(errno));
		}
	}
	close(fd);
	if (why == NULL) {
		printf("blkdevtest: written and synced\n");
	}
	return why;
}

static const char *
test_part(void)
{
	const char *why = NULL;
	int fd = open_disk(PART, O_RDONLY, &why);
	off_t end;
	ssize_t n;

	if (fd < 0) {
		return why;
	}
	end = lseek(fd, 0, SEEK_END);
	n = pread(fd, buf, 2 * SECTOR, 0);
	expect(BLKTEST_PART_START * SECTOR, 2 * SECTOR);
	if (end != BLKTEST_PART_SECTORS * SECTOR) {
		why = testrun_why("%s is %lld bytes, want %d", PART, (long long)end,
		    BLKTEST_PART_SECTORS * SECTOR);
	} else if (n != 2 * SECTOR || memcmp(buf, want, 2 * SECTOR) != 0) {
		why = testrun_why("%s's first sectors are not the disk's sector %d", PART,
		    BLKTEST_PART_START);
	} else if ((n = pread(fd, buf, SECTOR, end)) != 0) {
		why = testrun_why("a read at the partition's end gave %zd", n);
	}
	close(fd);
	return why;
}

/* The child of `others`: reads the whole disk, 1 MiB at a time, until
 * killed. */
static int
reader(void)
{
	int fd = open(DISK, O_RDONLY);

	if (fd < 0) {
		printf("blkdevtest reader: open: %s\n", strerror(errno));
		return 1;
	}
	for (;;) {
		for (uint64_t off = 0; off < DISK_SIZE; off += 1u << 20) {
			if (pread(fd, buf, 1u << 20, (off_t)off) != 1 << 20) {
				printf("blkdevtest reader: pread: %s\n", strerror(errno));
				return 1;
			}
		}
	}
}

/* The child of `crash`: reads [VERIFY_AT, DISK_SIZE) VERIFY_PASSES
 * times, 1 MiB at a time, and checks every byte. */
static int
verifier(void)
{
	int fd = open(DISK, O_RDONLY);

	if (fd < 0) {
		printf("blkdevtest verify: open: %s\n", strerror(errno));
		return 1;
	}
	for (int pass = 0; pass < VERIFY_PASSES; pass++) {
		for (uint64_t off = VERIFY_AT; off < DISK_SIZE; off += 1u << 20) {
			const char *why = check_read(fd, off, 1u << 20);

			if (why != NULL) {
				printf("blkdevtest verify: pass %d: %s\n", pass, why);
				return 1;
			}
		}
	}
	close(fd);
	return 0;
}

/* Runs argv (a program of /bin) and waits for it: its status, or -1. */
static int
run(char **argv, pid_t *pid, bool wait)
{
	char path[64];
	int status;

	snprintf(path, sizeof(path), "/bin/%s", argv[0]);
	if (posix_spawn(pid, path, NULL, NULL, argv, environ) != 0) {
		return -1;
	}
	if (!wait) {
		return 0;
	}
	if (waitpid(*pid, &status, 0) != *pid) {
		return -1;
	}
	return status;
}

/* A child verifies the disk while virtio-blk gets the fault kind. */
static const char *
fault_while_reading(char *kind)
{
	char *verify[] = { "blkdevtest", "verify", NULL };
	char *fault[] = { "service", "fault", "virtio-blk", kind, NULL };
	pid_t child, svc;
	int status;

	if (run(verify, &child, false) != 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	clock_sleep_ms(300); /* its reads are going */
	status = run(fault, &svc, true);
	if (status != 0) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
		return testrun_why("service fault virtio-blk %s: status %#x", kind, status);
	}
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return testrun_why("the reader across the %s failed (status %#x)", kind, status);
	}
	return NULL;
}

static const char *
test_crash(void)
{
	return fault_while_reading("crash");
}

static const char *
test_hang(void)
{
	return fault_while_reading("hang");
}

static uint64_t
ms_since(uint64_t t0)
{
	return (clock_now_ns() - t0) / 1000000;
}

static const char *
test_others(void)
{
	static const char line[] = "blkdevtest: console write while the disk is busy\n";
	char *argv[] = { "blkdevtest", "reader", NULL };
	const char *why = NULL;
	struct dirent *de;
	uint64_t t0, took[2];
	int status;
	pid_t pid;
	DIR *d;

	if (posix_spawn(&pid, "/bin/blkdevtest", NULL, NULL, argv, environ) != 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	clock_sleep_ms(300); /* its reads are going */
	for (int round = 0; round < 5 && why == NULL; round++) {
		t0 = clock_now_ns();
		d = opendir("/tmp");
		if (d == NULL) {
			why = testrun_why("opendir /tmp: %s", strerror(errno));
			break;
		}
		while ((de = readdir(d)) != NULL) {
		}
		closedir(d);
		took[0] = ms_since(t0);
		t0 = clock_now_ns();
		if (write(1, line, sizeof(line) - 1) != (ssize_t)sizeof(line) - 1) {
			why = testrun_why("the console: %s", strerror(errno));
		}
		took[1] = ms_since(t0);
		if (why == NULL && (took[0] > FAST_MS || took[1] > FAST_MS)) {
			why = testrun_why("listing /tmp took %llu ms, a console line %llu ms",
			    (unsigned long long)took[0], (unsigned long long)took[1]);
		}
		clock_sleep_ms(50);
	}
	if (why == NULL && waitpid(pid, &status, WNOHANG) != 0) {
		why = testrun_why("the reader stopped early (status %#x)", status);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return why;
}

static const struct testrun_case cases[] = {
	{ "node", test_node },
	{ "read", test_read },
	{ "unaligned", test_unaligned },
	{ "seek", test_seek },
	{ "eof", test_eof },
	{ "write", test_write },
	{ "part", test_part },
	{ "others", test_others },
	{ "crash", test_crash },
	{ "hang", test_hang },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "reader") == 0) {
		return reader();
	}
	if (argc > 1 && strcmp(argv[1], "verify") == 0) {
		return verifier();
	}
	return testrun_table("blkdevtest", cases, sizeof(cases) / sizeof(cases[0]),
	    argc > 1 ? argv[1] : NULL);
}
