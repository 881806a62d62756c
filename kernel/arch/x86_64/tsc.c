/*
 * TSC calibration.  Each window counts TSC cycles across a known stretch
 * of a reference counter: the HPET's main counter, or PIT channel 2 left
 * running freely.  Every reading of the reference is bracketed by two TSC
 * reads and retried until the bracket is tight, so a reading delayed by
 * an SMI or, under emulation, by the host descheduling the virtual CPU
 * does not skew the pairing; the median of several windows discards the
 * rest.  Windows are short (2 ms) because boot time matters more than the
 * last few ppm: 2 ms of a 1.19 MHz or faster reference is already good to
 * better than 0.1%.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/hpet.h>
#include <arch/pit.h>
#include <arch/tsc.h>
#include <kern/clockconv.h>
#include <kern/log.h>

#define TSC_WINDOWS 5
#define TSC_WINDOW_US 2000
#define FS_PER_S 1000000000000000ULL
#define PIT_MASK 0xFFFF
/* A reference that has not moved after this many TSC cycles (over 100 ms
 * at any rate up to 10 GHz) is broken. */
#define TSC_STALL_LIMIT 1000000000ULL
/* A reading bracketed by fewer TSC cycles than this (4 us at 2.5 GHz) is
 * accepted at once; otherwise the tightest of SAMPLE_TRIES is kept. */
#define SAMPLE_TIGHT 10000
#define SAMPLE_TRIES 8

/* The reference counter as a value that rises: the PIT counts down. */
static uint64_t
ref_read(enum tsc_ref ref)
{
	if (ref == TSC_REF_HPET) {
		return hpet_read();
	}
	return PIT_MASK - pit_read_count();
}

static uint64_t
ref_elapsed(enum tsc_ref ref, uint64_t from, uint64_t to)
{
	if (ref == TSC_REF_HPET) {
		return hpet_elapsed(from, to);
	}
	return (to - from) & PIT_MASK;
}

/* Reads the reference with the TSC on both sides; *tsc is the midpoint of
 * the tightest bracket found. */
static void
sample(enum tsc_ref ref, uint64_t *tsc, uint64_t *val)
{
	uint64_t best = UINT64_MAX;

	*tsc = 0;
	*val = 0;
	for (int i = 0; i < SAMPLE_TRIES && best > SAMPLE_TIGHT; i++) {
		uint64_t t0 = rdtsc();
		uint64_t v = ref_read(ref);
		uint64_t t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*val = v;
		}
	}
}

/* One window; the TSC's rate in Hz, or 0 if the reference stalled. */
static uint64_t
window(enum tsc_ref ref)
{
	uint64_t want, tsc0, val0, tsc1, val1, dref;
	uint64_t start = rdtsc();

	want = (ref == TSC_REF_HPET ? hpet_hz() : PIT_HZ) * TSC_WINDOW_US / 1000000;
	sample(ref, &tsc0, &val0);
	while (ref_elapsed(ref, val0, ref_read(ref)) < want) {
		if (rdtsc() - start > TSC_STALL_LIMIT) {
			return 0;
		}
		cpu_relax();
	}
	sample(ref, &tsc1, &val1);
	dref = ref_elapsed(ref, val0, val1);
	if (dref == 0) {
		return 0;
	}
	if (ref == TSC_REF_HPET) {
		/* rate = cycles / (ticks * period), the period in fs. */
		return clockconv_muldiv(tsc1 - tsc0, FS_PER_S, dref * hpet_period_fs());
	}
	return clockconv_muldiv(tsc1 - tsc0, PIT_HZ, dref);
}

uint64_t
tsc_calibrate(enum tsc_ref ref)
{
	uint64_t hz[TSC_WINDOWS];

	if (ref == TSC_REF_PIT) {
		pit_freerun_start();
	}
	for (int i = 0; i < TSC_WINDOWS; i++) {
		uint64_t v = window(ref);
		int j;

		if (v == 0) {
			pr_err("tsc: the %s does not advance, cannot calibrate\n",
			    ref == TSC_REF_HPET ? "HPET" : "PIT");
			return 0;
		}
		/* Insertion sort: a handful of values. */
		for (j = i; j > 0 && hz[j - 1] > v; j--) {
			hz[j] = hz[j - 1];
		}
		hz[j] = v;
	}
	pr_debug("tsc: windows %lu..%lu Hz\n", hz[0], hz[TSC_WINDOWS - 1]);
	return hz[TSC_WINDOWS / 2];
}

bool
tsc_invariant(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000007) {
		return false;
	}
	cpuid(0x80000007, 0, &a, &b, &c, &d);
	return (d & (1U << 8)) != 0;
}
