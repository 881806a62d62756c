/*
 * dstest: the in-OS tests of ds and libsys's client.  `dstest [NAME]`
 * runs every test (or the one named), each in a child process of its own
 * (`dstest --test NAME`), which prints `test NAME: OK` or `test NAME:
 * FAILED: why` and exits 0 or 1; a test that crashes or hangs is reported
 * here instead.  One summary line `N passed, N failed` ends the run; the
 * exit status is 0 only when every test passed.
 *
 * `dstest --role ROLE ARGS` is one of the helpers the tests start (roles.c).
 */
#include <libsys/spawn.h>
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

/* Runs test i in a child; true when it passed. */
static bool
run_child(unsigned i)
{
	const char *name = dstests[i].name;
	char *argv[] = { "dstest", "--test", (char *)name, NULL };
	struct priv_desc pd;
	struct exit_info ei;
	char how[96];
	endpoint_t c;
	int r;

	dstest_priv(&pd);
	c = spawn_boot("dstest", argv, &pd);
	if (c < 0) {
		printf("test %s: FAILED: cannot start its process: %d\n", name, c);
		return false;
	}
	r = dstest_wait(c, &ei, TEST_TIMEOUT);
	if (r == -ETIMEDOUT) {
		printf("test %s: FAILED: no result within %lu s\n", name,
		    TEST_TIMEOUT / NS_PER_SEC);
		return false;
	}
	if (r != 0) {
		printf("test %s: FAILED: lost its process: %d\n", name, r);
		return false;
	}
	if (ei.ei_cause != EXIT_NORMAL) {
		printf("test %s: FAILED: its process %s\n", name,
		    exit_describe(&ei, how, sizeof(how)));
		return false;
	}
	return ei.ei_status == 0;
}

int
main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	if (argc >= 3 && strcmp(argv[1], "--role") == 0) {
		return dstest_role(argc, argv);
	}
	if (argc >= 3 && strcmp(argv[1], "--test") == 0) {
		return run_here(argv[2]);
	}
	for (unsigned i = 0; i < NTESTS; i++) {
		if (only != NULL && strcmp(only, dstests[i].name) != 0) {
			continue;
		}
		if (run_child(i)) {
			passed++;
		} else {
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("dstest: no test '%s'\n", only);
		return 2;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
