/*
 * Time: both clocks count from boot (there is no real-time clock yet),
 * from the kernel's monotonic clock (KC_SYSINFO); sleeping uses the
 * caller's alarm (KC_ALARM).
 */
#pragma once
#include <sys/types.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

int clock_gettime(clockid_t clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);
