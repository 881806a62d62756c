/*
 * ktest=sched: the scheduler checked on the running kernel.  The checks run
 * in a kernel thread of priority 1 (so that it decides when the threads it
 * creates get to run), after sched_start(), and print one line:
 * "ktest sched: OK" or "ktest sched: FAILED: <why>", then power off.
 *
 *   priority  threads of priorities 20, 12 and 4, created in that order on
 *             the test's CPU, run 4, 12, 20;
 *   preempt   two CPU-bound threads of equal priority that never yield
 *             both keep making progress;
 *   sleep     thread_sleep_ns() sleeps at least what was asked, and not
 *             much more;
 *   spread    with several CPUs online, threads placed by least load run
 *             on every one of them (each checks this_cpu() against t_cpu);
 *   reap      200 create/exit cycles give back every frame they took.
 */
#include <stddef.h>
#include <arch/percpu.h>
#include <kern/acpi.h>
#include <kern/clock.h>
#include <kern/frame.h>
#include <kern/ktest.h>
#include <kern/log.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/thread.h>

#define SLEEP_SLACK_NS (100 * NS_PER_MS)
#define SPREAD_PER_CPU 2
#define REAP_CYCLES 200

static struct thread *st_main;        /* the test thread, for wake-ups */
static volatile int st_done;          /* children finished (atomic) */
static volatile int st_stop;          /* tells CPU-bound children to stop */
static int st_order[3];               /* priorities in the order they ran */
static volatile uint64_t st_spins[2]; /* progress of the CPU-bound pair */
static volatile uint64_t st_cpu_mask; /* CPUs the spread threads ran on */
static volatile int st_bad_cpu;       /* a thread ran off its t_cpu */

/* Ends a child: counts it and wakes the test thread. */
static void
child_done(void)
{
	__atomic_fetch_add(&st_done, 1, __ATOMIC_SEQ_CST);
	thread_wake(st_main);
}

/* Waits (blocked) until n children have called child_done(). */
static void
wait_children(int n)
{
	while (__atomic_load_n(&st_done, __ATOMIC_SEQ_CST) < n) {
		thread_block();
	}
}

static void
prio_child(void *arg)
{
	int slot = __atomic_fetch_add(&st_done, 0, __ATOMIC_SEQ_CST);

	st_order[slot] = (int)(uintptr_t)arg;
	child_done();
}

static const char *
check_priority(void)
{
	static const int prios[3] = { 20, 12, 4 };
	int cpu = (int)this_cpu()->c_id;

	st_done = 0;
	for (int i = 0; i < 3; i++) {
		if (thread_create("st-prio", prio_child, (void *)(uintptr_t)prios[i], prios[i],
		        cpu) == NULL) {
			return "priority: thread_create failed";
		}
	}
	/* They are all on this CPU and less urgent: none ran yet. */
	if (st_done != 0) {
		return "priority: a less urgent thread ran before the creator blocked";
	}
	wait_children(3);
	if (st_order[0] != 4 || st_order[1] != 12 || st_order[2] != 20) {
		return "priority: threads did not run in priority order";
	}
	return NULL;
}

static void
spin_child(void *arg)
{
	int idx = (int)(uintptr_t)arg;

	while (!__atomic_load_n(&st_stop, __ATOMIC_RELAXED)) {
		st_spins[idx]++;
	}
	child_done();
}

static const char *
check_preemption(void)
{
	int cpu = (int)this_cpu()->c_id;
	uint64_t mid[2];

	st_done = 0;
	st_stop = 0;
	st_spins[0] = st_spins[1] = 0;
	for (int i = 0; i < 2; i++) {
		if (thread_create("st-spin", spin_child, (void *)(uintptr_t)i, 10, cpu) == NULL) {
			return "preempt: thread_create failed";
		}
	}
	thread_sleep_ns(100 * NS_PER_MS);
	mid[0] = st_spins[0];
	mid[1] = st_spins[1];
	thread_sleep_ns(100 * NS_PER_MS);
	__atomic_store_n(&st_stop, 1, __ATOMIC_RELAXED);
	wait_children(2);
	if (mid[0] == 0 || mid[1] == 0 || st_spins[0] == mid[0] || st_spins[1] == mid[1]) {
		pr_info("ktest sched: spins %lu/%lu then %lu/%lu\n", mid[0], mid[1], st_spins[0],
		    st_spins[1]);
		return "preempt: an equal-priority CPU-bound thread starved";
	}
	return NULL;
}

static const char *
check_sleep(void)
{
	static const uint64_t asks_ms[] = { 1, 10, 25, 50 };

	for (unsigned i = 0; i < sizeof(asks_ms) / sizeof(asks_ms[0]); i++) {
		uint64_t ask = asks_ms[i] * NS_PER_MS;
		uint64_t t0 = clock_monotonic_ns(), took;

		thread_sleep_ns(ask);
		took = clock_monotonic_ns() - t0;
		if (took < ask) {
			pr_info("ktest sched: asked %lu ns, slept %lu ns\n", ask, took);
			return "sleep: woke up early";
		}
		if (took > ask + SLEEP_SLACK_NS) {
			pr_info("ktest sched: asked %lu ns, slept %lu ns\n", ask, took);
			return "sleep: slept far longer than asked";
		}
	}
	return NULL;
}

/* Records its CPU, then stays alive until released, so that the load the
 * next creation sees includes it. */
static void
spread_child(void *arg)
{
	struct cpu *c = this_cpu();

	if ((int)c->c_id != thread_current()->t_cpu) {
		st_bad_cpu = 1;
	}
	__atomic_fetch_or(&st_cpu_mask, 1ULL << c->c_id, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&st_stop, __ATOMIC_SEQ_CST)) {
		thread_sleep_ns(NS_PER_MS);
	}
	child_done();
}

static const char *
check_spread(void)
{
	uint64_t want = 0;
	int n = 0;

	for (unsigned i = 0; i < MAX_CPUS; i++) {
		if (cpus[i] != NULL && cpus[i]->c_online) {
			want |= 1ULL << i;
			n++;
		}
	}
	st_done = 0;
	st_stop = 0;
	st_cpu_mask = 0;
	st_bad_cpu = 0;
	for (int i = 0; i < n * SPREAD_PER_CPU; i++) {
		if (thread_create("st-spread", spread_child, NULL, 5, -1) == NULL) {
			return "spread: thread_create failed";
		}
	}
	for (int waited = 0; st_cpu_mask != want && waited < 2000; waited++) {
		thread_sleep_ns(NS_PER_MS);
	}
	__atomic_store_n(&st_stop, 1, __ATOMIC_SEQ_CST);
	wait_children(n * SPREAD_PER_CPU);
	if (st_bad_cpu) {
		return "spread: a thread ran on a CPU other than its own";
	}
	if (st_cpu_mask != want) {
		pr_info("ktest sched: ran on CPU mask %#lx, online %#lx\n",
		    (unsigned long)st_cpu_mask, (unsigned long)want);
		return "spread: threads did not run on every online CPU";
	}
	return NULL;
}

static void
reap_child(void *arg)
{
	child_done();
}

/* Waits until every thread but the test's own is reaped; false on timeout. */
static bool
wait_reaped(unsigned base)
{
	for (int waited = 0; waited < 2000; waited++) {
		thread_reap();
		if (thread_count() == base) {
			return true;
		}
		thread_sleep_ns(NS_PER_MS);
	}
	return false;
}

static const char *
check_reap(void)
{
	unsigned base = 1; /* this thread */
	uint64_t before, after;

	st_done = 0;
	/* A first round lets the heap settle on its size for thread records. */
	for (int i = 0; i < 4; i++) {
		if (thread_create("st-reap", reap_child, NULL, 5, -1) == NULL) {
			return "reap: thread_create failed";
		}
	}
	wait_children(4);
	if (!wait_reaped(base)) {
		return "reap: exited threads were not reaped";
	}
	/* One at a time: the stack pool keeps freed stacks mapped and only
	 * grows to the peak number alive, which the first round set. */
	before = frame_free_pages();
	for (int i = 0; i < REAP_CYCLES; i++) {
		st_done = 0;
		if (thread_create("st-reap", reap_child, NULL, 5, -1) == NULL) {
			return "reap: thread_create failed";
		}
		wait_children(1);
		if (!wait_reaped(base)) {
			return "reap: exited threads were not reaped";
		}
	}
	after = frame_free_pages();
	if (after != before) {
		pr_info("ktest sched: free frames %lu before, %lu after\n", before, after);
		return "reap: frames leaked over create/exit cycles";
	}
	return NULL;
}

/* One line of counters per CPU, for the log. */
static void
report_stats(void)
{
	struct sched_stats ss;

	for (unsigned i = 0; i < MAX_CPUS; i++) {
		if (!sched_stats(i, &ss)) {
			continue;
		}
		pr_info("ktest sched: cpu %u: %lu ticks (%lu idle), %lu switches, "
		        "%lu preemptions, %lu wake-ups, %lu IPIs\n",
		    i, ss.ss_ticks, ss.ss_idle_ticks, ss.ss_switches, ss.ss_preemptions,
		    ss.ss_wakeups, ss.ss_ipis);
	}
}

static void
selftest_main(void *arg)
{
	const char *(*const checks[])(void) = {
		check_priority,
		check_preemption,
		check_sleep,
		check_spread,
		check_reap,
	};
	const char *why = NULL;

	st_main = thread_current();
	for (unsigned i = 0; i < sizeof(checks) / sizeof(checks[0]) && !why; i++) {
		why = checks[i]();
	}
	report_stats();
	if (why != NULL) {
		kprintf("ktest sched: FAILED: %s\n", why);
	} else {
		kprintf("ktest sched: OK\n");
	}
	acpi_poweroff();
}

int
ktest_sched(const char *name)
{
	if (strcmp(name, "sched") != 0) {
		return -1;
	}
	if (thread_create("ktest-sched", selftest_main, NULL, 1, 0) == NULL) {
		kprintf("ktest sched: FAILED: cannot create the test thread\n");
	}
	return 0;
}
