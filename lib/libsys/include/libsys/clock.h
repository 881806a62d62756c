/*
 * Time for user programs: the kernel's monotonic clock (read once with
 * KC_SYSINFO, then followed with the TSC the kernel counts in) and
 * sleeping on the caller's one alarm (KC_ALARM).  A sleep re-arms the
 * alarm it borrowed with what that had left; kernel notifications that
 * arrive during a sleep are kept for clock_missed().
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>

/* Nanoseconds since boot (0 if the kernel will not say). */
uint64_t clock_now_ns(void);

/* Sleeps ns.  An alarm the caller had armed still fires, late by at
 * most the sleep. */
void clock_sleep_ns(uint64_t ns);

/* The kernel notifications (other than the sleep's own alarm) that
 * sleeping took: true with them in *m as one NOTIFY message from
 * ENDPOINT_KERNEL, then forgotten; false when there were none.  A loop
 * that may sleep inside its handlers (libdriver's) asks after each. */
bool clock_missed(struct message *m);

static inline void
clock_sleep_ms(uint64_t ms)
{
	clock_sleep_ns(ms * 1000000ull);
}
