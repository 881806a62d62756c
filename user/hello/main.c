/*
 * hello: the smallest program.  Prints a greeting and its arguments, and
 * exits with status 0 (or with the number given as `exit=N`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int status = 0;

	printf("hello, world\n");
	for (int i = 1; i < argc; i++) {
		printf("hello: argv[%d] = \"%s\"\n", i, argv[i]);
		if (strncmp(argv[i], "exit=", 5) == 0) {
			status = atoi(argv[i] + 5);
		}
	}
	return status;
}
