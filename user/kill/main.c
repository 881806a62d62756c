/* kill [-SIGNAL] PID...: sends SIGTERM (or the signal given by number or
 * name: -9, -KILL, -INT) to each process. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	int sig;
} names[] = { { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
	{ "PIPE", SIGPIPE }, { "TERM", SIGTERM } };

static int
signum(const char *s)
{
	char *end;
	long v;

	if (strncmp(s, "SIG", 3) == 0) {
		s += 3;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i].name) == 0) {
			return names[i].sig;
		}
	}
	v = strtol(s, &end, 10);
	return *end == '\0' && *s != '\0' && v > 0 && v < 64 ? (int)v : -1;
}

int
main(int argc, char **argv)
{
	int i = 1, sig = SIGTERM, status = 0;

	if (i < argc && argv[i][0] == '-') {
		sig = signum(argv[i] + 1);
		i++;
	}
	if (sig < 0 || i == argc) {
		fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
		return 2;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);

		if (*end != '\0' || argv[i][0] == '\0') {
			fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
			return 2;
		}
		if (kill((int)pid, sig) != 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
