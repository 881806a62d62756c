/*
 * ext2test: ext2 keeps serving while one of its requests waits for the
 * disk.  Run with the ext2 disk of tests/system/test_ext2_wait.py on
 * /home (virtio-blk): /home/dir holds small files, /home/big1 and
 * /home/big2 (BIG bytes each, byte i of big<k> is pattern(i, k)) are not
 * read before.  Each test hangs the disk driver (`service fault
 * virtio-blk hang`: rs finds it hung after a heartbeat or two and starts
 * it again), so that a read of an uncached block waits until then.
 *   others   while a child's read of /home/big1 waits for the hung
 *            driver: listing /home/dir, stat and reading one of its
 *            files (all cached by a first look), listing /tmp and a line
 *            on the console each answer in less than FAST_MS, and the
 *            child is still waiting afterwards; then it gets the right
 *            bytes
 *   same     two children read /home/big2 at once while the driver
 *            hangs: the second waits for the blocks the first is reading
 *            (one transfer each), and both get the right bytes
 *
 * Usage: ext2test [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.  `ext2test reader FILE K` is the child.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libsys/clock.h>
#include <libsys/testrun.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG (1u << 20)
#define FAST_MS 400 /* TCG on a busy host: generous, still below a hang */

extern char **environ;

static unsigned char
pattern(uint32_t i, int k)
{
	return (unsigned char)(i + (i >> 12) * 7 + (uint32_t)k);
}

/* The child: reads all of file and checks it against pattern(i, k). */
static int
reader(const char *file, int k)
{
	static unsigned char buf[BIG];
	ssize_t n;
	int fd = open(file, O_RDONLY);

	if (fd < 0) {
		printf("ext2test reader: open %s: %s\n", file, strerror(errno));
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)BIG) {
		printf("ext2test reader: read %zd bytes of %s, want %u\n", n, file, BIG);
		return 1;
	}
	for (uint32_t i = 0; i < BIG; i++) {
		if (buf[i] != pattern(i, k)) {
			printf("ext2test reader: %s: byte %u is %u, want %u\n", file, i, buf[i],
			    pattern(i, k));
			return 1;
		}
	}
	return 0;
}

static pid_t
spawn(char *const argv[])
{
	pid_t pid;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
		return -1;
	}
	return pid;
}

static pid_t
start_reader(const char *file, const char *k)
{
	char *argv[] = { "/bin/ext2test", "reader", (char *)file, (char *)k, NULL };

	return spawn(argv);
}

/* rs hangs the driver; the command returns at once. */
static const char *
hang_driver(void)
{
	char *argv[] = { "/bin/service", "fault", "virtio-blk", "hang", NULL };
	int status;
	pid_t pid = spawn(argv);

	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		return testrun_why("service fault virtio-blk hang failed (status %#x)", status);
	}
	return NULL;
}

static uint64_t
ms_since(uint64_t t0)
{
	return (clock_now_ns() - t0) / 1000000;
}

/* Lists dir to its end: the entries seen, or -1. */
static int
list(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL) {
		return -1;
	}
	while (readdir(d) != NULL) {
		n++;
	}
	closedir(d);
	return n;
}

/* What the first look at /home/dir reads (and so caches), and what a
 * quick request must answer again. */
static const char *
look(int *entries)
{
	char buf[64];
	struct stat st;
	ssize_t n;
	int fd;

	*entries = list("/home/dir");
	if (*entries < 3) {
		return testrun_why("listing /home/dir: %d entries (%s)", *entries, strerror(errno));
	}
	if (stat("/home/dir/small1", &st) != 0 || st.st_size != 6) {
		return testrun_why("stat /home/dir/small1: %s", strerror(errno));
	}
	fd = open("/home/dir/small1", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (fd >= 0) {
		close(fd);
	}
	if (n != 6 || memcmp(buf, "small\n", 6) != 0) {
		return testrun_why("reading /home/dir/small1: %zd bytes", n);
	}
	return NULL;
}

static const char *
quick_requests(int entries)
{
	static const char line[] = "ext2test: console write while the disk hangs\n";
	const char *why;
	uint64_t t0 = clock_now_ns();
	int again;

	why = look(&again);
	if (why != NULL) {
		return why;
	}
	if (again != entries) {
		return testrun_why("/home/dir lists %d entries now, %d before", again, entries);
	}
	if (ms_since(t0) > FAST_MS) {
		return testrun_why("listing, stat and read in /home/dir took %llu ms while another "
		                   "read waited for the disk",
		    (unsigned long long)ms_since(t0));
	}
	t0 = clock_now_ns();
	if (list("/tmp") < 0 || write(1, line, sizeof(line) - 1) != (ssize_t)sizeof(line) - 1) {
		return testrun_why("listing /tmp or the console: %s", strerror(errno));
	}
	if (ms_since(t0) > FAST_MS) {
		return testrun_why("listing /tmp and a console line took %llu ms",
		    (unsigned long long)ms_since(t0));
	}
	return NULL;
}

static const char *
wait_ok(pid_t pid, const char *who)
{
	int status = 0;
	pid_t r = waitpid(pid, &status, 0);

	if (r != pid) {
		return testrun_why("waiting for %s: %s", who, strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return testrun_why("%s failed (status %#x)", who, status);
	}
	return NULL;
}

static const char *
test_others(void)
{
	const char *why;
	int entries, status;
	pid_t pid;

	why = look(&entries);
	if (why == NULL) {
		why = hang_driver();
	}
	if (why != NULL) {
		return why;
	}
	pid = start_reader("/home/big1", "1");
	if (pid < 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	clock_sleep_ms(200); /* its read waits for the hung driver now */
	why = quick_requests(entries);
	if (why == NULL && waitpid(pid, &status, WNOHANG) != 0) {
		why = testrun_why("the reader finished before the quick requests did: the driver "
		                  "did not hang, the test proves nothing");
	}
	if (why != NULL) {
		(void)waitpid(pid, &status, 0); /* testrun_why's buffer holds why */
		return why;
	}
	return wait_ok(pid, "the reader of /home/big1");
}

static const char *
test_same(void)
{
	const char *why = hang_driver(), *w1;
	pid_t a, b;

	if (why != NULL) {
		return why;
	}
	a = start_reader("/home/big2", "2");
	b = start_reader("/home/big2", "2");
	if (a < 0 || b < 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	w1 = wait_ok(a, "the first reader of /home/big2");
	if (w1 != NULL) {
		int status;

		(void)waitpid(b, &status, 0);
		return w1;
	}
	return wait_ok(b, "the second reader of /home/big2");
}

static const struct testrun_case cases[] = {
	{ "others", test_others },
	{ "same", test_same },
};

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "reader") == 0) {
		return reader(argv[2], atoi(argv[3]));
	}
	return testrun_table("ext2test", cases, sizeof(cases) / sizeof(cases[0]),
	    argc > 1 ? argv[1] : NULL);
}
