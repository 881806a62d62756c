/* chmod MODE PATH...: sets the permission bits (MODE in octal: 755). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
main(int argc, char **argv)
{
	char *end;
	long mode;
	int status = 0;

	if (argc < 3) {
		goto usage;
	}
	mode = strtol(argv[1], &end, 8);
	if (*end != '\0' || argv[1][0] == '\0' || mode < 0 || mode > 07777) {
		goto usage;
	}
	for (int i = 2; i < argc; i++) {
		if (chmod(argv[i], (mode_t)mode) != 0) {
			fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: chmod OCTAL-MODE PATH...\n");
	return 2;
}
