/*
 * TSC calibration.  Each window counts TSC cycles across a known stretch
 * of the reference clock; the median of several windows discards one
 * disturbed by an SMI or, under emulation, by the host.  Windows are short
 * (2 ms) because boot time matters more than the last few ppm: NTP-grade
 * accuracy is not a goal, and 2 ms of a 10+ MHz reference is already
 * better than 0.01%.
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
/* A reference that has not moved after this many TSC cycles (over 100 ms
 * at any rate up to 10 GHz) is broken. */
#define TSC_STALL_LIMIT 1000000000ULL

/*
 * Reads the HPET counter with the TSC on both sides and keeps the tightest
 * of three tries, so that a slow MMIO read (an emulator exit, a bus stall)
 * does not skew the pairing; the TSC value is the midpoint.
 */
static void
sample_hpet(uint64_t *tsc, uint64_t *ref)
{
	uint64_t best = UINT64_MAX;

	*tsc = 0;
	*ref = 0;
	for (int i = 0; i < 3; i++) {
		uint64_t t0 = rdtsc();
		uint64_t h = hpet_read();
		uint64_t t1 = rdtsc();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*ref = h;
		}
	}
}

/* One window against the HPET; the rate in Hz, or 0 if it stalled. */
static uint64_t
window_hpet(void)
{
	uint64_t want = hpet_hz() * TSC_WINDOW_US / 1000000;
	uint64_t tsc0, ref0, tsc1, ref1, dref;
	uint64_t start = rdtsc();

	sample_hpet(&tsc0, &ref0);
	while (hpet_elapsed(ref0, hpet_read()) < want) {
		if (rdtsc() - start > TSC_STALL_LIMIT) {
			return 0;
		}
		cpu_relax();
	}
	sample_hpet(&tsc1, &ref1);
	dref = hpet_elapsed(ref0, ref1);
	/* rate = cycles / (ticks * period), the period in fs. */
	return clockconv_muldiv(tsc1 - tsc0, FS_PER_S, dref * hpet_period_fs());
}

/* One window against PIT channel 2: from the end of the count's write to
 * the rise of the channel's output. */
static uint64_t
window_pit(void)
{
	uint64_t count = PIT_HZ * TSC_WINDOW_US / 1000000;
	uint64_t t0, t1;

	pit_oneshot_start((uint16_t)count);
	t0 = rdtsc();
	while (!pit_oneshot_done()) {
		if (rdtsc() - t0 > TSC_STALL_LIMIT) {
			return 0;
		}
		cpu_relax();
	}
	t1 = rdtsc();
	return clockconv_muldiv(t1 - t0, PIT_HZ, count);
}

uint64_t
tsc_calibrate(enum tsc_ref ref)
{
	uint64_t hz[TSC_WINDOWS];

	for (int i = 0; i < TSC_WINDOWS; i++) {
		uint64_t v = ref == TSC_REF_HPET ? window_hpet() : window_pit();
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
