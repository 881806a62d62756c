/* head [-n N] [FILE...]: the first N (10) lines of each file or of
 * standard input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
head(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n') {
			n--;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	long n = 10;
	int i = 1, status = 0;
	char *end;

	if (i < argc && strcmp(argv[i], "-n") == 0) {
		if (i + 1 >= argc) {
			goto usage;
		}
		n = strtol(argv[i + 1], &end, 10);
		if (*end != '\0' || n < 0 || argv[i + 1][0] == '\0') {
			goto usage;
		}
		i += 2;
	}
	if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		goto usage;
	}
	if (i == argc) {
		return head(stdin, n);
	}
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (f == NULL) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		head(f, n);
		fclose(f);
	}
	return status;
usage:
	fprintf(stderr, "usage: head [-n LINES] [FILE...]\n");
	return 2;
}
