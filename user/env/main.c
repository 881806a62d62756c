/* env: prints the environment, one NAME=value a line. */
#include <stdio.h>

extern char **environ;

int
main(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "usage: env\n");
		return 2;
	}
	for (char **e = environ; e != NULL && *e != NULL; e++) {
		puts(*e);
	}
	return 0;
}
