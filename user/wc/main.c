/* wc [FILE...]: lines, words and bytes of each file (or standard input),
 * with a total for more than one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];

static int
count(int fd, long c[3])
{
	ssize_t n;
	int inword = 0;

	c[0] = c[1] = c[2] = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];
			int space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' ||
			    ch == '\f' || ch == '\v';

			c[0] += ch == '\n';
			c[1] += !space && !inword;
			inword = !space;
		}
		c[2] += n;
	}
	return n < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	long c[3], total[3] = { 0, 0, 0 };
	int status = 0;

	if (argc == 1) {
		if (count(0, c) != 0) {
			fprintf(stderr, "wc: %s\n", strerror(errno));
			return 1;
		}
		printf("%7ld %7ld %7ld\n", c[0], c[1], c[2]);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int fd;

		if (argv[i][0] == '-') {
			fprintf(stderr, "usage: wc [FILE...]\n");
			return 2;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, c) != 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			if (fd >= 0) {
				close(fd);
			}
			continue;
		}
		close(fd);
		printf("%7ld %7ld %7ld %s\n", c[0], c[1], c[2], argv[i]);
		for (int k = 0; k < 3; k++) {
			total[k] += c[k];
		}
	}
	if (argc > 2) {
		printf("%7ld %7ld %7ld total\n", total[0], total[1], total[2]);
	}
	return status;
}
