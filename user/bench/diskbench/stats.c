/*
 * diskbench's arithmetic (diskbench.h), in integers: user programs have
 * no floating point.
 */
#include "diskbench.h"

uint64_t
db_mbps_tenths(uint64_t bytes, uint64_t ns)
{
	/* bytes / ns * 10^9 / 10^6 * 10 is bytes * 10^4 / ns; past 1.8 PB
	 * the time is divided instead (a run that long has ns >= 10^4). */
	if (ns == 0) {
		return 0;
	}
	if (bytes <= UINT64_MAX / 10000) {
		return bytes * 10000 / ns;
	}
	return ns >= 10000 ? bytes / (ns / 10000) : UINT64_MAX;
}

uint64_t
db_iops_tenths(uint64_t n, uint64_t ns)
{
	if (ns == 0) {
		return 0;
	}
	/* n * 10^10 / ns; past 1.8e9 operations the time is divided. */
	if (n <= UINT64_MAX / 10000000000ull) {
		return n * 10000000000ull / ns;
	}
	return ns >= 10000000000ull ? n / (ns / 10000000000ull) : UINT64_MAX;
}

uint64_t
db_lat_tenths(uint64_t total_ns, uint64_t n)
{
	return n == 0 ? 0 : total_ns / n / 100;
}

void
db_rand_seed(struct db_rand *r, uint64_t seed)
{
	r->r_state = seed != 0 ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t
db_rand_next(struct db_rand *r)
{
	uint64_t x = r->r_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->r_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

uint64_t
db_rand_offset(struct db_rand *r, uint64_t size, uint64_t align)
{
	uint64_t slots = align == 0 ? 0 : size / align;

	if (slots == 0) {
		return 0;
	}
	/* The high bits are the better ones of xorshift64*. */
	return (db_rand_next(r) >> 11) % slots * align;
}

uint64_t
db_seq_next(uint64_t off, uint64_t len, uint64_t size)
{
	if (off > size || len > size - off || off + len > size - len) {
		return 0;
	}
	return off + len;
}
