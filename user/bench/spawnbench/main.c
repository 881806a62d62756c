/*
 * spawnbench: the cost of starting and reaping a trivial program through
 * pm: posix_spawn + waitpid of /bin/true (or, without it, spawnbench
 * itself with -c, which exits at once), ROUNDS times, each timed alone.
 * Prints
 *
 *   RESULT spawn_wait_us  the median of the rounds, in microseconds
 *
 * and the minimum and maximum on a line of its own.  Run with
 * run=spawnbench [ROUNDS].
 */
#include <libsys/clock.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 1000

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	char *self_argv[] = { "spawnbench", "-c", NULL };
	char *true_argv[] = { "true", NULL };
	const char *path = "/bin/true";
	char **args = true_argv;
	int rounds = ROUNDS;
	uint64_t *ns;

	if (argc > 1 && strcmp(argv[1], "-c") == 0) {
		return 0;
	}
	if (argc > 1) {
		rounds = atoi(argv[1]);
	}
	if (rounds < 1 || rounds > 100000) {
		rounds = ROUNDS;
	}
	if (access(path, X_OK) != 0) {
		path = "/bin/spawnbench";
		args = self_argv;
	}
	ns = malloc((size_t)rounds * sizeof(*ns));
	if (ns == NULL) {
		printf("spawnbench: out of memory\n");
		return 1;
	}
	for (int i = 0; i < rounds; i++) {
		uint64_t t0 = clock_now_ns();
		int st = -1, err;
		pid_t pid;

		err = posix_spawn(&pid, path, NULL, NULL, args, NULL);
		if (err != 0 || waitpid(pid, &st, 0) != pid || st != 0) {
			printf("spawnbench: round %d: spawn %s, status 0x%x\n", i, strerror(err),
			    st);
			return 1;
		}
		ns[i] = clock_now_ns() - t0;
	}
	qsort(ns, (size_t)rounds, sizeof(*ns), cmp_u64);
	printf("spawnbench: %d rounds of %s: min %lu us, max %lu us\n", rounds, path, ns[0] / 1000,
	    ns[rounds - 1] / 1000);
	printf("RESULT spawn_wait_us %lu us\n", ns[rounds / 2] / 1000);
	return 0;
}
