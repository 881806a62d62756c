/*
 * Helpers shared by the memory-management unit tests: a small seeded
 * pseudo-random generator, so that a failing sequence replays exactly.
 */
#pragma once
#include <stdint.h>

static uint64_t mm_test_seed = 0x9e3779b97f4a7c15ULL;

static inline void
mm_test_srand(uint64_t seed)
{
	mm_test_seed = seed != 0 ? seed : 1;
}

/* xorshift64: a uniform-enough value in [0, n). */
static inline uint64_t
mm_test_rand(uint64_t n)
{
	mm_test_seed ^= mm_test_seed << 13;
	mm_test_seed ^= mm_test_seed >> 7;
	mm_test_seed ^= mm_test_seed << 17;
	return mm_test_seed % n;
}
