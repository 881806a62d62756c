/*
 * Conversion factors between clock rates (see kern/clockconv.h).  The
 * kernel is built without libgcc, so 128-bit division is done here by
 * hand, one quotient bit at a time; it only runs at calibration time.
 */
#include <stdint.h>
#include <kern/clockconv.h>
#include <xinim/errno.h>

#define MULT_LIMIT (1ULL << 63)

/* n / d for a 128-bit n, rounded down; UINT64_MAX when it does not fit. */
static uint64_t
div128(unsigned __int128 n, uint64_t d)
{
	unsigned __int128 rem = 0, q = 0;

	if (d == 0 || (n >> 64) >= d) {
		return UINT64_MAX;
	}
	/* Restoring division: rem stays below d, so below 2^64, and the
	 * shifted remainder always fits in 128 bits. */
	for (int bit = 127; bit >= 0; bit--) {
		rem = (rem << 1) | (uint64_t)((n >> bit) & 1);
		q <<= 1;
		if (rem >= d) {
			rem -= d;
			q |= 1;
		}
	}
	return (uint64_t)q;
}

uint64_t
clockconv_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	return div128((unsigned __int128)a * b, c);
}

/*
 * Chooses the largest shift whose multiplier stays below 2^63: the
 * product with any 64-bit count then fits in 128 bits, and the multiplier
 * carries as many significant bits as it can.  The multiplier is rounded
 * up, so that a whole second of one clock converts to a whole second of
 * the other instead of falling just short of it.
 */
int
clockconv_init(struct clockconv *cv, uint64_t from_hz, uint64_t to_hz)
{
	if (from_hz == 0 || to_hz == 0) {
		return -EINVAL;
	}
	for (int shift = 63; shift >= 0; shift--) {
		unsigned __int128 num = ((unsigned __int128)to_hz << shift) + from_hz - 1;
		uint64_t mult = div128(num, from_hz);

		if (mult < MULT_LIMIT) {
			cv->cv_mult = mult;
			cv->cv_shift = (unsigned)shift;
			return 0;
		}
	}
	return -EINVAL;
}
