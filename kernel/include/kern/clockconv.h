/*
 * Fixed-point conversion between the counts of two clocks of known rates:
 * count * to_hz / from_hz computed as (count * mult) >> shift with a
 * 128-bit product, so that neither the product nor the result overflows
 * for any count a 64-bit counter can hold (saturating when the result
 * itself exceeds 64 bits).  mult keeps 62 or more significant bits, so the
 * error is far below one unit per second of either clock.  Pure code,
 * unit-tested on the host; no locks, no state outside the struct.
 */
#pragma once
#include <stdint.h>

struct clockconv {
	uint64_t cv_mult;  /* below 2^63 */
	unsigned cv_shift; /* 0..63 */
};

/* Sets *cv to convert counts of a from_hz clock into counts of a to_hz
 * clock.  Returns 0, or -EINVAL (leaving *cv unchanged) when a rate is 0
 * or to_hz / from_hz is 2^63 or more. */
int clockconv_init(struct clockconv *cv, uint64_t from_hz, uint64_t to_hz);

/* count converted and rounded down: never below the exact quotient, and
 * above it only by the multiplier's error (less than one part in 2^61).
 * UINT64_MAX if the result does not fit. */
static inline uint64_t
clockconv_apply(const struct clockconv *cv, uint64_t count)
{
	unsigned __int128 p = (unsigned __int128)count * cv->cv_mult;

	p >>= cv->cv_shift;
	return (p >> 64) != 0 ? UINT64_MAX : (uint64_t)p;
}

/* a * b / c exactly, rounded down, with a 128-bit intermediate; UINT64_MAX
 * when the quotient does not fit or c is 0.  Slow (a bit at a time): for
 * calibration, not for hot paths. */
uint64_t clockconv_muldiv(uint64_t a, uint64_t b, uint64_t c);
