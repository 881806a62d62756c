/* df: blocks and files used and free on each mounted file system
 * (VFS_MOUNTS, then VFS_STATFS on each mount point). */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>

/* VFS_STATFS lends two buffers, the path and the answer: both granted
 * here to vfs's current endpoint. */
static int
statfs_at(const char *path, struct xstatfs *sf)
{
	struct message m = { .m_type = VFS_STATFS };
	endpoint_t vfs = ds_lookup("vfs");
	int64_t gp, gs;
	int err;

	if (vfs < 0) {
		return vfs;
	}
	gp = kc_grant_create(vfs, path, strlen(path), GRANT_READ);
	gs = kc_grant_create(vfs, sf, sizeof(*sf), GRANT_WRITE);
	if (gp < 0 || gs < 0) {
		err = -ENOMEM;
		goto out;
	}
	m.m_arg[0] = (uint64_t)gp;
	m.m_arg[1] = strlen(path);
	m.m_arg[2] = (uint64_t)gs;
	err = ipc_call(vfs, &m);
	if (err == 0) {
		err = (int)m.m_arg[0];
	}
out:
	if (gs >= 0) {
		kc_grant_revoke(gs);
	}
	if (gp >= 0) {
		kc_grant_revoke(gp);
	}
	return err;
}

int
main(int argc, char **argv)
{
	uint64_t index = 0;

	if (argc > 1) {
		fprintf(stderr, "usage: df\n");
		return 2;
	}
	printf("%-12s %-8s %10s %10s %8s %8s  %s\n", "Filesystem", "Type", "KiB", "Free KiB",
	    "Files", "Free", "Mounted on");
	do {
		struct message m = { .m_type = VFS_MOUNTS };
		struct vfs_mntent me;
		struct xstatfs sf;
		int err;

		m.m_arg[0] = index;
		err = ds_call_grant("vfs", &m, 1, &me, sizeof(me), GRANT_WRITE);
		if (err == 0 && (int64_t)m.m_arg[0] == -ENOENT) {
			break;
		}
		if (err != 0 || (int64_t)m.m_arg[0] < 0) {
			fprintf(stderr, "df: vfs does not answer (%d)\n",
			    err != 0 ? err : (int)m.m_arg[0]);
			return 1;
		}
		index = m.m_arg[1];
		me.me_source[sizeof(me.me_source) - 1] = '\0';
		me.me_target[sizeof(me.me_target) - 1] = '\0';
		me.me_type[sizeof(me.me_type) - 1] = '\0';
		memset(&sf, 0, sizeof(sf));
		if (statfs_at(me.me_target, &sf) != 0) {
			printf("%-12s %-8s %10s %10s %8s %8s  %s\n", me.me_source, me.me_type, "?",
			    "?", "?", "?", me.me_target);
			continue;
		}
		printf("%-12s %-8s %10lu %10lu %8lu %8lu  %s\n", me.me_source, me.me_type,
		    (unsigned long)(sf.sf_blocks * sf.sf_bsize / 1024),
		    (unsigned long)(sf.sf_bfree * sf.sf_bsize / 1024), (unsigned long)sf.sf_files,
		    (unsigned long)sf.sf_ffree, me.me_target);
	} while (index != 0);
	return 0;
}
