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
#include <libsys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "faulttest.h"

#define PROGRAM "faulttest"
#define SETTLE_YIELDS 1000
#define SERIES 32

/* What a child may do: print, and the calls the pointer checks make. */
static void
child_priv(struct priv_desc *pd)
{
	memset(pd, 0, sizeof(*pd));
	pd->pd_kcalls = (1ULL << KC_CONSOLE_WRITE) | (1ULL << KC_SYSINFO) | (1ULL << KC_PROC_WAIT) |
	    (1ULL << KC_PROC_CREATE) | (1ULL << KC_BOOTIMAGE) | (1ULL << KC_PROC_MMAP) |
	    (1ULL << KC_MUNMAP);
}

static endpoint_t
start_child(const char *what)
{
	char *argv[] = { PROGRAM, "child", (char *)what, NULL };
	struct priv_desc pd;

	child_priv(&pd);
	return spawn_boot(PROGRAM, argv, &pd);
}

int
run_child(const char *what, bool kill, struct exit_info *ei)
{
	endpoint_t ep = start_child(what);
	int err;

	if (ep < 0) {
		return ep;
	}
	if (kill) {
		/* Let it reach ring 3 first (it may run on another CPU). */
		for (int i = 0; i < 10; i++) {
			sys_yield();
		}
		err = kc_proc_kill(ep);
		if (err != 0) {
			return err;
		}
	}
	return spawn_wait(ep, ei);
}

/* Several children at once, collected with ENDPOINT_ANY in whatever order
 * they end; each exits with its own status. */
bool
many_children(char *why, size_t size)
{
	enum {
		N = 8
	};
	unsigned seen = 0;
	struct exit_info ei;
	char what[16];

	for (int i = 0; i < N; i++) {
		endpoint_t ep;

		snprintf(what, sizeof(what), "exit%d", i + 1);
		ep = start_child(what);
		if (ep < 0) {
			snprintf(why, size, "child %d: %s", i, strerror(ep));
			return false;
		}
	}
	for (int i = 0; i < N; i++) {
		int err = spawn_wait(ENDPOINT_ANY, &ei);

		if (err != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status < 1 ||
		    ei.ei_status > N) {
			snprintf(why, size, "collection %d: err %d cause %u status %d", i, err,
			    ei.ei_cause, ei.ei_status);
			return false;
		}
		seen |= 1u << ei.ei_status;
	}
	if (seen != ((1u << (N + 1)) - 2) || kc_proc_wait(ENDPOINT_ANY, &ei) != -ECHILD) {
		snprintf(why, size, "statuses seen %#x, or a child left over", seen);
		return false;
	}
	return true;
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

	if (t->ft_parent != NULL) {
		if (!t->ft_parent(why, sizeof(why))) {
			printf("test %s: FAILED: %s\n", t->ft_name, why);
			return false;
		}
		goto still_runs;
	}
	err = run_child(t->ft_name, t->ft_kill, &ei);
	if (err != 0) {
		printf("test %s: FAILED: cannot run the child: %s\n", t->ft_name, strerror(err));
		return false;
	}
	if (!matches(&ei, &t->ft_expect, why, sizeof(why))) {
		printf("test %s: FAILED: %s\n", t->ft_name, why);
		return false;
	}
still_runs:
	/* The system must still start and run a process. */
	err = run_child("ok", false, &ei);
	if (err != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		printf("test %s: FAILED: the system no longer runs a child (%s)\n", t->ft_name,
		    err != 0 ? strerror(err) : "it did not exit 0");
		return false;
	}
	printf("test %s: OK\n", t->ft_name);
	return true;
}

/* Free frames once the exited children's threads are freed, which their
 * CPUs do a little later; gives up waiting once at least want are free. */
static uint64_t
settled_free(uint64_t want)
{
	struct sysinfo si;

	for (int i = 0; i < SETTLE_YIELDS; i++) {
		kc_sysinfo(&si);
		if (sysinfo_free_frames(&si) >= want) {
			break;
		}
		sys_yield();
	}
	return sysinfo_free_frames(&si);
}

/*
 * Whether the tests gave back every frame, over all of them and over a
 * series of one-at-a-time children.  Kernel stacks kept for reuse count as
 * free (sysinfo_free_frames), so any loss is a leak.
 */
static bool
memory_check(const struct sysinfo *before, char *why, size_t size)
{
	uint64_t all = settled_free(sysinfo_free_frames(before)), start, end;
	struct exit_info ei;

	if (all < sysinfo_free_frames(before)) {
		snprintf(why, size, "%lu frames lost over all the tests",
		    sysinfo_free_frames(before) - all);
		return false;
	}
	start = settled_free(~0ULL);
	for (int i = 0; i < SERIES; i++) {
		int err = run_child(i % 2 == 0 ? "ok" : "null_read", false, &ei);

		if (err != 0) {
			snprintf(why, size, "child %d of the series: %s", i, strerror(err));
			return false;
		}
	}
	end = settled_free(start);
	if (end < start) {
		snprintf(why, size, "%lu frames lost over %d children", start - end, SERIES);
		return false;
	}
	return true;
}

/* The child side: run the named body, which normally faults. */
static int
child_main(const char *name)
{
	if (strcmp(name, "ok") == 0) {
		return 0;
	}
	if (strncmp(name, "exit", 4) == 0) {
		return atoi(name + 4);
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
	struct sysinfo before;
	unsigned passed = 0, failed = 0;
	char why[160];

	if (argc == 3 && strcmp(argv[1], "child") == 0) {
		return child_main(argv[2]);
	}
	/* The kernel's caches (thread stacks, slabs) grow to the most
	 * children alive at once, and that is not a leak: reach it first. */
	many_children(why, sizeof(why));
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
	if (memory_check(&before, why, sizeof(why))) {
		printf("test memory: OK\n");
		passed++;
	} else {
		printf("test memory: FAILED: %s\n", why);
		failed++;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return (int)failed;
}
