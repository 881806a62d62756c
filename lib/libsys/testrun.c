/*
 * In-OS test helpers (see libsys/testrun.h).
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>

#define NS_PER_MS 1000000ULL
#define NS_PER_SEC 1000000000ULL
#define SETTLE_TRIES 100

const char *
testrun_why(const char *fmt, ...)
{
	static char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return why;
}

void
testrun_priv(struct priv_desc *pd)
{
	static const unsigned calls[] = { KC_PROC_CREATE, KC_PROC_MMAP, KC_PROC_COPYTO,
		KC_PROC_SETREGS, KC_PROC_SETPRIV, KC_PROC_START, KC_PROC_KILL, KC_PROC_WAIT,
		KC_MUNMAP, KC_ALARM, KC_SYSINFO, KC_CONSOLE_WRITE, KC_BOOTIMAGE };

	memset(pd, 0, sizeof(*pd));
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd->pd_kcalls |= 1ULL << calls[i];
	}
	pd->pd_flags = PRIV_IPC_ANY;
}

bool
testrun_collect(const char *name, endpoint_t child, uint64_t timeout_ns)
{
	struct exit_info ei;
	char how[96];
	int r;

	if (child < 0) {
		printf("test %s: FAILED: cannot start its process: %d\n", name, child);
		return false;
	}
	r = spawn_wait_timeout(child, &ei, timeout_ns);
	if (r == -ETIMEDOUT) {
		printf("test %s: FAILED: no result within %lu s\n", name,
		    (unsigned long)(timeout_ns / NS_PER_SEC));
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

void
testrun_settled_memory(struct sysinfo *si)
{
	struct sysinfo prev;

	kc_sysinfo(si);
	for (int i = 0; i < SETTLE_TRIES; i++) {
		prev = *si;
		clock_sleep_ms(10);
		kc_sysinfo(si);
		if (sysinfo_free_frames(si) == sysinfo_free_frames(&prev) &&
		    si->si_heap_used == prev.si_heap_used) {
			return;
		}
	}
}

bool
testrun_leak_check(const struct sysinfo *before)
{
	struct sysinfo after;

	testrun_settled_memory(&after);
	if (sysinfo_free_frames(&after) != sysinfo_free_frames(before) ||
	    after.si_heap_used != before->si_heap_used) {
		printf("test leaks: FAILED: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n",
		    sysinfo_free_frames(before), sysinfo_free_frames(&after), before->si_heap_used,
		    after.si_heap_used);
		return false;
	}
	printf("test leaks: OK\n");
	return true;
}

int
testrun_table(const char *prog, const struct testrun_case *table, size_t n, const char *only)
{
	unsigned passed = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		const char *why;

		if (only != NULL && strcmp(only, table[i].tc_name) != 0) {
			continue;
		}
		why = table[i].tc_fn();
		if (why == NULL) {
			printf("test %s: OK\n", table[i].tc_name);
			passed++;
		} else {
			printf("test %s: FAILED: %s\n", table[i].tc_name, why);
			failed++;
		}
	}
	if (passed + failed == 0) {
		printf("%s: no test named %s\n", prog, only);
		return 2;
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
