/*
 * pmtest's child roles (`pmtest -c ROLE ...`), which the tests spawn
 * through pm: exit with a status, fault, sleep until killed, check the
 * environment, report whether a descriptor is open, ignore SIGTERM,
 * check the parent's pid, change its uid.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "pmtest.h"

__attribute__((noreturn)) static void
sleep_forever(void)
{
	for (;;) {
		usleep(50000);
	}
}

int
pmtest_child(int argc, char **argv)
{
	const char *role = argc > 2 ? argv[2] : "";

	if (strcmp(role, "exit") == 0 && argc > 3) {
		return atoi(argv[3]);
	}
	if (strcmp(role, "segv") == 0) {
		int *volatile bad = (int *)8;

		*bad = 1;
		return 99;
	}
	if (strcmp(role, "sleep") == 0) {
		sleep_forever();
	}
	if (strcmp(role, "env") == 0 && argc > 4) {
		const char *v = getenv(argv[3]);

		return v != NULL && strcmp(v, argv[4]) == 0 ? 0 : 1;
	}
	if (strcmp(role, "fd") == 0 && argc > 3) {
		return fcntl(atoi(argv[3]), F_GETFD) >= 0 ? 0 : 1;
	}
	if (strcmp(role, "ignore") == 0) {
		if (signal(SIGTERM, SIG_IGN) == SIG_ERR) {
			return 2;
		}
		write(1, "r", 1);
		sleep_forever();
	}
	if (strcmp(role, "setid") == 0) {
		/* Root may become anyone; then it may not come back. */
		if (getuid() != 0 || setuid(1000) != 0 || getuid() != 1000) {
			return 1;
		}
		return setuid(0) == -1 && errno == EPERM ? 0 : 2;
	}
	if (strcmp(role, "ppid") == 0 && argc > 3) {
		return getppid() == atoi(argv[3]) ? 0 : 1;
	}
	return 100;
}
