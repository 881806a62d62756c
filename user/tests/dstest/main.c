/*
 * dstest: the in-OS tests of ds and libsys's client.  `dstest [NAME]`
 * runs every test (or the one named), each in a child process of its own
 * (`dstest --test NAME`), which prints `test NAME: OK` or `test NAME:
 * FAILED: why` and exits 0 or 1; a test that crashes or hangs is reported
 * here instead.  Then the free memory is compared with what it was before
 * the first test (a quiet warm-up run comes before that), and one summary line `N passed, N failed` ends the run; the
 * exit status is 0 only when every test passed.
 *
 * `dstest --role ROLE ARGS` is one of the helpers the tests start (roles.c).
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "dstest.h"

#define TEST_TIMEOUT (60 * NS_PER_SEC)

static const struct {
	const char *name;
	dstest_fn fn;
} dstests[] = {
	{ "publish_lookup", test_publish_lookup },
	{ "lookup_missing", test_lookup_missing },
	{ "replace_refused", test_replace_refused },
	{ "subscribe", test_subscribe },
	{ "malformed", test_malformed },
	{ "restart", test_restart },
	{ "restart_concurrent", test_restart_concurrent },
};
#define NTESTS (sizeof(dstests) / sizeof(dstests[0]))

/* In the test's own process: runs it, cleans up, says how it went. */
static int
run_here(const char *name)
{
	for (unsigned i = 0; i < NTESTS; i++) {
		if (strcmp(dstests[i].name, name) == 0) {
			const char *why = dstests[i].fn();

			dstest_cleanup();
			if (why != NULL) {
				printf("test %s: FAILED: %s\n", name, why);
				return 1;
			}
			printf("test %s: OK\n", name);
			return 0;
		}
	}
	printf("dstest: no test '%s'\n", name);
	return 2;
}

/* Runs test name in a child (mode "--test", or "--warm": quietly);
 * true when it passed. */
static bool
run_child(const char *mode, const char *name)
{
	char *argv[] = { "dstest", (char *)mode, (char *)name, NULL };
	struct priv_desc pd;
	endpoint_t c;

	testrun_priv(&pd);
	c = spawn_boot("dstest", argv, &pd);
	return testrun_collect(name, c, TEST_TIMEOUT);
}

/* Runs the test process quietly in its own process: `dstest --warm NAME`. */
static int
run_quietly(const char *name)
{
	for (unsigned i = 0; i < NTESTS; i++) {
		if (strcmp(dstests[i].name, name) == 0) {
			const char *why = dstests[i].fn();

			dstest_cleanup();
			return why == NULL ? 0 : 1;
		}
	}
	return 2;
}

int
main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	struct sysinfo before;
	int passed = 0, failed = 0;

	if (argc >= 3 && strcmp(argv[1], "--role") == 0) {
		return dstest_role(argc, argv);
	}
	if (argc >= 3 && strcmp(argv[1], "--test") == 0) {
		return run_here(argv[2]);
	}
	if (argc >= 3 && strcmp(argv[1], "--warm") == 0) {
		return run_quietly(argv[2]);
	}
	/* Memory set up on first use and kept (heap slabs, the alarm
	 * thread) stays out of the leak check: one quiet run first. */
	run_child("--warm", "restart_concurrent");
	testrun_settled_memory(&before);
	for (unsigned i = 0; i < NTESTS; i++) {
		if (only != NULL && strcmp(only, dstests[i].name) != 0) {
			continue;
		}
		if (run_child("--test", dstests[i].name)) {
			passed++;
		} else {
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("dstest: no test '%s'\n", only);
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
