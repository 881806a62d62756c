/*
 * Unix permission checks: owner, group or other bits by who asks, and
 * root's override, which covers everything but executing a file that
 * has no execute bit at all (directories are always searchable by root).
 * Pure code, tested on the host.
 */
#include <xinim/fs.h>
#include "vfs.h"

bool
vfs_perm(uint32_t mode, uint32_t ouid, uint32_t ogid, uint32_t uid, uint32_t gid, unsigned want)
{
	unsigned bits;

	want &= XR_OK | XW_OK | XX_OK;
	if (uid == 0) {
		if ((want & XX_OK) == 0 || (mode & XS_IFMT) == XS_IFDIR) {
			return true;
		}
		return (mode & 0111) != 0;
	}
	if (uid == ouid) {
		bits = (mode >> 6) & 7;
	} else if (gid == ogid) {
		bits = (mode >> 3) & 7;
	} else {
		bits = mode & 7;
	}
	return (bits & want) == want;
}
