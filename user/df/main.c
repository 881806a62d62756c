/* df: blocks and files used and free on each mounted file system (the
 * mount table, then statfs() of each mount point). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

int
main(int argc, char **argv)
{
	struct vfs_mntent me;
	struct xstatfs sf;
	uint64_t cursor = 0;
	int r;

	if (argc > 1) {
		fprintf(stderr, "usage: df\n");
		return 2;
	}
	printf("%-12s %-8s %10s %10s %8s %8s  %s\n", "Filesystem", "Type", "KiB", "Free KiB",
	    "Files", "Free", "Mounted on");
	while ((r = mount_next(&cursor, &me)) > 0) {
		memset(&sf, 0, sizeof(sf));
		if (statfs(me.me_target, &sf) != 0) {
			printf("%-12s %-8s %10s %10s %8s %8s  %s\n", me.me_source, me.me_type, "?",
			    "?", "?", "?", me.me_target);
			continue;
		}
		printf("%-12s %-8s %10lu %10lu %8lu %8lu  %s\n", me.me_source, me.me_type,
		    (unsigned long)(sf.sf_blocks * sf.sf_bsize / 1024),
		    (unsigned long)(sf.sf_bfree * sf.sf_bsize / 1024), (unsigned long)sf.sf_files,
		    (unsigned long)sf.sf_ffree, me.me_target);
	}
	if (r < 0) {
		fprintf(stderr, "df: reading the mount table: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
