/*
 * sync: has every mounted file system write back what it holds
 * (VFS_SYNC).  No arguments; status 1 when a file system failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "usage: sync\n");
		return 2;
	}
	if (sync() != 0) {
		fprintf(stderr, "sync: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
