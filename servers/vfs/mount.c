/*
 * The mount table: which file system hides which directory.  Slot 0 is
 * the root mount.  Pure code, tested on the host; the IPC of mounting
 * lives in fsc.c and mounts.c.
 */
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

struct vmount vfs_mounts[VFS_NMOUNT];

int
vfs_mount_on(int mnt, uint64_t ino)
{
	for (int i = 0; i < VFS_NMOUNT; i++) {
		const struct vmount *m = &vfs_mounts[i];

		if (m->m_used && m->m_parent == mnt && m->m_covered == ino && m->m_parent >= 0) {
			return i;
		}
	}
	return -1;
}

int
vfs_mount_alloc(void)
{
	for (int i = 0; i < VFS_NMOUNT; i++) {
		if (!vfs_mounts[i].m_used && !vfs_mounts[i].m_mounting) {
			memset(&vfs_mounts[i], 0, sizeof(vfs_mounts[i]));
			vfs_mounts[i].m_mounting = true;
			return i;
		}
	}
	return -ENOSPC;
}

bool
vfs_mount_has_children(int mnt)
{
	for (int i = 0; i < VFS_NMOUNT; i++) {
		if (i != mnt && vfs_mounts[i].m_used && vfs_mounts[i].m_parent == mnt) {
			return true;
		}
	}
	return false;
}
