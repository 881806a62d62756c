/* mkfifo [-m MODE] NAME...: makes named pipes (mode 0666 less the umask,
 * or MODE in octal). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
main(int argc, char **argv)
{
	mode_t mode = 0666;
	int i = 1, status = 0;

	if (i + 1 < argc && strcmp(argv[i], "-m") == 0) {
		char *end;

		mode = (mode_t)strtoul(argv[i + 1], &end, 8);
		if (*end != '\0' || mode > 07777) {
			goto usage;
		}
		i += 2;
	}
	if (i == argc || argv[i][0] == '-') {
		goto usage;
	}
	for (; i < argc; i++) {
		if (mkfifo(argv[i], mode) != 0) {
			fprintf(stderr, "mkfifo: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: mkfifo [-m MODE] NAME...\n");
	return 2;
}
