/*
 * The local APIC timer: a 32-bit down-counter clocked by the bus (or core
 * crystal) clock through a divider, raising T_LAPIC_TIMER at zero, once or
 * periodically.  Its rate is not architecturally known, so the boot CPU
 * measures it against the monotonic clock; every CPU's timer runs from the
 * same clock, so the one measurement serves all of them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/lapic.h>
#include <arch/trap.h>
#include <kern/clock.h>
#include <kern/clockconv.h>
#include <kern/log.h>
#include <xinim/errno.h>
#include "lapic_reg.h"

#define DIVIDE_BY_16 0x3 /* divide configuration register encoding */
#define TIMER_MAX_COUNT 0xFFFFFFFFU
#define CAL_WINDOWS 3
#define CAL_WINDOW_NS (2 * NS_PER_MS)
#define SAMPLE_TRIES 8
#define SAMPLE_TIGHT_NS (2 * NS_PER_US)

/* Set by lapic_timer_calibrate() on the boot CPU before other CPUs start
 * their timers; read-only afterwards. */
static uint64_t timer_hz;              /* after the divider; 0 until calibrated */
static struct clockconv timer_from_ns; /* nanoseconds to timer ticks */

/* Reads the current count with the clock on both sides, keeping the
 * tightest of a few brackets (a vCPU descheduled between the reads would
 * otherwise skew the pairing); *ns is the bracket's midpoint. */
static void
sample(uint32_t *count, uint64_t *ns)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < SAMPLE_TRIES && best > SAMPLE_TIGHT_NS; i++) {
		uint64_t t0 = clock_monotonic_ns();
		uint32_t c = lapic_read(LAPIC_TIMER_CURRENT);
		uint64_t t1 = clock_monotonic_ns();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*count = c;
			*ns = t0 + (t1 - t0) / 2;
		}
	}
}

/*
 * Three windows of 2 ms against the monotonic clock, median kept.  Divide
 * by 16 keeps the tick fine (62.5 MHz under QEMU, whose APIC counts at
 * 1 GHz; 6-25 MHz on real buses) while one-shots reach over a minute.
 */
uint64_t
lapic_timer_calibrate(void)
{
	uint64_t hz[CAL_WINDOWS];

	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | T_LAPIC_TIMER);
	for (int i = 0; i < CAL_WINDOWS; i++) {
		uint32_t c0, c1;
		uint64_t t0, t1, v;
		int j;

		/* Restart from the top each window so the count cannot run out
		 * (2^32 ticks last over 4 s even at 1 GHz). */
		lapic_write(LAPIC_TIMER_INITIAL, TIMER_MAX_COUNT);
		sample(&c0, &t0);
		clock_delay_ns(CAL_WINDOW_NS);
		sample(&c1, &t1);
		if (c1 >= c0 || t1 <= t0) {
			lapic_write(LAPIC_TIMER_INITIAL, 0);
			pr_err("apic: the local APIC timer does not count\n");
			return 0;
		}
		v = clockconv_muldiv(c0 - c1, NS_PER_S, t1 - t0);
		for (j = i; j > 0 && hz[j - 1] > v; j--) {
			hz[j] = hz[j - 1];
		}
		hz[j] = v;
	}
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	if (clockconv_init(&timer_from_ns, NS_PER_S, hz[CAL_WINDOWS / 2]) != 0) {
		return 0;
	}
	timer_hz = hz[CAL_WINDOWS / 2];
	return timer_hz;
}

uint64_t
lapic_timer_hz(void)
{
	return timer_hz;
}

/* Programs the timer: the LVT entry first, since writing the initial
 * count is what starts it. */
static void
timer_start(uint32_t lvt, uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(LAPIC_LVT_TIMER, lvt);
	lapic_write(LAPIC_TIMER_INITIAL, count);
}

int
lapic_timer_periodic_vector(uint8_t vector, uint32_t hz)
{
	if (timer_hz == 0) {
		return -ENODEV;
	}
	if (hz == 0 || hz > timer_hz) {
		return -EINVAL;
	}
	timer_start(LVT_TIMER_PERIODIC | vector, (uint32_t)(timer_hz / hz));
	return 0;
}

int
lapic_timer_periodic(uint32_t hz)
{
	static bool reported;
	int err = lapic_timer_periodic_vector(T_LAPIC_TIMER, hz);

	/* The first CPU to start its tick reports the timer's set-up. */
	if (err == 0 && !__atomic_exchange_n(&reported, true, __ATOMIC_RELAXED)) {
		pr_info("apic: timer %lu.%03lu MHz, tick %u Hz\n", timer_hz / 1000000,
		    timer_hz / 1000 % 1000, hz);
	}
	return err;
}

/* Rounded down to whole ticks, but never 0: a zero count would disarm
 * the timer instead of firing it. */
int
lapic_timer_oneshot_ns(uint64_t ns)
{
	uint64_t ticks;

	if (timer_hz == 0) {
		return -ENODEV;
	}
	ticks = clockconv_apply(&timer_from_ns, ns);
	if (ticks == 0) {
		ticks = 1;
	} else if (ticks > TIMER_MAX_COUNT) {
		ticks = TIMER_MAX_COUNT;
	}
	timer_start(T_LAPIC_TIMER, (uint32_t)ticks);
	return 0;
}

/* Masking first, then a zero count: a zero initial count stops the
 * counter without raising an interrupt. */
void
lapic_timer_stop(void)
{
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | T_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
}

void
lapic_timer_save(struct lapic_timer_state *s)
{
	s->lt_lvt = lapic_read(LAPIC_LVT_TIMER);
	s->lt_initial = lapic_read(LAPIC_TIMER_INITIAL);
}

void
lapic_timer_restore(const struct lapic_timer_state *s)
{
	timer_start(s->lt_lvt, s->lt_initial);
}
