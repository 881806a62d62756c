/* cp FROM TO: copies a file (TO may be a directory to copy it into). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[128 * 1024]; /* big requests: a disk file system moves them in few trips */

int
main(int argc, char **argv)
{
	char path[1024];
	const char *to;
	struct stat st;
	int in, out, status = 0;
	ssize_t n;

	if (argc != 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: cp FROM TO\n");
		return 2;
	}
	to = argv[2];
	if (stat(argv[2], &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *base = strrchr(argv[1], '/');

		snprintf(path, sizeof(path), "%s/%s", argv[2], base != NULL ? base + 1 : argv[1]);
		to = path;
	}
	in = open(argv[1], O_RDONLY);
	if (in < 0) {
		fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
		close(in);
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
			status = 1;
			break;
		}
	}
	if (n < 0) {
		fprintf(stderr, "cp: %s: %s\n", argv[1], strerror(errno));
		status = 1;
	}
	close(in);
	close(out);
	return status;
}
