/* umount TARGET: detaches the file system mounted on TARGET. */
#include <libsys/ds.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/proto/vfs.h>

int
main(int argc, char **argv)
{
	struct message m = { .m_type = VFS_UMOUNT };
	int err;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: umount TARGET\n");
		return 2;
	}
	m.m_arg[1] = strlen(argv[1]);
	err = ds_call_grant("vfs", &m, 0, argv[1], strlen(argv[1]), GRANT_READ);
	if (err == 0) {
		err = (int)m.m_arg[0];
	}
	if (err != 0) {
		fprintf(stderr, "umount: %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	return 0;
}
