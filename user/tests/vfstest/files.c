/*
 * vfstest's tests on tmpfs and devfs (mounted from /etc/fstab): file
 * semantics through vfs, character devices, unmounting, and a tmpfs
 * restart under open files.  Each is skipped (and passes) when its file
 * system is not mounted.
 */
#include <libsys/clock.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/rs.h>
#include "vfstest.h"

static char buf[4096];

#define CHECK(cond, ...)                                 \
	do {                                             \
		if (!(cond)) {                           \
			return testrun_why(__VA_ARGS__); \
		}                                        \
	} while (0)

const char *
t_files(void)
{
	struct xstat st;
	int fd, fd2, r;

	if (!vt_mounted("/tmp", "tmpfs")) {
		printf("vfstest: no tmpfs on /tmp: files test skipped\n");
		return NULL;
	}
	v_unlink("/tmp/f");
	v_unlink("/tmp/g");
	v_rmdir("/tmp/d/e");
	v_rmdir("/tmp/d");
	fd = v_open("/tmp/f", XO_RDWR | XO_CREAT | XO_EXCL, 0666);
	CHECK(fd >= 0, "create /tmp/f: %d", fd);
	CHECK((r = v_open("/tmp/f", XO_RDWR | XO_CREAT | XO_EXCL, 0666)) == -EEXIST,
	    "O_EXCL on an existing file: %d", r);
	CHECK(v_write(fd, "hello, world", 12) == 12, "write 12");
	CHECK(v_fstat(fd, &st) == 0 && st.st_size == 12 && (st.st_mode & 0777) == 0644,
	    "size %lu mode %o (umask 022)", (unsigned long)st.st_size, st.st_mode);
	CHECK(v_lseek(fd, 7, XSEEK_SET) == 7, "lseek 7");
	CHECK(v_read(fd, buf, 100) == 5 && memcmp(buf, "world", 5) == 0, "read back");
	fd2 = v_open("/tmp/f", XO_WRONLY | XO_APPEND, 0);
	CHECK(fd2 >= 0, "open O_APPEND: %d", fd2);
	CHECK(v_write(fd2, "!", 1) == 1, "append");
	CHECK(v_stat("/tmp/f", &st, 0) == 0 && st.st_size == 13, "size after append %lu",
	    (unsigned long)st.st_size);
	v_close(fd2);
	/* An unlinked open file stays readable until closed. */
	CHECK(v_unlink("/tmp/f") == 0, "unlink an open file");
	CHECK(v_open("/tmp/f", XO_RDONLY, 0) == -ENOENT, "it is gone by name");
	CHECK(v_lseek(fd, 0, XSEEK_SET) == 0 && v_read(fd, buf, 100) == 13,
	    "still readable through the descriptor");
	v_close(fd);
	/* Directories. */
	CHECK(v_mkdir("/tmp/d", 0755) == 0, "mkdir");
	CHECK((r = v_mkdir("/tmp/d", 0755)) == -EEXIST, "mkdir again: %d", r);
	CHECK(v_mkdir("/tmp/d/e/", 0755) == 0, "mkdir with a trailing slash");
	fd = v_open("/tmp/d", XO_RDONLY | XO_DIRECTORY, 0);
	CHECK(fd >= 0, "open /tmp/d: %d", fd);
	r = v_getdents(fd, buf, sizeof(buf));
	v_close(fd);
	CHECK(r > 0, "getdents /tmp/d: %d", r);
	{
		int seen = 0;

		for (int off = 0; off < r;) {
			struct xdirent *d = (struct xdirent *)(buf + off);

			CHECK(d->xd_reclen > 0 && off + d->xd_reclen <= r, "a bad record");
			seen += strcmp(d->xd_name, "e") == 0;
			off += d->xd_reclen;
		}
		CHECK(seen == 1, "/tmp/d lists e %d times in %d bytes", seen, r);
	}
	CHECK((r = v_rmdir("/tmp/d")) == -ENOTEMPTY, "rmdir of a full directory: %d", r);
	CHECK((r = v_unlink("/tmp/d")) == -EISDIR || r == -EPERM, "unlink of a directory: %d", r);
	CHECK(v_stat("/tmp/d", &st, 0) == 0 && st.st_nlink == 3, "nlink of /tmp/d: %u",
	    st.st_nlink);
	CHECK(v_rmdir("/tmp/d/e") == 0 && v_rmdir("/tmp/d") == 0, "rmdir both");
	/* ".." at the mount's root is /. */
	CHECK(v_chdir("/tmp") == 0 && v_open("../etc/fstab", XO_RDONLY, 0) >= 0, "/tmp/..");
	CHECK(v_getcwd(buf, sizeof(buf)) == 5 && strcmp(buf, "/tmp") == 0, "getcwd %s", buf);
	CHECK((r = v_path_call(VFS_UMOUNT, "/tmp", 0)) == -EBUSY, "umount while in use: %d", r);
	v_chdir("/");
	/* Rename over an existing file. */
	fd = v_open("/tmp/f", XO_WRONLY | XO_CREAT | XO_TRUNC, 0600);
	CHECK(fd >= 0 && v_write(fd, "one", 3) == 3, "file one");
	v_close(fd);
	fd = v_open("/tmp/g", XO_WRONLY | XO_CREAT | XO_TRUNC, 0600);
	CHECK(fd >= 0 && v_write(fd, "two!", 4) == 4, "file two");
	v_close(fd);
	CHECK(vt_rename("/tmp/f", "/tmp/g") == 0, "rename over an existing file");
	CHECK(v_stat("/tmp/g", &st, 0) == 0 && st.st_size == 3, "the new g");
	CHECK(v_stat("/tmp/f", &st, 0) == -ENOENT, "f is gone");
	CHECK((r = vt_rename("/tmp/g", "/etc/g")) == -EXDEV, "rename across mounts: %d", r);
	CHECK((r = v_path_call(VFS_TRUNCATE, "/tmp/g", 1)) == 0, "truncate: %d", r);
	CHECK(v_stat("/tmp/g", &st, 0) == 0 && st.st_size == 1, "size after truncate");
	CHECK(v_unlink("/tmp/g") == 0, "unlink g");
	return NULL;
}

const char *
t_chr(void)
{
	struct xpollfd pf;
	int fd, r;

	if (!vt_mounted("/dev", "devfs")) {
		printf("vfstest: no devfs on /dev: chr test skipped\n");
		return NULL;
	}
	fd = v_open("/dev/zero", XO_RDONLY, 0);
	CHECK(fd >= 0, "open /dev/zero: %d", fd);
	memset(buf, 0x55, 64);
	CHECK((r = v_read(fd, buf, 64)) == 64, "read /dev/zero: %d", r);
	for (int i = 0; i < 64; i++) {
		CHECK(buf[i] == 0, "byte %d of /dev/zero is %d", i, buf[i]);
	}
	pf = (struct xpollfd){ .fd = fd, .events = XPOLLIN };
	CHECK(v_poll(&pf, 1, 1000) == 1 && (pf.revents & XPOLLIN) != 0, "poll /dev/zero");
	v_close(fd);
	fd = v_open("/dev/null", XO_RDWR, 0);
	CHECK(fd >= 0, "open /dev/null: %d", fd);
	CHECK((r = v_write(fd, "gone", 4)) == 4, "write /dev/null: %d", r);
	CHECK((r = v_read(fd, buf, 10)) == 0, "read /dev/null: %d", r);
	CHECK((r = v_lseek(fd, 0, XSEEK_SET)) >= 0, "lseek /dev/null: %d", r);
	v_close(fd);
	return NULL;
}

const char *
t_restart(void)
{
	int fd, r;

	if (!vt_mounted("/tmp", "tmpfs")) {
		printf("vfstest: no tmpfs on /tmp: restart test skipped\n");
		return NULL;
	}
	fd = v_open("/tmp/keep", XO_RDWR | XO_CREAT | XO_TRUNC, 0644);
	CHECK(fd >= 0, "create /tmp/keep: %d", fd);
	CHECK(v_write(fd, "abc", 3) == 3, "write");
	CHECK(rs_fault("tmpfs", RS_FAULT_CRASH) == 0, "rs_fault tmpfs");
	clock_sleep_ms(200);
	r = v_read(fd, buf, 3);
	CHECK(r == -EIO, "a descriptor from before the restart: %d", r);
	CHECK((r = v_open("/tmp/keep", XO_RDONLY, 0)) == -ENOENT, "the old file: %d", r);
	v_close(fd);
	fd = v_open("/tmp/new", XO_RDWR | XO_CREAT, 0644);
	CHECK(fd >= 0, "a new file after the restart: %d", fd);
	CHECK(v_write(fd, "xyz", 3) == 3, "written");
	v_close(fd);
	v_unlink("/tmp/new");
	return NULL;
}
