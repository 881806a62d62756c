/*
 * Time for user programs: the kernel's monotonic clock (KC_SYSINFO) and
 * sleeping on the caller's one alarm (KC_ALARM).  Sleeping consumes the
 * kernel notifications that arrive meanwhile.
 */
#pragma once
#include <stdint.h>

/* Nanoseconds since boot (0 if the kernel will not say). */
uint64_t clock_now_ns(void);

/* Sleeps ns; an alarm of the caller's own is cancelled. */
void clock_sleep_ns(uint64_t ns);

static inline void
clock_sleep_ms(uint64_t ms)
{
	clock_sleep_ns(ms * 1000000ull);
}
