/* mount: lists the mounted file systems (mount_next()) as "SOURCE on
 * TARGET type TYPE (rw)"; mount -t TYPE [-r] [-o OPTIONS] SOURCE TARGET
 * mounts one (-r or -o ro: read-only, which vfs takes out of OPTIONS;
 * the other OPTIONS are the file system's, such as tmpfs's size=1M).
 * SOURCE is a device for a disk file system: mount -t ext2 /dev/vda /mnt. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

static int
list(void)
{
	struct vfs_mntent me;
	uint64_t cursor = 0;
	int r;

	while ((r = mount_next(&cursor, &me)) > 0) {
		printf("%s on %s type %s (%s)\n", me.me_source, me.me_target, me.me_type,
		    (me.me_flags & XMNT_RDONLY) != 0 ? "ro" : "rw");
	}
	if (r < 0) {
		fprintf(stderr, "mount: reading the mount table: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *type = NULL, *opts = NULL;
	int i = 1, flags = 0;

	if (argc == 1) {
		return list();
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			type = argv[++i];
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			opts = argv[++i];
		} else if (strcmp(argv[i], "-r") == 0) {
			flags |= XMNT_RDONLY;
		} else {
			goto usage;
		}
	}
	if (type == NULL || argc - i != 2) {
		goto usage;
	}
	if (mount(argv[i], argv[i + 1], type, (unsigned)flags, opts) != 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", argv[i], argv[i + 1], strerror(errno));
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: mount [-t TYPE [-r] [-o OPTIONS] SOURCE TARGET]\n");
	return 2;
}
