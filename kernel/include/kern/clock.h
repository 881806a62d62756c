/*
 * The monotonic clock: nanoseconds since clock_init(), read from the
 * architecture's cycle counter (arch/cycles.h) and scaled by a fixed-point
 * factor (kern/clockconv.h), so a read is a counter read, a multiply and a
 * shift, from any CPU and any context, without locks.  Readings never go
 * backwards, on one CPU or across CPUs: when the counter is not known to
 * run in step on every CPU, reads are clamped to the highest value any CPU
 * has returned.  The clock runs for centuries without overflowing.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/cmdline.h>

#define NS_PER_US 1000UL
#define NS_PER_MS 1000000UL
#define NS_PER_S 1000000000UL

/* Starts the clock on a cycle counter of cycle_hz.  in_step says the
 * counter is constant-rate and synchronised across CPUs (the invariant
 * TSC); without it every read also takes the cross-CPU clamp.  Called once,
 * on the boot CPU, before any other clock_* call.  Returns 0, -EINVAL when
 * cycle_hz is unusable, or -EBUSY on a second call (the clock then keeps
 * its state: 0 if it was not running). */
int clock_init(uint64_t cycle_hz, bool in_step);

/* Tells the clock the cycle counters of the CPUs disagree (e.g. found by
 * an SMP start-up check): from now on reads take the cross-CPU clamp. */
void clock_mark_unsynced(void);

/* Nanoseconds since clock_init(); 0 before it. */
uint64_t clock_monotonic_ns(void);

/* Spins (interrupts untouched) for at least ns nanoseconds.  Needs
 * clock_init() first: an earlier call is a kernel bug. */
void clock_delay_ns(uint64_t ns);

/* The cycle counter's calibrated rate in Hz (the TSC's on x86_64); 0
 * before clock_init(). */
uint64_t clock_tsc_hz(void);

/* The `ktest=timer` self-test (timer_selftest.c): the tick rate of the
 * local APIC timer, the monotonic clock against the HPET (or PIT), and an
 * ISA interrupt through the IOAPIC.  Prints "ktest timer: OK" or
 * "ktest timer: FAILED: <why>"; returns 0 or -1.  Boot CPU, interrupts
 * off on entry and on return. */
int timer_selftest(void);

/* Brings up the interrupt controllers and clocks from the firmware's
 * tables (arch code): legacy PIC off, local APIC and IOAPICs, the
 * calibration reference (`clock=` picks HPET or PIT; CLOCK_REF_AUTO
 * prefers the HPET), the TSC, clock_init() and the APIC timer's rate.
 * Failures are logged and leave the clock at 0.  Boot CPU, interrupts
 * off, after acpi_init() and the IDT. */
void time_init(enum clock_ref ref);
