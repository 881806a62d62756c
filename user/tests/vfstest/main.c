/*
 * vfstest: vfs and initfs seen by a process (boot with `run=vfstest`),
 * through include/xinim/proto/vfs.h directly.
 *   read      /etc/services.conf opens and reads whole from initfs
 *   erofs     writing, creating and removing on initfs: EROFS
 *   errors    ENOENT, ENOTDIR (also a trailing slash), EISDIR, EBADF; the
 *             pm-only requests refused to others
 *   long      a 5,000-character path and a 300-character name:
 *             ENAMETOOLONG
 *   getdents  /bin lists ".", "..", vfs and vfstest
 *   dup       dup, dup2 and fcntl share the offset; lseek
 *   pipe      bytes through a pipe, EOF without writers, EPIPE without
 *             readers, poll with a timeout and with data
 *   cwd       chdir and getcwd with "." and "..", relative opens
 *   mounts    the mount list starts with initfs on /; / cannot be
 *             unmounted
 *   symlink   ELOOP with a symlink loop, a link followed (on /tmp: skipped
 *             without tmpfs)
 *   files     on tmpfs: O_EXCL, O_APPEND, an unlinked open file, mkdir,
 *             ENOTEMPTY, link counts, ".." at a mount root, EBUSY,
 *             rename over a file, EXDEV, truncate (files.c)
 *   chr       /dev/zero and /dev/null through devfs's driver, poll
 *   restart   tmpfs crashes: vfs mounts it again, old descriptors give
 *             EIO, new files work
 *
 * Usage: vfstest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`.
 */
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfstest.h"

static char buf[8192];

#define CHECK(cond, ...)                                 \
	do {                                             \
		if (!(cond)) {                           \
			return testrun_why(__VA_ARGS__); \
		}                                        \
	} while (0)

static const char *
t_read(void)
{
	struct xstat st;
	int fd = v_open("/etc/services.conf", XO_RDONLY, 0), n;
	size_t total = 0;

	CHECK(fd >= 0, "open /etc/services.conf: %d", fd);
	CHECK(v_fstat(fd, &st) == 0, "fstat failed");
	CHECK((st.st_mode & XS_IFMT) == XS_IFREG && st.st_size > 100, "mode %o size %lu",
	    st.st_mode, (unsigned long)st.st_size);
	while ((n = v_read(fd, buf, 1000)) > 0) {
		if (total == 0 && strncmp(buf, "# XINIM services", 16) != 0) {
			return "the file does not start with '# XINIM services'";
		}
		total += (size_t)n;
	}
	CHECK(n == 0, "read: %d", n);
	CHECK(total == st.st_size, "read %zu bytes of %lu", total, (unsigned long)st.st_size);
	CHECK(v_close(fd) == 0, "close failed");
	CHECK(v_close(fd) == -EBADF, "a second close did not give EBADF");
	return NULL;
}

static const char *
t_erofs(void)
{
	int r;

	r = v_open("/etc/new", XO_WRONLY | XO_CREAT, 0644);
	CHECK(r == -EROFS, "create on initfs: %d", r);
	r = v_open("/etc/services.conf", XO_WRONLY, 0);
	CHECK(r == -EROFS, "open for writing on initfs: %d", r);
	r = v_mkdir("/etc/dir", 0755);
	CHECK(r == -EROFS, "mkdir on initfs: %d", r);
	r = v_unlink("/etc/fstab");
	CHECK(r == -EROFS, "unlink on initfs: %d", r);
	r = v_path_call(VFS_TRUNCATE, "/etc/fstab", 0);
	CHECK(r == -EROFS, "truncate on initfs: %d", r);
	return NULL;
}

static const char *
t_errors(void)
{
	int r, fd;

	CHECK((r = v_open("/nope", XO_RDONLY, 0)) == -ENOENT, "/nope: %d", r);
	CHECK((r = v_open("/etc/nope/x", XO_RDONLY, 0)) == -ENOENT, "/etc/nope/x: %d", r);
	CHECK((r = v_open("", XO_RDONLY, 0)) == -ENOENT || r == -EINVAL, "empty path: %d", r);
	CHECK((r = v_open("/etc/fstab/x", XO_RDONLY, 0)) == -ENOTDIR, "/etc/fstab/x: %d", r);
	CHECK((r = v_open("/etc/fstab/", XO_RDONLY, 0)) == -ENOTDIR, "/etc/fstab/: %d", r);
	CHECK((r = v_open("/etc/fstab", XO_RDONLY | XO_DIRECTORY, 0)) == -ENOTDIR,
	    "O_DIRECTORY on a file: %d", r);
	CHECK((r = v_chdir("/etc/fstab")) == -ENOTDIR, "chdir to a file: %d", r);
	CHECK((r = v_open("/etc", XO_WRONLY, 0)) == -EISDIR, "/etc for writing: %d", r);
	fd = v_open("/etc/", XO_RDONLY, 0);
	CHECK(fd >= 0, "/etc/: %d", fd);
	CHECK((r = v_read(fd, buf, 10)) == -EISDIR, "read of a directory: %d", r);
	v_close(fd);
	CHECK((r = v_read(63, buf, 10)) == -EBADF, "read of fd 63: %d", r);
	CHECK((r = v_read(-1, buf, 10)) == -EBADF, "read of fd -1: %d", r);
	CHECK((r = v_path_call(VFS_PM_SETID, "x", 0)) == -EPERM, "VFS_PM_SETID not from pm: %d", r);
	CHECK((r = v_path_call(VFS_MOUNT, "none", 0)) == -EINVAL, "a mount without a target: %d",
	    r);
	return NULL;
}

static const char *
t_long(void)
{
	static char path[5001];
	int r;

	memset(path, 'a', 5000);
	path[0] = '/';
	path[5000] = '\0';
	CHECK((r = v_open(path, XO_RDONLY, 0)) == -ENAMETOOLONG, "5,000 characters: %d", r);
	for (int i = 1; i < 5000; i += 10) {
		path[i] = '/';
	}
	CHECK((r = v_open(path, XO_RDONLY, 0)) == -ENAMETOOLONG, "5,000 characters in parts: %d",
	    r);
	memset(path, 'b', 310);
	memcpy(path, "/etc/", 5);
	path[310] = '\0';
	CHECK((r = v_open(path, XO_RDONLY, 0)) == -ENAMETOOLONG, "a 305-character name: %d", r);
	return NULL;
}

static const char *
t_getdents(void)
{
	int fd = v_open("/bin", XO_RDONLY | XO_DIRECTORY, 0), n;
	int dot = 0, dotdot = 0, vfs = 0, self = 0, total = 0;

	CHECK(fd >= 0, "open /bin: %d", fd);
	while ((n = v_getdents(fd, buf, 512)) > 0) {
		for (int off = 0; off < n;) {
			struct xdirent *d = (struct xdirent *)(buf + off);

			if (d->xd_reclen == 0 || off + d->xd_reclen > n) {
				return "a bad record length";
			}
			dot += strcmp(d->xd_name, ".") == 0;
			dotdot += strcmp(d->xd_name, "..") == 0;
			vfs += strcmp(d->xd_name, "vfs") == 0;
			self +=
			    strcmp(d->xd_name, "vfstest") == 0 && d->xd_type == (XS_IFREG >> 12);
			total++;
			off += d->xd_reclen;
		}
	}
	v_close(fd);
	CHECK(n == 0, "getdents: %d", n);
	CHECK(dot == 1 && dotdot == 1 && vfs == 1 && self == 1,
	    "/bin: . %d, .. %d, vfs %d, vfstest %d in %d entries", dot, dotdot, vfs, self, total);
	printf("vfstest: /bin has %d entries\n", total);
	return NULL;
}

static const char *
t_dup(void)
{
	int fd = v_open("/etc/services.conf", XO_RDONLY, 0), fd2, fd3, r;
	int64_t pos;

	CHECK(fd >= 0, "open: %d", fd);
	fd2 = v_dup(fd);
	CHECK(fd2 >= 0 && fd2 != fd, "dup: %d", fd2);
	CHECK(v_read(fd, buf, 7) == 7, "read 7");
	CHECK((pos = v_lseek(fd2, 0, XSEEK_CUR)) == 7, "offset through the dup: %ld", (long)pos);
	fd3 = v_dup2(fd, 40);
	CHECK(fd3 == 40, "dup2 to 40: %d", fd3);
	CHECK(v_dup2(fd, 40) == 40, "dup2 to itself again");
	CHECK(v_fcntl(40, XF_SETFD, XFD_CLOEXEC) == 0, "F_SETFD");
	CHECK(v_fcntl(40, XF_GETFD, 0) == XFD_CLOEXEC, "F_GETFD after F_SETFD");
	CHECK(v_fcntl(fd, XF_GETFD, 0) == 0, "FD_CLOEXEC is per descriptor");
	CHECK(v_fcntl(fd, XF_GETFL, 0) == XO_RDONLY, "F_GETFL");
	r = v_fcntl(fd, XF_DUPFD, 50);
	CHECK(r == 50, "F_DUPFD 50: %d", r);
	v_close(fd);
	v_close(fd2);
	v_close(50);
	CHECK(v_read(40, buf, 5) == 5 && strncmp(buf, " serv", 5) == 0,
	    "reading the dup2 copy after closing the others");
	CHECK((pos = v_lseek(40, 0, XSEEK_END)) > 100, "SEEK_END: %ld", (long)pos);
	CHECK(v_read(40, buf, 5) == 0, "read at the end");
	CHECK(v_lseek(40, -3, XSEEK_SET) == -EINVAL, "a negative offset");
	CHECK(v_lseek(40, 2, 7) == -EINVAL, "a bad whence");
	CHECK(v_lseek(41, 0, XSEEK_SET) == -EBADF, "lseek of a closed fd");
	CHECK(v_close(40) == 0, "close 40");
	CHECK(v_dup(40) == -EBADF, "dup of a closed fd");
	return NULL;
}

static const char *
t_pipe(void)
{
	struct xpollfd pf;
	int fds[2], r;

	CHECK(v_pipe(fds) == 0, "pipe failed");
	pf = (struct xpollfd){ .fd = fds[0], .events = XPOLLIN };
	r = v_poll(&pf, 1, 50);
	CHECK(r == 0 && pf.revents == 0, "poll of an empty pipe: %d (%x)", r, pf.revents);
	CHECK((r = v_write(fds[1], "hello", 5)) == 5, "write: %d", r);
	r = v_poll(&pf, 1, -1);
	CHECK(r == 1 && (pf.revents & XPOLLIN) != 0, "poll with data: %d (%x)", r, pf.revents);
	CHECK((r = v_read(fds[0], buf, sizeof(buf))) == 5 && memcmp(buf, "hello", 5) == 0,
	    "read: %d", r);
	CHECK(v_lseek(fds[0], 0, XSEEK_SET) == -ESPIPE, "lseek of a pipe");
	CHECK((r = v_read(fds[1], buf, 1)) == -EBADF, "read of the write end: %d", r);
	memset(buf, 'x', 4096);
	CHECK((r = v_write(fds[1], buf, 4096)) == 4096, "a full pipe's worth: %d", r);
	pf = (struct xpollfd){ .fd = fds[1], .events = XPOLLOUT };
	CHECK(v_poll(&pf, 1, 0) == 0, "a full pipe polls writable");
	CHECK(v_read(fds[0], buf, 8192) == 4096, "reading it back");
	CHECK(v_close(fds[1]) == 0, "close the write end");
	CHECK((r = v_read(fds[0], buf, 10)) == 0, "EOF without writers: %d", r);
	CHECK(v_close(fds[0]) == 0, "close the read end");
	CHECK(v_pipe(fds) == 0, "a second pipe");
	v_close(fds[0]);
	CHECK((r = v_write(fds[1], "x", 1)) == -EPIPE, "write without readers: %d", r);
	v_close(fds[1]);
	return NULL;
}

static const char *
t_cwd(void)
{
	char cwd[XPATH_MAX];
	int r, fd;

	CHECK((r = v_chdir("/etc")) == 0, "chdir /etc: %d", r);
	CHECK(v_getcwd(cwd, sizeof(cwd)) == 5 && strcmp(cwd, "/etc") == 0, "getcwd: %s", cwd);
	fd = v_open("fstab", XO_RDONLY, 0);
	CHECK(fd >= 0, "a relative open: %d", fd);
	v_close(fd);
	CHECK(v_chdir("..") == 0, "chdir ..");
	CHECK(v_getcwd(cwd, sizeof(cwd)) == 2 && strcmp(cwd, "/") == 0, "after ..: %s", cwd);
	CHECK(v_chdir("/etc/../bin/./") == 0, "chdir /etc/../bin/./");
	CHECK(v_getcwd(cwd, sizeof(cwd)) > 0 && strcmp(cwd, "/bin") == 0, "got %s", cwd);
	CHECK((fd = v_open("../etc/fstab", XO_RDONLY, 0)) >= 0, "../etc/fstab: %d", fd);
	v_close(fd);
	CHECK(v_getcwd(cwd, 3) == -ERANGE, "getcwd into 3 bytes");
	CHECK(v_chdir("/../..") == 0, "chdir /../..");
	CHECK(v_getcwd(cwd, sizeof(cwd)) == 2 && strcmp(cwd, "/") == 0, "/..: %s", cwd);
	return NULL;
}

bool
vt_mounted(const char *target, const char *fstype)
{
	struct vfs_mntent me;
	uint64_t i = 0, next;

	do {
		if (v_mounts(i, &me, &next) != 0) {
			return false;
		}
		if (strcmp(me.me_target, target) == 0 && strcmp(me.me_type, fstype) == 0) {
			return true;
		}
		i = next;
	} while (next != 0);
	return false;
}

static const char *
t_mounts(void)
{
	struct vfs_mntent me;
	uint64_t next = 0, i = 0;
	int r, n = 0;

	r = v_mounts(0, &me, &next);
	CHECK(r == 0, "VFS_MOUNTS 0: %d", r);
	CHECK(strcmp(me.me_target, "/") == 0 && strcmp(me.me_type, "initfs") == 0 &&
	        (me.me_flags & XMNT_RDONLY) != 0,
	    "the first mount is %s on %s", me.me_type, me.me_target);
	do {
		CHECK(v_mounts(i, &me, &next) == 0, "VFS_MOUNTS %lu", (unsigned long)i);
		printf("vfstest: mount %s on %s type %s\n", me.me_source, me.me_target, me.me_type);
		i = next;
		n++;
	} while (next != 0 && n < 20);
	CHECK((r = v_path_call(VFS_UMOUNT, "/", 0)) == -EBUSY, "umount /: %d", r);
	CHECK((r = v_path_call(VFS_UMOUNT, "/etc", 0)) == -EINVAL, "umount /etc: %d", r);
	return NULL;
}

static const char *
t_symlink(void)
{
	struct xstat st;
	int r, fd;

	if (!vt_mounted("/tmp", "tmpfs")) {
		printf("vfstest: no tmpfs on /tmp: symlink test skipped\n");
		return NULL;
	}
	v_unlink("/tmp/loop1");
	v_unlink("/tmp/loop2");
	v_unlink("/tmp/tofstab");
	CHECK(v_symlink("/tmp/loop2", "/tmp/loop1") == 0, "symlink loop1");
	CHECK(v_symlink("loop1", "/tmp/loop2") == 0, "symlink loop2");
	CHECK((r = v_open("/tmp/loop1", XO_RDONLY, 0)) == -ELOOP, "a loop: %d", r);
	CHECK((r = v_stat("/tmp/loop1", &st, 1)) == 0 && (st.st_mode & XS_IFMT) == XS_IFLNK,
	    "lstat of a link: %d", r);
	CHECK(v_symlink("/etc/fstab", "/tmp/tofstab") == 0, "symlink to /etc/fstab");
	fd = v_open("/tmp/tofstab", XO_RDONLY, 0);
	CHECK(fd >= 0, "open through a link: %d", fd);
	CHECK(v_read(fd, buf, 6) == 6 && memcmp(buf, "# File", 6) == 0, "read through a link");
	v_close(fd);
	CHECK((r = v_open("/tmp/tofstab", XO_RDONLY | XO_NOFOLLOW, 0)) == -ELOOP, "O_NOFOLLOW: %d",
	    r);
	v_unlink("/tmp/loop1");
	v_unlink("/tmp/loop2");
	v_unlink("/tmp/tofstab");
	return NULL;
}

static const struct testrun_case tests[] = {
	{ "read", t_read },
	{ "erofs", t_erofs },
	{ "errors", t_errors },
	{ "long", t_long },
	{ "getdents", t_getdents },
	{ "dup", t_dup },
	{ "pipe", t_pipe },
	{ "cwd", t_cwd },
	{ "mounts", t_mounts },
	{ "symlink", t_symlink },
	{ "files", t_files },
	{ "chr", t_chr },
	{ "restart", t_restart },
};

int
main(int argc, char **argv)
{
	return testrun_table("vfstest", tests, sizeof(tests) / sizeof(tests[0]),
	    argc > 1 ? argv[1] : NULL);
}
