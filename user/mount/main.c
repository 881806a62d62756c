/* mount: lists the mounted file systems (VFS_MOUNTS); mount -t TYPE [-r]
 * [-o OPTIONS] SOURCE TARGET mounts one (-r: read-only; OPTIONS for the
 * file system, such as tmpfs's size=1M). */
#include <libsys/ds.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>

static int
list(void)
{
	uint64_t index = 0;

	do {
		struct message m = { .m_type = VFS_MOUNTS };
		struct vfs_mntent me;
		int err;

		m.m_arg[0] = index;
		err = ds_call_grant("vfs", &m, 1, &me, sizeof(me), GRANT_WRITE);
		if (err == 0 && (int64_t)m.m_arg[0] == -ENOENT) {
			break;
		}
		if (err != 0 || (int64_t)m.m_arg[0] < 0) {
			fprintf(stderr, "mount: vfs does not answer (%d)\n",
			    err != 0 ? err : (int)m.m_arg[0]);
			return 1;
		}
		me.me_source[sizeof(me.me_source) - 1] = '\0';
		me.me_target[sizeof(me.me_target) - 1] = '\0';
		me.me_type[sizeof(me.me_type) - 1] = '\0';
		printf("%s on %s type %s (%s)\n", me.me_source, me.me_target, me.me_type,
		    (me.me_flags & XMNT_RDONLY) != 0 ? "ro" : "rw");
		index = m.m_arg[1];
	} while (index != 0);
	return 0;
}

int
main(int argc, char **argv)
{
	struct message m = { .m_type = VFS_MOUNT };
	const char *type = NULL, *opts = NULL;
	char buf[XPATH_MAX * 2 + 32];
	int i = 1, flags = 0, err;
	size_t n;

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
	/* "source\0target\0type\0" and, when given, "options\0". */
	n = (size_t)snprintf(buf, sizeof(buf), "%s%c%s%c%s%c%s", argv[i], 0, argv[i + 1], 0, type,
	        0, opts != NULL ? opts : "") +
	    (opts != NULL ? 1 : 0);
	if (n >= sizeof(buf)) {
		fprintf(stderr, "mount: names too long\n");
		return 1;
	}
	m.m_arg[1] = n;
	m.m_arg[2] = (uint64_t)flags;
	err = ds_call_grant("vfs", &m, 0, buf, n, GRANT_READ);
	if (err == 0) {
		err = (int)m.m_arg[0];
	}
	if (err != 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", argv[i], argv[i + 1], strerror(-err));
		return 1;
	}
	return 0;
usage:
	fprintf(stderr, "usage: mount [-t TYPE [-r] [-o OPTIONS] SOURCE TARGET]\n");
	return 2;
}
