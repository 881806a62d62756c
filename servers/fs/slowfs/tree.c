/*
 * slowfs's contents (slowfs.h): the options, the root and `data`.  Pure
 * code.
 */
#include <libsys/xdirent.h>
#include <string.h>
#include <xinim/errno.h>
#include "slowfs.h"

int
slowfs_opts_parse(const char *s, uint32_t *delay_ms)
{
	*delay_ms = SLOWFS_DELAY_DEFAULT;
	while (*s != '\0') {
		const char *end = strchr(s, ',');
		size_t n = end != NULL ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', n);

		if (eq != NULL) {
			uint64_t v = 0;
			const char *p = eq + 1;

			if ((size_t)(eq - s) != 5 || memcmp(s, "delay", 5) != 0 || p == s + n) {
				return -EINVAL;
			}
			for (; p < s + n; p++) {
				if (*p < '0' || *p > '9') {
					return -EINVAL;
				}
				v = v * 10 + (uint64_t)(*p - '0');
				if (v > SLOWFS_DELAY_MAX) {
					return -EINVAL;
				}
			}
			*delay_ms = (uint32_t)v;
		}
		s += n;
		if (*s == ',') {
			s++;
		}
	}
	return 0;
}

int
slowfs_attr(uint64_t ino, struct fs_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->fa_ino = ino;
	if (ino == SLOWFS_ROOT_INO) {
		a->fa_mode = XS_IFDIR | 0555;
		a->fa_nlink = 2;
		return 0;
	}
	if (ino == SLOWFS_DATA_INO) {
		a->fa_mode = XS_IFREG | 0444;
		a->fa_nlink = 1;
		a->fa_size = SLOWFS_SIZE;
		a->fa_blocks = SLOWFS_SIZE / 512;
		return 0;
	}
	return -ENOENT;
}

int64_t
slowfs_lookup(uint64_t dir, const char *name)
{
	if (dir == SLOWFS_DATA_INO) {
		return -ENOTDIR;
	}
	if (dir != SLOWFS_ROOT_INO) {
		return -ENOENT;
	}
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		return SLOWFS_ROOT_INO;
	}
	return strcmp(name, "data") == 0 ? SLOWFS_DATA_INO : -ENOENT;
}

int64_t
slowfs_getdents(uint64_t dir, uint64_t *cookie, void *buf, size_t len)
{
	static const char *const names[] = { ".", "..", "data" };
	static const uint64_t inos[] = { SLOWFS_ROOT_INO, SLOWFS_ROOT_INO, SLOWFS_DATA_INO };
	static const uint32_t modes[] = { XS_IFDIR, XS_IFDIR, XS_IFREG };
	size_t done = 0;

	if (dir == SLOWFS_DATA_INO) {
		return -ENOTDIR;
	}
	if (dir != SLOWFS_ROOT_INO) {
		return -ENOENT;
	}
	while (*cookie < 3) {
		const char *n = names[*cookie];
		size_t r = xdirent_put((uint8_t *)buf + done, len - done, inos[*cookie],
		    modes[*cookie], n, strlen(n));

		if (r == 0) {
			return done == 0 ? -EINVAL : (int64_t)done;
		}
		done += r;
		(*cookie)++;
	}
	return (int64_t)done;
}

size_t
slowfs_fill(uint64_t off, void *buf, size_t len)
{
	uint8_t *b = buf;

	if (off >= SLOWFS_SIZE) {
		return 0;
	}
	if (len > SLOWFS_SIZE - off) {
		len = (size_t)(SLOWFS_SIZE - off);
	}
	for (size_t i = 0; i < len; i++) {
		b[i] = (uint8_t)((off + i) & 0xff);
	}
	return len;
}
