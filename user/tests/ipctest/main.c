/*
 * ipctest: the in-OS IPC tests.  `ipctest [NAME]` runs every test (or
 * the one named), each in a child process of its own (`ipctest --test
 * NAME`), which prints `test NAME: OK` or `test NAME: FAILED: why` and
 * exits 0 or 1; a test that crashes or hangs (TEST_TIMEOUT) is reported
 * here instead.  Then the free memory is compared with what it was before
 * the first test, and one summary line `N passed, N failed` ends the run;
 * the exit status is 0 only when every test passed.
 *
 * `ipctest --role ROLE [ARG]` is one of the helper processes the tests
 * start (roles.c).
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ipctest.h"

#define TEST_TIMEOUT (60 * NS_PER_SEC)
#define WARM_UP 4 /* helpers alive at once, at most, besides a test */

static const struct {
	const char *name;
	ipctest_fn fn;
} ipctests[] = {
	{ "pingpong", test_pingpong },
	{ "receive_any", test_receive_any },
	{ "notify_coalesce", test_notify_coalesce },
	{ "reply_not_caller", test_reply_not_caller },
	{ "call_dead", test_call_dead },
	{ "server_dies", test_server_dies },
	{ "stale_generation", test_stale_generation },
	{ "mutual_send", test_mutual_send },
	{ "alarm", test_alarm },
	{ "denied", test_denied },
	{ "rr_pingpong", test_rr_pingpong },
	{ "rr_lost_reply", test_rr_lost_reply },
	{ "rr_bad", test_rr_bad },
	{ "rr_notify", test_rr_notify },
};
#define NTESTS (sizeof(ipctests) / sizeof(ipctests[0]))

/* In the test's own process: runs it and says how it went. */
static int
run_here(const char *name)
{
	for (unsigned i = 0; i < NTESTS; i++) {
		if (strcmp(ipctests[i].name, name) == 0) {
			const char *why = ipctests[i].fn();

			if (why != NULL) {
				printf("test %s: FAILED: %s\n", name, why);
				return 1;
			}
			printf("test %s: OK\n", name);
			return 0;
		}
	}
	printf("ipctest: no test '%s'\n", name);
	return 2;
}

/* Runs test i in a child; true when it passed. */
static bool
run_child(unsigned i)
{
	const char *name = ipctests[i].name;

	return testrun_collect(name, ipctest_start("--test", name, NULL), TEST_TIMEOUT);
}

/*
 * Some kernel memory is set up on first use and kept: the alarm thread,
 * heap slabs of new size classes.  Running servers and a short alarm
 * before the first reading keeps that out of the leak check (freed kernel
 * stacks need no such care: sysinfo_free_frames counts them as free).
 */
static void
warm_up(void)
{
	endpoint_t s[WARM_UP];

	for (int i = 0; i < WARM_UP; i++) {
		s[i] = ipctest_spawn("server", NULL);
	}
	for (int i = 0; i < WARM_UP; i++) {
		if (s[i] >= 0) {
			ipctest_stop(s[i]);
		}
	}
}

int
main(int argc, char **argv)
{
	struct sysinfo before;
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	if (argc >= 3 && strcmp(argv[1], "--role") == 0) {
		return ipctest_role(argv[2], argc > 3 ? argv[3] : NULL);
	}
	if (argc >= 3 && strcmp(argv[1], "--test") == 0) {
		return run_here(argv[2]);
	}
	warm_up();
	testrun_settled_memory(&before);
	for (unsigned i = 0; i < NTESTS; i++) {
		if (only != NULL && strcmp(only, ipctests[i].name) != 0) {
			continue;
		}
		if (run_child(i)) {
			passed++;
		} else {
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("ipctest: no test '%s'\n", only);
		return 2;
	}
	if (testrun_leak_check(&before)) {
		passed++;
	} else {
		failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
