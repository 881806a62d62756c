/* mkdir [-p] DIR...: makes directories; -p makes the missing parents too
 * and accepts one that exists. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int
make(char *path, int parents)
{
	if (parents) {
		for (char *s = path + 1; *s != '\0'; s++) {
			if (*s == '/') {
				*s = '\0';
				if (mkdir(path, 0777) != 0 && errno != EEXIST) {
					fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
					*s = '/';
					return 1;
				}
				*s = '/';
			}
		}
	}
	if (mkdir(path, 0777) != 0 && !(parents && errno == EEXIST)) {
		fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;

	if (i < argc && strcmp(argv[i], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i == argc || argv[i][0] == '-') {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 2;
	}
	for (; i < argc; i++) {
		status |= make(argv[i], parents);
	}
	return status;
}
