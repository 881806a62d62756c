/* echo [-n] [ARG...]: prints its arguments separated by spaces, then a
 * newline unless -n. */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int i = 1, nl = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		nl = 0;
		i++;
	}
	for (; i < argc; i++) {
		fputs(argv[i], stdout);
		if (i + 1 < argc) {
			putchar(' ');
		}
	}
	if (nl) {
		putchar('\n');
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
