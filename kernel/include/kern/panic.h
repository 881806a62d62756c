/*
 * panic() is for broken kernel invariants only, never for anything a user
 * process did.  It prints the message, a backtrace and the CPU, stops the
 * other CPUs, then halts, reboots or powers off as `panic=` says.
 */
#pragma once
#include <stdbool.h>
#include <kern/cmdline.h>

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* The final step, also used after a fatal exception report. */
__attribute__((noreturn)) void panic_finish(void);
void panic_set_action(enum panic_action action);
/* True once some CPU has entered panic(). */
bool panic_in_progress(void);

#define KASSERT(cond)                                                                       \
	do {                                                                                \
		if (!(cond)) {                                                              \
			panic("assertion '%s' failed at %s:%d", #cond, __FILE__, __LINE__); \
		}                                                                           \
	} while (0)
