/*
 * iotest: vfs never makes everyone wait for one file system.  slowfs
 * (servers/fs/slowfs, mounted on /slow) answers every read only after a
 * delay; while a child's read of /slow/data waits, this process's own
 * requests to other servers must come back at once.
 *   others    while a child reads /slow/data: listing /tmp, a file
 *             written and read back there, stat of /, and a line on the
 *             console each answer in less than FAST_MS; the child is
 *             still waiting afterwards, and then gets the right bytes
 *   several   four children read /slow/data at once: all four are in
 *             flight together (they finish in far less than four delays)
 *             and each gets the right bytes
 *   killed    a child killed while its read waits: vfs drops it, the
 *             answer that comes later goes nowhere, and the next reads
 *             work
 *   eof       a read at the end of a tmpfs file answers 0 at once
 *
 * Usage: iotest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.  `iotest reader` is the child.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libsys/clock.h>
#include <libsys/testrun.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SLOW_FILE "/slow/data"
#define SLOW_SIZE 65536
#define FAST_MS 400 /* TCG on a busy host: generous, still far below a delay */

extern char **environ;

/* The child: reads all of /slow/data and checks byte i == i & 0xff. */
static int
reader(void)
{
	static unsigned char buf[SLOW_SIZE];
	ssize_t n;
	int fd = open(SLOW_FILE, O_RDONLY);

	if (fd < 0) {
		printf("iotest reader: open %s: %s\n", SLOW_FILE, strerror(errno));
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != SLOW_SIZE) {
		printf("iotest reader: read %zd bytes, want %d\n", n, SLOW_SIZE);
		return 1;
	}
	for (int i = 0; i < SLOW_SIZE; i++) {
		if (buf[i] != (unsigned char)i) {
			printf("iotest reader: byte %d is %u\n", i, buf[i]);
			return 1;
		}
	}
	return 0;
}

static pid_t
start_reader(void)
{
	char *argv[] = { "iotest", "reader", NULL };
	pid_t pid;

	if (posix_spawn(&pid, "/bin/iotest", NULL, NULL, argv, environ) != 0) {
		return -1;
	}
	return pid;
}

static uint64_t
ms_since(uint64_t t0)
{
	return (clock_now_ns() - t0) / 1000000;
}

/* One quick request of each kind; NULL, or what was slow or wrong. */
static const char *
quick_requests(void)
{
	static const char line[] = "iotest: console write while slowfs is busy\n";
	char buf[16];
	struct dirent *de;
	struct stat st;
	uint64_t t0;
	DIR *d;
	int fd;

	t0 = clock_now_ns();
	d = opendir("/tmp");
	if (d == NULL) {
		return testrun_why("opendir /tmp: %s", strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
	}
	closedir(d);
	if (ms_since(t0) > FAST_MS) {
		return testrun_why("listing /tmp took %llu ms", (unsigned long long)ms_since(t0));
	}
	t0 = clock_now_ns();
	fd = open("/tmp/iotest.quick", O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || write(fd, "quick", 5) != 5 || pread(fd, buf, 5, 0) != 5 ||
	    memcmp(buf, "quick", 5) != 0) {
		return testrun_why("a file in /tmp: %s", strerror(errno));
	}
	close(fd);
	unlink("/tmp/iotest.quick");
	if (ms_since(t0) > FAST_MS) {
		return testrun_why("a file in /tmp took %llu ms", (unsigned long long)ms_since(t0));
	}
	t0 = clock_now_ns();
	if (stat("/", &st) != 0 || write(1, line, sizeof(line) - 1) != (ssize_t)sizeof(line) - 1) {
		return testrun_why("stat / or the console: %s", strerror(errno));
	}
	if (ms_since(t0) > FAST_MS) {
		return testrun_why("stat and a console line took %llu ms",
		    (unsigned long long)ms_since(t0));
	}
	return NULL;
}

static const char *
test_others(void)
{
	uint64_t t0 = clock_now_ns();
	const char *why;
	int status;
	pid_t pid = start_reader();

	if (pid < 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	clock_sleep_ms(200); /* its read is at slowfs now */
	why = quick_requests();
	if (why == NULL && waitpid(pid, &status, WNOHANG) != 0) {
		why = testrun_why("the reader finished before the quick requests did: slowfs "
		                  "is not slow, the test proves nothing");
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return why != NULL ? why : testrun_why("the reader failed (status %#x)", status);
	}
	if (why == NULL && ms_since(t0) < 500) {
		why = testrun_why("the slow read took only %llu ms",
		    (unsigned long long)ms_since(t0));
	}
	return why;
}

static const char *
test_several(void)
{
	pid_t pids[4];
	uint64_t t0 = clock_now_ns(), one;
	int status;

	/* One read alone, for the delay. */
	pids[0] = start_reader();
	if (pids[0] < 0 || waitpid(pids[0], &status, 0) != pids[0] || status != 0) {
		return testrun_why("a single reader failed");
	}
	one = ms_since(t0);
	t0 = clock_now_ns();
	for (int i = 0; i < 4; i++) {
		pids[i] = start_reader();
		if (pids[i] < 0) {
			return testrun_why("posix_spawn: %s", strerror(errno));
		}
	}
	for (int i = 0; i < 4; i++) {
		if (waitpid(pids[i], &status, 0) != pids[i] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			return testrun_why("reader %d failed (status %#x)", i, status);
		}
	}
	if (ms_since(t0) > 2 * one + 500) {
		return testrun_why("four readers took %llu ms, one took %llu ms: not in flight "
		                   "together",
		    (unsigned long long)ms_since(t0), (unsigned long long)one);
	}
	return NULL;
}

static const char *
test_killed(void)
{
	int status;
	pid_t pid = start_reader();

	if (pid < 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	clock_sleep_ms(200);
	if (kill(pid, SIGKILL) != 0 || waitpid(pid, &status, 0) != pid) {
		return testrun_why("kill or wait: %s", strerror(errno));
	}
	if (!WIFSIGNALED(status)) {
		return testrun_why("the reader was not killed (status %#x)", status);
	}
	/* The answer to the dead reader arrives meanwhile; a new one works. */
	pid = start_reader();
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0) {
		return testrun_why("a reader after the killed one failed (status %#x)", status);
	}
	return quick_requests();
}

static const char *
test_eof(void)
{
	char buf[8];
	int fd = open("/tmp/iotest.eof", O_CREAT | O_TRUNC | O_RDWR, 0644);
	const char *why = NULL;

	if (fd < 0 || write(fd, "abc", 3) != 3) {
		return testrun_why("creating /tmp/iotest.eof: %s", strerror(errno));
	}
	if (pread(fd, buf, sizeof(buf), 3) != 0 || pread(fd, buf, sizeof(buf), 100) != 0) {
		why = testrun_why("a read at or past the end did not answer 0");
	} else if (pread(fd, buf, sizeof(buf), 1) != 2 || memcmp(buf, "bc", 2) != 0) {
		why = testrun_why("a read before the end lost its bytes");
	} else if (ftruncate(fd, 6) != 0 || pread(fd, buf, sizeof(buf), 3) != 3 ||
	    memcmp(buf, "\0\0\0", 3) != 0) {
		why = testrun_why("the file grown by ftruncate reads short");
	}
	close(fd);
	unlink("/tmp/iotest.eof");
	return why;
}

static const struct testrun_case cases[] = {
	{ "others", test_others },
	{ "several", test_several },
	{ "killed", test_killed },
	{ "eof", test_eof },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "reader") == 0) {
		return reader();
	}
	return testrun_table("iotest", cases, sizeof(cases) / sizeof(cases[0]),
	    argc > 1 ? argv[1] : NULL);
}
