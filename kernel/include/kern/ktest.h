/*
 * Kernel self-tests selected with `ktest=NAME` on the command line, run by
 * kmain() after "xinim: kernel ready".  Each module's ktest_*() function
 * returns -1 for a name it does not know, so kmain() tries them in turn
 * and reports an unknown name only when every one declined.
 */
#pragma once

/*
 * Faults on purpose so that tests can check the fault report: pagefault,
 * gpf, ud, divzero, breakpoint, doublefault, nx and wp.  Those that work
 * never return; nx and wp return 0 (after saying so) when the page tables
 * do not enforce the protection yet.  trapreturn checks the other side:
 * handled traps return with registers intact ("ktest: trapreturn OK").
 * Returns -1 for any other name.
 */
int ktest_fault(const char *name);
