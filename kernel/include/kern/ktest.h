/*
 * Kernel self-tests selected with `ktest=NAME` on the command line (for the
 * system tests only).  ktest_run() looks the name up in one table
 * (ktest.c): "mm" and "timer" run before "xinim: kernel ready", "poweroff",
 * "sched" and the fault switches after it.  An unknown name is reported.
 */
#pragma once
#include <stdbool.h>

/* Runs the test named name if it belongs to this phase (late: after the
 * ready line).  Does nothing for an empty name. */
void ktest_run(const char *name, bool late);

/*
 * Faults on purpose so that tests can check the fault report: pagefault,
 * gpf, ud, divzero, breakpoint, doublefault, nx and wp.  Those that work
 * never return; nx and wp return 0 (after saying so) when the page tables
 * do not enforce the protection yet.  trapreturn checks the other side:
 * handled traps return with registers intact ("ktest: trapreturn OK").
 * Returns -1 for any other name.
 */
int ktest_fault(const char *name);

/*
 * "sched": starts the scheduler self-test (sched_selftest.c) in a kernel
 * thread, which runs once sched_start() does, prints "ktest sched: OK" or
 * "ktest sched: FAILED: why" and powers off.  Returns 0 when started (or
 * reported as failed to start), -1 for any other name.
 */
int ktest_sched(const char *name);
