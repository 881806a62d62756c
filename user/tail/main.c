/* tail [-n N] [FILE]: the last N (10) lines of a file or of standard
 * input, kept in a ring of lines while reading. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAIL_MAX 1000  /* lines kept at most */
#define TAIL_LINE 1024 /* bytes of a line kept */

static char lines[TAIL_MAX][TAIL_LINE];

int
main(int argc, char **argv)
{
	long n = 10, count = 0;
	int i = 1;
	char *end;
	FILE *f = stdin;

	if (i < argc && strcmp(argv[i], "-n") == 0) {
		if (i + 1 >= argc) {
			goto usage;
		}
		n = strtol(argv[i + 1], &end, 10);
		if (*end != '\0' || n < 0 || n > TAIL_MAX || argv[i + 1][0] == '\0') {
			goto usage;
		}
		i += 2;
	}
	if (argc - i > 1 || (i < argc && argv[i][0] == '-')) {
		goto usage;
	}
	if (i < argc && (f = fopen(argv[i], "r")) == NULL) {
		fprintf(stderr, "tail: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	while (n > 0 && fgets(lines[count % n], TAIL_LINE, f) != NULL) {
		count++;
	}
	for (long k = count > n ? count - n : 0; k < count; k++) {
		fputs(lines[k % n], stdout);
	}
	if (f != stdin) {
		fclose(f);
	}
	return 0;
usage:
	fprintf(stderr, "usage: tail [-n LINES] [FILE]\n");
	return 2;
}
