/*
 * Directory streams over VFS_GETDENTS: each DIR holds a descriptor and a
 * buffer of struct xdirent records that readdir() walks, refilled when
 * used up.  Records are checked before use: a length that does not fit
 * the batch ends it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>
#include "libc_int.h"

#define DIR_BUF 2048

struct libc_dir {
	int d_fd;
	size_t d_len, d_pos;
	struct dirent d_ent;
	_Alignas(8) char d_buf[DIR_BUF];
};

DIR *
fdopendir(int fd)
{
	DIR *d = calloc(1, sizeof(*d));

	if (d == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	d->d_fd = fd;
	return d;
}

DIR *
opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0) {
		return NULL;
	}
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
	}
	return d;
}

static long
refill(DIR *d)
{
	struct message m = { .m_type = VFS_GETDENTS };
	struct ds_lend l = { d->d_buf, sizeof(d->d_buf), GRANT_WRITE, 1 };
	long r;

	m.m_arg[0] = (uint64_t)d->d_fd;
	m.m_arg[2] = sizeof(d->d_buf);
	r = libc_vfs_lend(&m, &l, 1);
	d->d_pos = 0;
	d->d_len = r > 0 && (size_t)r <= sizeof(d->d_buf) ? (size_t)r : 0;
	return r;
}

#define NAME_AT offsetof(struct xdirent, xd_name)

struct dirent *
readdir(DIR *d)
{
	const struct xdirent *x;
	size_t room, name_room;

	if (d->d_pos + NAME_AT >= d->d_len) {
		long r = refill(d);

		if (r < 0) {
			errno = (int)-r;
			return NULL;
		}
		if (d->d_len <= NAME_AT) {
			return NULL;
		}
	}
	x = (const struct xdirent *)(d->d_buf + d->d_pos);
	room = d->d_len - d->d_pos;
	if (x->xd_reclen <= NAME_AT || x->xd_reclen > room) {
		d->d_len = 0;
		return NULL;
	}
	name_room = x->xd_reclen - NAME_AT;
	if (name_room > sizeof(d->d_ent.d_name)) {
		name_room = sizeof(d->d_ent.d_name);
	}
	d->d_ent.d_ino = x->xd_ino;
	d->d_ent.d_type = x->xd_type;
	memcpy(d->d_ent.d_name, x->xd_name, name_room);
	d->d_ent.d_name[name_room - 1] = '\0';
	d->d_pos += x->xd_reclen;
	return &d->d_ent;
}

int
closedir(DIR *d)
{
	int r = close(d->d_fd);

	free(d);
	return r;
}

int
dirfd(DIR *d)
{
	return d->d_fd;
}

void
rewinddir(DIR *d)
{
	lseek(d->d_fd, 0, SEEK_SET);
	d->d_len = d->d_pos = 0;
}
