/*
 * The local APIC of each CPU: interrupt acknowledgement, inter-processor
 * interrupts, the INIT/SIPI sequence that starts application processors,
 * and the per-CPU timer.  Runs in x2APIC mode (MSRs) when the CPU has it,
 * else in xAPIC mode (MMIO).  Vectors come from arch/trap.h: the timer
 * uses T_LAPIC_TIMER, errors T_LAPIC_ERROR (logged), spurious interrupts
 * T_SPURIOUS.  Every function acts on the calling CPU's APIC, so callers
 * need no lock, but must not migrate (interrupts off or pinned).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Boot CPU: enables the local APIC whose MMIO block the firmware reports
 * at phys (0: take it from the APIC base MSR), in x2APIC mode when
 * available, and registers the error and spurious handlers.  LINT0 is
 * masked (the 8259s are not used) and LINT1 delivers NMIs.  Returns 0, or
 * with a log line -ENODEV (no APIC) or -ENOMEM (cannot map it). */
int lapic_init(uint64_t phys);

/* Application processor: enables its own APIC in the boot CPU's mode,
 * LINT0 and LINT1 masked.  After lapic_init() on the boot CPU. */
void lapic_init_ap(void);

/* The calling CPU's APIC id (32 bits in x2APIC mode, 8 in xAPIC mode). */
uint32_t lapic_id(void);
/* True in x2APIC mode; the register block's physical address. */
bool lapic_x2apic_mode(void);
uint64_t lapic_phys(void);

/* Acknowledges the interrupt in service (called by the trap dispatcher). */
void lapic_eoi(void);

/* A fixed-delivery IPI of vector to one APIC, or to every CPU but the
 * caller.  Return 0, -ERANGE when the destination cannot be addressed
 * (above 255 in xAPIC mode), or -ETIMEDOUT when the previous IPI is still
 * pending after about 100 ms. */
int lapic_send_ipi(uint32_t apic_id, uint8_t vector);
int lapic_send_ipi_all_but_self(uint8_t vector);

/* The start-up sequence for an application processor: one INIT, then
 * (the caller waiting 10 ms) two STARTUPs at 200 us intervals pointing at
 * physical page `page` (the trampoline at page << 12, below 1 MiB).  Each
 * waits for the IPI to be delivered; returns 0, or a negative error as
 * for lapic_send_ipi() when it was not. */
int lapic_send_init(uint32_t apic_id);
int lapic_send_startup(uint32_t apic_id, uint8_t page);

/* Measures the timer's rate against the monotonic clock (clock_init()
 * first); boot CPU, once.  Returns the rate in Hz, or 0 when the timer
 * does not count. */
uint64_t lapic_timer_calibrate(void);
/* The calibrated rate (after the divider) in Hz; 0 before calibration. */
uint64_t lapic_timer_hz(void);

/* Periodic interrupts on T_LAPIC_TIMER at hz per second.  The first call
 * logs the timer's rate and the tick.  Returns 0, -ENODEV before
 * calibration, or -EINVAL when hz is 0 or above the timer's rate. */
int lapic_timer_periodic(uint32_t hz);
/* One interrupt on T_LAPIC_TIMER after ns nanoseconds (at least one timer
 * tick; clamped to the counter's range, about a minute at 62.5 MHz, so a
 * longer wait sees an early interrupt and re-arms).  Replaces any running
 * timer.  Returns 0, or -ENODEV before calibration. */
int lapic_timer_oneshot_ns(uint64_t ns);
/* Stops the timer: it raises no further interrupt (one already latched
 * may still arrive once interrupts are enabled). */
void lapic_timer_stop(void);

/* The timer's programming, saved and put back around a self-test that
 * borrows the timer (the counter restarts from its initial value). */
struct lapic_timer_state {
	uint32_t lt_lvt;
	uint32_t lt_initial;
};
void lapic_timer_save(struct lapic_timer_state *s);
void lapic_timer_restore(const struct lapic_timer_state *s);
/* Periodic interrupts at hz on another vector: for self-tests only. */
int lapic_timer_periodic_vector(uint8_t vector, uint32_t hz);
