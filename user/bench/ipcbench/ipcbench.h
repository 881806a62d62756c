/*
 * ipcbench: IPC and system-call latency (see main.c).  Shared between the
 * measuring side and the server it talks to.
 */
#pragma once
#include <stdint.h>

#define B_ECHO 1  /* call: the server replies with the message as it came */
#define B_WHERE 2 /* call: the reply's m_arg[0] is the server's CPU */
#define B_QUIT 3  /* call: the server replies and exits */
/* call: m_arg[0] != 0 makes the server answer with SYS_REPLY and then
 * SYS_RECEIVE (the loop before SYS_REPLY_RECV), 0 with SYS_REPLY_RECV */
#define B_SPLIT 4

/* The time-stamp counter, and the CPU we run on (RDTSCP's TSC_AUX, which
 * the kernel sets to the CPU number; 0 without RDTSCP). */
static inline uint64_t
bench_tsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

unsigned bench_cpu(void);

/* The server's loop (server.c); returns its exit status. */
int bench_server(void);
