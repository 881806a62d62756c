/* mv OLD NEW: renames a file or directory (NEW may be a directory to
 * move it into). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char path[1024];
	const char *to;
	struct stat st;

	if (argc != 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: mv OLD NEW\n");
		return 2;
	}
	to = argv[2];
	if (stat(argv[2], &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *base = strrchr(argv[1], '/');

		snprintf(path, sizeof(path), "%s/%s", argv[2], base != NULL ? base + 1 : argv[1]);
		to = path;
	}
	if (rename(argv[1], to) != 0) {
		fprintf(stderr, "mv: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}
