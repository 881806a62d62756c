/*
 * Helpers for the in-OS test programs (STYLE.md "Tests"): collecting a
 * test's child process with a time limit and one clear line when it did
 * not pass, and reading free memory once exited processes are gone, for
 * the leak checks.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

/* Formats why a test failed into a static buffer and returns it, for
 * tests that return NULL on success or the reason otherwise. */
const char *testrun_why(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The privilege record of a test process that starts and watches others:
 * the process kernel calls, alarms, sysinfo, the console, the boot image,
 * and IPC to anyone; nothing for devices. */
void testrun_priv(struct priv_desc *pd);

/* Waits at most timeout_ns for child, the process running test name, and
 * tells whether it exited with status 0.  Otherwise prints `test NAME:
 * FAILED: why` (it could not start (child < 0), timed out, faulted or was
 * killed); a child that exits non-zero has printed its own line. */
bool testrun_collect(const char *name, endpoint_t child, uint64_t timeout_ns);

/* Free frames and kernel heap once the kernel has finished freeing exited
 * processes (their threads go a little later): the readings once two taken
 * 10 ms apart agree, or the last of 100 tries. */
void testrun_settled_memory(struct sysinfo *si);

/* The leak check at the end of a test run: settles (as above), compares
 * free frames and kernel heap with before, prints `test leaks: OK` or
 * `test leaks: FAILED: ...` with both readings, and tells whether it passed. */
bool testrun_leak_check(const struct sysinfo *before);

/* A test run in the calling process: NULL when it passed, else why not. */
struct testrun_case {
	const char *tc_name;
	const char *(*tc_fn)(void);
};

/* Runs the n cases of table (only the one named only, unless NULL) in
 * turn, printing `test NAME: OK` or `test NAME: FAILED: why` for each and
 * the summary `N passed, N failed`.  Returns the exit status: 0 when all
 * passed, 1 when one failed, 2 when no case is named only (said as
 * `PROG: no test named ONLY`). */
int testrun_table(const char *prog, const struct testrun_case *table, size_t n, const char *only);
