/*
 * The HPET's main counter, used as the reference clock for calibrating
 * the TSC and as a cross-check of the monotonic clock.  The comparators
 * (timers) are not used: the local APIC timer does that job.  After
 * hpet_init() the counter only runs; reads need no lock.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Maps the HPET block at phys, checks its period and starts the main
 * counter (legacy replacement routing off).  Returns 0, or with a log
 * line -ENOMEM (cannot map it) or -EINVAL (impossible period). */
int hpet_init(uint64_t phys);

/* True after a successful hpet_init(). */
bool hpet_present(void);

/* The main counter.  Only differences are meaningful; use hpet_elapsed(),
 * which handles the wrap of a 32-bit counter (about 43 s at 100 MHz). */
uint64_t hpet_read(void);

/* Counter ticks from an earlier hpet_read() value to a later one. */
uint64_t hpet_elapsed(uint64_t from, uint64_t to);

/* The counter's period in femtoseconds (10^-15 s), and its rate in Hz. */
uint32_t hpet_period_fs(void);
uint64_t hpet_hz(void);

/* Counter ticks converted to nanoseconds. */
uint64_t hpet_ticks_to_ns(uint64_t ticks);
