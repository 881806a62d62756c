/*
 * posixtest's tests of what files and directories do: rename over an
 * existing name, an unlinked open file, link counts, ".." at a mount
 * root, and a full tmpfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <libsys/testrun.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "posixtest.h"

extern char **environ;

/* A file holding text. */
static int
put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = fd >= 0 ? write(fd, text, strlen(text)) : -1;

	if (fd >= 0) {
		close(fd);
	}
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* What path holds (at most 63 bytes), "" when it cannot be read. */
static const char *
get(const char *path)
{
	static char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0) {
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

const char *
pt_rename_over(void)
{
	const char *why;

	if (put(PT_DIR "/old", "old") != 0 || put(PT_DIR "/new", "new") != 0) {
		return "cannot create the files";
	}
	if (rename(PT_DIR "/old", PT_DIR "/new") != 0) {
		return testrun_why("rename over a file: %s", strerror(errno));
	}
	if (strcmp(get(PT_DIR "/new"), "old") != 0 || access(PT_DIR "/old", F_OK) == 0) {
		return "rename over a file did not replace it";
	}
	mkdir(PT_DIR "/d1", 0755);
	mkdir(PT_DIR "/d2", 0755);
	put(PT_DIR "/d2/f", "f");
	why = pt_errno("a directory over a non-empty one", rename(PT_DIR "/d1", PT_DIR "/d2"),
	    ENOTEMPTY);
	if (why == NULL) {
		why = pt_errno("a directory over a file", rename(PT_DIR "/d1", PT_DIR "/new"),
		    ENOTDIR);
	}
	if (why == NULL) {
		why = pt_errno("a directory into itself", rename(PT_DIR "/d1", PT_DIR "/d1/x"),
		    EINVAL);
	}
	unlink(PT_DIR "/d2/f");
	if (why == NULL && rename(PT_DIR "/d1", PT_DIR "/d2") != 0) {
		why = testrun_why("a directory over an empty one: %s", strerror(errno));
	}
	rmdir(PT_DIR "/d2");
	unlink(PT_DIR "/new");
	return why;
}

const char *
pt_unlinked_open(void)
{
	char buf[16] = { 0 };
	int fd;

	if (put(PT_DIR "/gone", "still here") != 0) {
		return "cannot create the file";
	}
	fd = open(PT_DIR "/gone", O_RDONLY);
	if (fd < 0 || unlink(PT_DIR "/gone") != 0) {
		return "cannot open and unlink";
	}
	if (access(PT_DIR "/gone", F_OK) == 0) {
		close(fd);
		return "the name is still there";
	}
	if (read(fd, buf, sizeof(buf) - 1) != 10 || strcmp(buf, "still here") != 0) {
		close(fd);
		return testrun_why("the unlinked file read '%s'", buf);
	}
	close(fd);
	return NULL;
}

const char *
pt_link_counts(void)
{
	struct stat a, d;

	if (put(PT_DIR "/a", "a") != 0 || link(PT_DIR "/a", PT_DIR "/b") != 0 ||
	    link(PT_DIR "/a", PT_DIR "/c") != 0 || stat(PT_DIR "/a", &a) != 0) {
		return "cannot make the links";
	}
	if (a.st_nlink != 3) {
		return testrun_why("three names, nlink %u", (unsigned)a.st_nlink);
	}
	unlink(PT_DIR "/b");
	unlink(PT_DIR "/c");
	if (stat(PT_DIR "/a", &a) != 0 || a.st_nlink != 1) {
		return testrun_why("one name left, nlink %u", (unsigned)a.st_nlink);
	}
	unlink(PT_DIR "/a");
	mkdir(PT_DIR "/dir", 0755);
	mkdir(PT_DIR "/dir/sub1", 0755);
	mkdir(PT_DIR "/dir/sub2", 0755);
	if (stat(PT_DIR "/dir", &d) != 0 || d.st_nlink != 4) {
		return testrun_why("a directory with two subdirectories: nlink %u",
		    (unsigned)d.st_nlink);
	}
	rmdir(PT_DIR "/dir/sub1");
	rmdir(PT_DIR "/dir/sub2");
	rmdir(PT_DIR "/dir");
	return NULL;
}

const char *
pt_mount_root(void)
{
	struct stat root, up;
	char cwd[64];

	if (stat("/", &root) != 0 || stat("/tmp/..", &up) != 0) {
		return "stat failed";
	}
	if (root.st_ino != up.st_ino || root.st_dev != up.st_dev) {
		return "/tmp/.. is not /";
	}
	if (chdir("/tmp") != 0 || chdir("..") != 0 || getcwd(cwd, sizeof(cwd)) == NULL ||
	    strcmp(cwd, "/") != 0) {
		return testrun_why("cd /tmp; cd ..: cwd '%s'", cwd);
	}
	return NULL;
}

/* Runs /bin/NAME with args; its exit status, or -1. */
static int
run(char *const argv[])
{
	pid_t pid;
	int status;

	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0 ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		return -1;
	}
	return WEXITSTATUS(status);
}

const char *
pt_enospc(void)
{
	static char block[4096];
	char *mnt[] = { "/bin/mount", "-t", "tmpfs", "-o", "size=64K", "none", PT_DIR "/small",
		NULL };
	char *umnt[] = { "/bin/umount", PT_DIR "/small", NULL };
	const char *why = NULL;
	ssize_t n = 0, total = 0;
	int fd;

	mkdir(PT_DIR "/small", 0755);
	if (run(mnt) != 0) {
		return "mount -t tmpfs -o size=64K failed";
	}
	fd = open(PT_DIR "/small/big", O_WRONLY | O_CREAT, 0644);
	if (fd < 0) {
		why = testrun_why("open on the small tmpfs: %s", strerror(errno));
	}
	while (fd >= 0 && total < (1 << 20) && (n = write(fd, block, sizeof(block))) > 0) {
		total += n;
	}
	if (why == NULL && (n >= 0 || errno != ENOSPC || total > 64 * 1024 || total < 32 * 1024)) {
		why = testrun_why("wrote %ld bytes, then %ld (%s)", (long)total, (long)n,
		    n < 0 ? strerror(errno) : "no error");
	}
	if (fd >= 0) {
		close(fd);
	}
	unlink(PT_DIR "/small/big");
	if (run(umnt) != 0 && why == NULL) {
		why = "umount failed";
	}
	rmdir(PT_DIR "/small");
	return why;
}

/* The writer's side of the fifo test (a child): opens the named pipe for
 * writing, which waits for the reader, and writes one line. */
int
pt_child_fifo(void)
{
	int fd = open(PT_DIR "/fifo", O_WRONLY);

	if (fd < 0 || write(fd, "through the fifo\n", 17) != 17) {
		printf("posixtest child: fifo writer: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

const char *
pt_fifo(void)
{
	char *argv[] = { "posixtest", "child-fifo", NULL };
	char buf[32] = { 0 };
	struct stat st;
	const char *why = NULL;
	int fd, status;
	ssize_t n;
	pid_t pid;

	unlink(PT_DIR "/fifo");
	if (mkfifo(PT_DIR "/fifo", 0644) != 0 || stat(PT_DIR "/fifo", &st) != 0 ||
	    !S_ISFIFO(st.st_mode)) {
		return testrun_why("mkfifo: %s", strerror(errno));
	}
	why = pt_errno("a write-only O_NONBLOCK open without a reader",
	    open(PT_DIR "/fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	if (why != NULL) {
		return why;
	}
	if (posix_spawn(&pid, "/bin/posixtest", NULL, NULL, argv, environ) != 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	/* Waits for the writer, then reads its line and the end. */
	fd = open(PT_DIR "/fifo", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (n != 17 || strcmp(buf, "through the fifo\n") != 0) {
		why = testrun_why("read %ld bytes '%s'", (long)n, buf);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		why = why != NULL ? why : "the writer failed";
	}
	if (why == NULL && fd >= 0 && read(fd, buf, sizeof(buf)) != 0) {
		why = "no end of file once the writer closed";
	}
	if (fd >= 0) {
		close(fd);
	}
	unlink(PT_DIR "/fifo");
	return why;
}
