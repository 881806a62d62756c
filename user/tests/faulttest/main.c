/*
 * faulttest: user programs that misbehave are stopped, the kernel and
 * everything else go on.  Each test of the table (faults.c) runs in its
 * own child process, this same program started as `faulttest child NAME`
 * from the boot image; the parent checks how the child ended (cause,
 * vector, address), then proves the system still works by running a
 * child that exits 0.  Free memory is compared before and after all the
 * tests.  `faulttest NAME` runs one test.  Prints `test NAME: OK` or
 * `test NAME: FAILED: why`, then `N passed, N failed`; exits with the
 * number of failures.
 */
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "faulttest.h"

#define PROGRAM "faulttest"

/* What a child may do: print, and the calls the pointer checks make. */
static void
child_priv(struct priv_desc *pd)
{
	memset(pd, 0, sizeof(*pd));
	pd->pd_kcalls = (1ULL << KC_CONSOLE_WRITE) | (1ULL << KC_SYSINFO) | (1ULL << KC_PROC_WAIT) |
	    (1ULL << KC_PROC_CREATE) | (1ULL << KC_BOOTIMAGE) | (1ULL << KC_PROC_MMAP) |
	    (1ULL << KC_MUNMAP);
}

/* Runs `faulttest child what` and collects how it ended. */
static int
run_child(const char *what, struct exit_info *ei)
{
	char *argv[] = { PROGRAM, "child", (char *)what, NULL };
	struct priv_desc pd;
	endpoint_t ep;

	child_priv(&pd);
	ep = spawn_boot(PROGRAM, argv, &pd);
	if (ep < 0) {
		return ep;
	}
	return spawn_wait(ep, ei);
}

/* Checks ei against the expectation; fills why on a mismatch. */
static bool
matches(const struct exit_info *ei, const struct fault_expect *fe, char *why, size_t size)
{
	char how[96];

	exit_describe(ei, how, sizeof(how));
	if (ei->ei_cause != fe->fe_cause ||
	    (fe->fe_cause != EXIT_NORMAL && ei->ei_vector != fe->fe_vector) ||
	    (fe->fe_cause == EXIT_NORMAL && ei->ei_status != 0)) {
		snprintf(why, size, "child %s (cause %u, vector %u), expected cause %u vector %u",
		    how, ei->ei_cause, ei->ei_vector, fe->fe_cause, fe->fe_vector);
		return false;
	}
	if (fe->fe_check_addr && ei->ei_addr != fe->fe_addr) {
		snprintf(why, size, "fault address 0x%lx, expected 0x%lx", ei->ei_addr,
		    fe->fe_addr);
		return false;
	}
	return true;
}

static bool
run_test(const struct fault_test *t)
{
	struct exit_info ei;
	char why[160];
	int err;

	err = run_child(t->ft_name, &ei);
	if (err != 0) {
		printf("test %s: FAILED: cannot run the child: %s\n", t->ft_name, strerror(err));
		return false;
	}
	if (!matches(&ei, &t->ft_expect, why, sizeof(why))) {
		printf("test %s: FAILED: %s\n", t->ft_name, why);
		return false;
	}
	/* The system must still start and run a process. */
	err = run_child("ok", &ei);
	if (err != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		printf("test %s: FAILED: the system no longer runs a child (%s)\n", t->ft_name,
		    err != 0 ? strerror(err) : "it did not exit 0");
		return false;
	}
	printf("test %s: OK\n", t->ft_name);
	return true;
}

/* The child side: run the named body, which normally faults. */
static int
child_main(const char *name)
{
	if (strcmp(name, "ok") == 0) {
		return 0;
	}
	for (unsigned i = 0; i < fault_test_count; i++) {
		if (strcmp(fault_tests[i].ft_name, name) == 0) {
			fault_tests[i].ft_child();
			return 0;
		}
	}
	printf("faulttest: no test '%s'\n", name);
	return 2;
}

int
main(int argc, char **argv)
{
	struct sysinfo before, after;
	unsigned passed = 0, failed = 0;
	struct exit_info ei;

	if (argc == 3 && strcmp(argv[1], "child") == 0) {
		return child_main(argv[2]);
	}
	/* One child first: the kernel's caches (thread stacks, slabs) grow
	 * once, and that is not a leak. */
	run_child("ok", &ei);
	kc_sysinfo(&before);
	for (unsigned i = 0; i < fault_test_count; i++) {
		if (argc > 1 && strcmp(argv[1], fault_tests[i].ft_name) != 0) {
			continue;
		}
		if (run_test(&fault_tests[i])) {
			passed++;
		} else {
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("faulttest: no test '%s'\n", argv[1]);
		return 2;
	}
	kc_sysinfo(&after);
	if (after.si_free_frames < before.si_free_frames) {
		printf("test memory: FAILED: %lu frames lost\n",
		    before.si_free_frames - after.si_free_frames);
		failed++;
	} else {
		printf("test memory: OK\n");
		passed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return (int)failed;
}
