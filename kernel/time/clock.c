/*
 * The monotonic clock (kern/clock.h).  clock_init() fixes the scale once;
 * after that the state is read-only, except clock_last, the clamp used
 * when the cycle counters of different CPUs cannot be trusted to agree.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/cycles.h>
#include <kern/clock.h>
#include <kern/clockconv.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <xinim/errno.h>

static struct clockconv clock_to_ns; /* cycles to nanoseconds */
static uint64_t clock_base;          /* cycle count at clock_init() */
static uint64_t clock_hz;            /* 0 until clock_init() */
static bool clock_clamp;             /* read through clock_last */
static uint64_t clock_last;          /* highest reading returned (atomic) */

int
clock_init(uint64_t cycle_hz, bool in_step)
{
	struct clockconv cv;

	if (clock_hz != 0) {
		pr_warn("clock: already running, second clock_init ignored\n");
		return -EBUSY;
	}
	if (cycle_hz < 1000000 || clockconv_init(&cv, cycle_hz, NS_PER_S) != 0) {
		pr_err("clock: unusable cycle counter rate %lu Hz\n", cycle_hz);
		return -EINVAL;
	}
	clock_to_ns = cv;
	clock_clamp = !in_step;
	clock_base = arch_cycles();
	/* Publish the rate last: a non-zero clock_hz means the rest is set. */
	__atomic_store_n(&clock_hz, cycle_hz, __ATOMIC_RELEASE);
	return 0;
}

void
clock_mark_unsynced(void)
{
	if (!clock_clamp) {
		pr_warn("clock: cycle counters differ between CPUs, clamping readings\n");
	}
	__atomic_store_n(&clock_clamp, true, __ATOMIC_RELEASE);
}

/*
 * The fast path is one fenced TSC read, a 64x64 multiply and a shift.  In
 * clamping mode the result is also published in clock_last with a
 * compare-and-swap, and a reading below the last one published anywhere
 * returns that one instead: time then stands still for a moment on a
 * lagging CPU rather than running backwards.
 */
uint64_t
clock_monotonic_ns(void)
{
	uint64_t now, ns, last;

	if (__atomic_load_n(&clock_hz, __ATOMIC_ACQUIRE) == 0) {
		return 0;
	}
	now = arch_cycles();
	/* A CPU whose counter lags the boot CPU's can read below the base. */
	ns = now > clock_base ? clockconv_apply(&clock_to_ns, now - clock_base) : 0;
	if (!__atomic_load_n(&clock_clamp, __ATOMIC_RELAXED)) {
		return ns;
	}
	last = __atomic_load_n(&clock_last, __ATOMIC_RELAXED);
	do {
		if (ns <= last) {
			return last;
		}
	} while (!__atomic_compare_exchange_n(&clock_last, &last, ns, true, __ATOMIC_RELAXED,
	    __ATOMIC_RELAXED));
	return ns;
}

/* Compares elapsed time rather than a deadline, so it cannot overflow. */
void
clock_delay_ns(uint64_t ns)
{
	uint64_t start;

	KASSERT(clock_hz != 0);
	start = clock_monotonic_ns();
	while (clock_monotonic_ns() - start < ns) {
		cpu_relax();
	}
}

uint64_t
clock_tsc_hz(void)
{
	return __atomic_load_n(&clock_hz, __ATOMIC_ACQUIRE);
}
