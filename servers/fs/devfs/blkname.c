/*
 * Block device names (proto/blk.h "Names"): a driver's prefix from
 * blk_majors, one letter for the device in PCI order, and for a
 * partition its number.  devfs_blk_rdev() turns such a name into the
 * device number of its node; it is pure C (tests/unit/test_devfs.c).
 */
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/blk.h>
#include "devfs.h"

/* The partition number in s ("" is 0, the whole device), or -EINVAL:
 * decimal without a leading zero, 1 .. BLK_PARTS - 1. */
static int
part_number(const char *s)
{
	unsigned v = 0;

	if (s[0] == '\0') {
		return 0;
	}
	if (s[0] == '0') {
		return -EINVAL;
	}
	for (int i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 2) {
			return -EINVAL;
		}
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	return v < BLK_PARTS ? (int)v : -EINVAL;
}

int
devfs_blk_rdev(const char *name, uint32_t *rdev)
{
	if (name == NULL || strnlen(name, DEVFS_NAME_MAX + 1) > DEVFS_NAME_MAX) {
		return -EINVAL;
	}
	for (unsigned i = 0; i < BLK_NMAJORS; i++) {
		const struct blk_major *bm = &blk_majors[i];
		size_t pl = strlen(bm->bm_prefix);
		int dev, part;

		if (strncmp(name, bm->bm_prefix, pl) != 0) {
			continue;
		}
		dev = name[pl] - 'a';
		if (dev < 0 || dev >= BLK_MAX_DEVS) {
			return -EINVAL;
		}
		part = part_number(name + pl + 1);
		if (part < 0) {
			return -EINVAL;
		}
		*rdev = XDEV_MAKE(bm->bm_major, BLK_MINOR((unsigned)dev, (unsigned)part));
		return 0;
	}
	return -EINVAL;
}
