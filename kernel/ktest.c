/*
 * The table of kernel self-tests behind `ktest=NAME`.
 */
#include <kern/acpi.h>
#include <kern/clock.h>
#include <kern/ktest.h>
#include <kern/log.h>
#include <kern/mm_selftest.h>
#include <kern/string.h>

static int
ktest_poweroff(const char *name)
{
	kprintf("xinim: powering off\n");
	int err = acpi_poweroff();
	pr_err("xinim: ACPI power-off failed (%d)\n", err);
	return 0;
}

static int
ktest_mm(const char *name)
{
	return mm_selftest();
}

static int
ktest_timer(const char *name)
{
	return timer_selftest();
}

struct ktest {
	const char *name; /* NULL: the function decides by name */
	bool late;
	int (*run)(const char *name);
};

/* Entries without a name try the name themselves and return -1 when it is
 * not theirs; ktest_fault() comes last. */
static const struct ktest ktests[] = {
	{ "mm", false, ktest_mm },
	{ "timer", false, ktest_timer },
	{ "poweroff", true, ktest_poweroff },
	{ NULL, true, ktest_sched },
	{ NULL, true, ktest_fault },
};

static bool
known_early(const char *name)
{
	for (unsigned i = 0; i < sizeof(ktests) / sizeof(ktests[0]); i++) {
		if (ktests[i].name != NULL && !ktests[i].late &&
		    strcmp(ktests[i].name, name) == 0) {
			return true;
		}
	}
	return false;
}

void
ktest_run(const char *name, bool late)
{
	if (name[0] == '\0') {
		return;
	}
	for (unsigned i = 0; i < sizeof(ktests) / sizeof(ktests[0]); i++) {
		const struct ktest *t = &ktests[i];
		if (t->late != late) {
			continue;
		}
		if (t->name != NULL) {
			if (strcmp(t->name, name) == 0) {
				t->run(name);
				return;
			}
		} else if (t->run(name) >= 0) {
			return;
		}
	}
	if (late && !known_early(name)) {
		pr_warn("unknown ktest \"%s\"\n", name);
	}
}
