/*
 * posixtest: file semantics as POSIX specifies them, through libc (open,
 * stat, rename...), on the real servers: initfs on /, tmpfs on /tmp,
 * devfs on /dev.  Run with `run=posixtest [TEST]`.
 *   errors    ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, ELOOP, EROFS,
 *             ENAMETOOLONG (a 5,000-character path, a 300-byte name)
 *   eacces    a child that made itself uid 1000 cannot read root's 0600
 *             file, create in root's 0755 directory or chmod root's file,
 *             but can read a 0644 one (child.c)
 *   rename    rename over an existing file replaces it; a directory only
 *             over an empty directory
 *   unlinked  an unlinked open file stays readable until closed
 *   links     link counts of files and directories
 *   mountroot ".." at a mount root is the directory below the mount
 *   enospc    a 64 KiB tmpfs mounted with /bin/mount fills up: ENOSPC
 *   fifo      a named pipe: mkfifo, ENXIO for a write-only non-blocking
 *             open without a reader, a reader's open waits for the writer
 *             (a child), the line comes through, then end of file
 *
 * Usage: posixtest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.
 */
#include <errno.h>
#include <fcntl.h>
#include <libsys/testrun.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "posixtest.h"

extern char **environ;

const char *
pt_errno(const char *what, int r, int e)
{
	if (r >= 0) {
		return testrun_why("%s succeeded (%d), want %s", what, r, strerror(e));
	}
	if (errno != e) {
		return testrun_why("%s: %s, want %s", what, strerror(errno), strerror(e));
	}
	return NULL;
}

#define EXPECT(what, call, e)                                      \
	do {                                                       \
		const char *why_ = pt_errno(what, (int)(call), e); \
		if (why_ != NULL) {                                \
			return why_;                               \
		}                                                  \
	} while (0)

/* A file of root's with mode and a line of text. */
static int
make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0 || write(fd, "text\n", 5) != 5 || close(fd) != 0 || chmod(path, mode) != 0) {
		return -1;
	}
	return 0;
}

static const char *
t_errors(void)
{
	static char path[5001], name[301];
	int fd;

	EXPECT("open a missing file", open("/etc/nope", O_RDONLY), ENOENT);
	if (make_file(PT_PUBLIC, 0644) != 0) {
		return "cannot create " PT_PUBLIC;
	}
	EXPECT("O_CREAT|O_EXCL of an existing file",
	    open(PT_PUBLIC, O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
	EXPECT("mkdir of an existing directory", mkdir(PT_DIR, 0755), EEXIST);
	EXPECT("a file as a directory", open(PT_PUBLIC "/x", O_RDONLY), ENOTDIR);
	EXPECT("a directory opened for writing", open(PT_DIR, O_WRONLY), EISDIR);
	EXPECT("rmdir of a directory with a file", rmdir(PT_DIR), ENOTEMPTY);
	symlink(PT_DIR "/loop2", PT_DIR "/loop1");
	symlink(PT_DIR "/loop1", PT_DIR "/loop2");
	EXPECT("a symlink loop", open(PT_DIR "/loop1", O_RDONLY), ELOOP);
	EXPECT("creating on initfs", open("/etc/new", O_CREAT | O_WRONLY, 0644), EROFS);
	EXPECT("mkdir on initfs", mkdir("/bin/new", 0755), EROFS);
	memset(path, 'a', sizeof(path) - 1);
	path[0] = '/';
	EXPECT("a 5,000-character path", open(path, O_RDONLY), ENAMETOOLONG);
	memset(name, 'b', sizeof(name) - 1);
	snprintf(path, sizeof(path), "/tmp/%s", name);
	EXPECT("a 300-byte name", open(path, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	fd = open(PT_PUBLIC, O_RDONLY);
	if (fd < 0) {
		return "the public file does not open";
	}
	close(fd);
	return NULL;
}

static const char *
t_eacces(void)
{
	char *argv[] = { "posixtest", "child-user", NULL };
	pid_t pid;
	int status;

	if (make_file(PT_SECRET, 0600) != 0 || make_file(PT_PUBLIC, 0644) != 0) {
		return "cannot create root's files";
	}
	if (posix_spawn(&pid, "/bin/posixtest", NULL, NULL, argv, environ) != 0) {
		return testrun_why("posix_spawn: %s", strerror(errno));
	}
	if (waitpid(pid, &status, 0) != pid) {
		return testrun_why("waitpid: %s", strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return testrun_why("the child as uid %d: status %#x", PT_USER, status);
	}
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "errors", t_errors },
	{ "eacces", t_eacces },
	{ "rename", pt_rename_over },
	{ "unlinked", pt_unlinked_open },
	{ "links", pt_link_counts },
	{ "mountroot", pt_mount_root },
	{ "enospc", pt_enospc },
	{ "fifo", pt_fifo },
};

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child-user") == 0) {
		return pt_child_user();
	}
	if (argc > 1 && strcmp(argv[1], "child-fifo") == 0) {
		return pt_child_fifo();
	}
	if (mkdir(PT_DIR, 0755) != 0 && errno != EEXIST) {
		printf("posixtest: cannot make %s: %s\n", PT_DIR, strerror(errno));
		return 1;
	}
	return testrun_table("posixtest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
