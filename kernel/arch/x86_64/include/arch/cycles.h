/*
 * The architecture's free-running cycle counter, which the generic clock
 * (kern/clock.h) scales into nanoseconds: on x86_64, the TSC.
 */
#pragma once
#include <stdint.h>

/* Reads the TSC after every earlier instruction has completed (LFENCE
 * first), so that a read ordered after another CPU's read through memory
 * also happens after it in time. */
static inline uint64_t
arch_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}
