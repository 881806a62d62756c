/* sleep SECONDS: waits that many seconds (a whole number, or with a
 * fraction: 0.5). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int
main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 };
	char *end;
	long ns = 0, scale = 100000000;

	if (argc != 2 || argv[1][0] < '0' || argv[1][0] > '9') {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	ts.tv_sec = strtol(argv[1], &end, 10);
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9' && scale > 0; end++, scale /= 10) {
			ns += (*end - '0') * scale;
		}
	}
	if (*end != '\0') {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	ts.tv_nsec = ns;
	return nanosleep(&ts, NULL) == 0 ? 0 : 1;
}
