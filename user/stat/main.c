/* stat PATH...: a file's type, size, mode, owner, links and inode (a
 * symbolic link itself, not what it names). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *
type(mode_t m)
{
	if (S_ISREG(m)) {
		return "regular file";
	}
	if (S_ISDIR(m)) {
		return "directory";
	}
	if (S_ISLNK(m)) {
		return "symbolic link";
	}
	if (S_ISCHR(m)) {
		return "character device";
	}
	if (S_ISBLK(m)) {
		return "block device";
	}
	if (S_ISFIFO(m)) {
		return "fifo";
	}
	return "socket";
}

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc == 1 || argv[1][0] == '-') {
		fprintf(stderr, "usage: stat PATH...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (lstat(argv[i], &st) != 0) {
			fprintf(stderr, "stat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		printf("  File: %s\n  Type: %s\n  Size: %ld\n  Mode: %04o\n  Uid: %d  Gid: %d\n"
		       "  Links: %ld  Inode: %ld\n",
		    argv[i], type(st.st_mode), (long)st.st_size, (unsigned)(st.st_mode & 07777),
		    (int)st.st_uid, (int)st.st_gid, (long)st.st_nlink, (long)st.st_ino);
	}
	return status;
}
