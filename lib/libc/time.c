/*
 * Clocks and sleeping on libsys's clock: both clocks count from boot.
 */
#include <errno.h>
#include <libsys/clock.h>
#include <time.h>
#include <unistd.h>
#include "libc_int.h"

#define NS 1000000000ULL

/* clock_sleep_ns(0) would cancel the alarm and wait for ever. */
static void
sleep_ns(uint64_t ns)
{
	if (ns > 0) {
		clock_sleep_ns(ns);
	}
}

int
clock_gettime(clockid_t clk, struct timespec *ts)
{
	uint64_t now;

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC) {
		return (int)libc_ret(-EINVAL);
	}
	now = clock_now_ns();
	ts->tv_sec = (time_t)(now / NS);
	ts->tv_nsec = (long)(now % NS);
	return 0;
}

time_t
time(time_t *t)
{
	time_t now = (time_t)(clock_now_ns() / NS);

	if (t != NULL) {
		*t = now;
	}
	return now;
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= (long)NS) {
		return (int)libc_ret(-EINVAL);
	}
	sleep_ns((uint64_t)req->tv_sec * NS + (uint64_t)req->tv_nsec);
	if (rem != NULL) {
		rem->tv_sec = 0;
		rem->tv_nsec = 0;
	}
	return 0;
}

unsigned
sleep(unsigned seconds)
{
	sleep_ns((uint64_t)seconds * NS);
	return 0;
}

int
usleep(useconds_t us)
{
	sleep_ns((uint64_t)us * 1000);
	return 0;
}
