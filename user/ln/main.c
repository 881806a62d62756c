/* ln [-s] TARGET NAME: a hard link, or with -s a symbolic link, NAME to
 * TARGET. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int i = 1, sym = 0, err;

	if (i < argc && strcmp(argv[i], "-s") == 0) {
		sym = 1;
		i++;
	}
	if (argc - i != 2 || argv[i][0] == '-') {
		fprintf(stderr, "usage: ln [-s] TARGET NAME\n");
		return 2;
	}
	err = sym ? symlink(argv[i], argv[i + 1]) : link(argv[i], argv[i + 1]);
	if (err != 0) {
		fprintf(stderr, "ln: %s: %s\n", argv[i + 1], strerror(errno));
		return 1;
	}
	return 0;
}
