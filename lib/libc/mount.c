/*
 * mount, umount, statfs and the mount table (sys/mount.h): VFS_MOUNT,
 * VFS_UMOUNT, VFS_STATFS and VFS_MOUNTS.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <xinim/kcall.h>
#include "libc_int.h"

int
mount(const char *source, const char *target, const char *type, unsigned flags, const char *options)
{
	char buf[XPATH_MAX * 2 + 64];
	struct message m = { .m_type = VFS_MOUNT };
	struct ds_lend l;
	int n;

	if (source == NULL || target == NULL || type == NULL) {
		errno = EFAULT;
		return -1;
	}
	/* "source\0target\0type\0" and, when given, "options\0". */
	n = snprintf(buf, sizeof(buf), "%s%c%s%c%s%c%s", source, 0, target, 0, type, 0,
	    options != NULL ? options : "");
	if (n < 0 || (size_t)n + 1 >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	n += options != NULL ? 1 : 0;
	l = (struct ds_lend){ buf, (size_t)n, GRANT_READ, 0 };
	m.m_arg[1] = (uint64_t)n;
	m.m_arg[2] = flags;
	return (int)libc_ret(libc_vfs_lend(&m, &l, 1));
}

int
umount(const char *target)
{
	struct message m = { .m_type = VFS_UMOUNT };

	return (int)libc_ret(libc_vfs_path(&m, 0, target, NULL, 0));
}

int
statfs(const char *path, struct xstatfs *out)
{
	struct message m = { .m_type = VFS_STATFS };
	struct ds_lend l = { out, sizeof(*out), GRANT_WRITE, 2 };

	return (int)libc_ret(libc_vfs_path(&m, 0, path, &l, 1));
}

int
mount_next(uint64_t *cursor, struct vfs_mntent *out)
{
	struct message m = { .m_type = VFS_MOUNTS };
	struct ds_lend l = { out, sizeof(*out), GRANT_WRITE, 1 };
	long r;

	if (*cursor == UINT64_MAX) {
		return 0;
	}
	m.m_arg[0] = *cursor;
	r = libc_vfs_lend(&m, &l, 1);
	if (r == -ENOENT) {
		return 0;
	}
	if (r < 0) {
		return (int)libc_ret(r);
	}
	out->me_source[sizeof(out->me_source) - 1] = '\0';
	out->me_target[sizeof(out->me_target) - 1] = '\0';
	out->me_type[sizeof(out->me_type) - 1] = '\0';
	*cursor = m.m_arg[1] != 0 ? m.m_arg[1] : UINT64_MAX;
	return 1;
}
