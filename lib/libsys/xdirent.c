/*
 * The directory-entry encoder (libsys/xdirent.h).
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/fs.h>

size_t
xdirent_put(void *buf, size_t room, uint64_t ino, uint32_t mode, const char *name, size_t name_len)
{
	size_t reclen = (offsetof(struct xdirent, xd_name) + name_len + 1 + 7) & ~(size_t)7;
	struct xdirent d = { 0 };
	uint8_t *out = buf;

	if (reclen > room || reclen > UINT16_MAX) {
		return 0;
	}
	d.xd_ino = ino;
	d.xd_reclen = (uint16_t)reclen;
	d.xd_type = (uint8_t)((mode & XS_IFMT) >> 12);
	memset(out, 0, reclen);
	memcpy(out, &d, offsetof(struct xdirent, xd_name));
	memcpy(out + offsetof(struct xdirent, xd_name), name, name_len);
	return reclen;
}
