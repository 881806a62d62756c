/*
 * The TSC's rate, measured once at boot against a reference clock of known
 * rate (the HPET, else the PIT), and whether it is invariant (constant
 * rate in every power state, so usable as the monotonic clock's source).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

enum tsc_ref {
	TSC_REF_HPET, /* needs hpet_init() first */
	TSC_REF_PIT,
};

/* Measures the TSC against ref over several short windows (about 10 ms in
 * all) and returns the median rate in Hz, or 0 with a log line when the
 * reference does not advance.  Boot CPU, interrupts off. */
uint64_t tsc_calibrate(enum tsc_ref ref);

/* CPUID 0x80000007 EDX bit 8: the TSC runs at a constant rate in every
 * P-, C- and T-state. */
bool tsc_invariant(void);
