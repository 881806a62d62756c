/*
 * VFS_SYNC: every mounted file system is asked to write back all it
 * holds (FS_SYNC for inode 0), one after another on the caller's worker;
 * the first error is the answer, but every mount is still asked, so one
 * dead server does not leave the others unsynced.
 */
#include <xinim/errno.h>
#include "vfs.h"

int
vfs_do_sync(struct vfs_req *q)
{
	int first = 0;

	for (int i = 0; i < VFS_NMOUNT; i++) {
		struct fs_slot rq = { .fs_op = FS_SYNC };
		int err;

		if (!vfs_mounts[i].m_used) {
			continue;
		}
		err = vfs_fs_call(i, &rq);
		if (err < 0 && first == 0) {
			first = err;
		}
	}
	return first;
}
