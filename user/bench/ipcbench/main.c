/*
 * ipcbench: what an IPC round trip, a notification and a null system
 * call cost.  Run as `make run APPEND="run=ipcbench"` (or
 * scripts/bench-ipc.sh); `ipcbench --server` is the process it talks to.
 *
 * The server is a second process, in its own address space, started from
 * the boot image.  Threads never change CPUs and a new one goes to the
 * least loaded CPU, so ipcbench starts servers (keeping the ones it does
 * not use, blocked and idle, until the end) until one runs on its own CPU
 * (RDTSCP tells each side where it runs): the headline figure is the
 * same-CPU round trip, as Linux's `linux_pipe_rt_1cpu_ns`.  A server on
 * the other CPU, if one turned up, gives the cross-CPU figure too.
 *
 * Each figure is the median of batch means, timed with the TSC and
 * converted with KC_SYSINFO's si_tsc_hz:
 *   RESULT ipc_call_reply_ns      SYS_CALL + the server's SYS_REPLY_RECV:
 *                                 100 batches of 1,000
 *   RESULT ipc_call_reply_split_ns SYS_CALL + the server's SYS_REPLY and
 *                                 then SYS_RECEIVE (the server loop before
 *                                 SYS_REPLY_RECV): 100 batches of 1,000
 *   RESULT ipc_call_reply_xcpu_ns ipc_call_reply_ns with the server on the
 *                                 other CPU
 *   RESULT ipc_notify_ns          SYS_NOTIFY to the waiting server
 *   RESULT null_syscall_ns        SYS_NULL
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/syscall.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ipcbench.h"

#define CALL_BATCHES 100
#define CALL_PER 1000
#define XCPU_BATCHES 20
#define SMALL_BATCHES 20
#define SMALL_PER 10000
#define MAX_BATCHES 100
#define MAX_SERVERS 8

typedef unsigned (*bench_op)(endpoint_t srv, unsigned n); /* returns failures */

static uint64_t tsc_hz;

static unsigned
op_null(endpoint_t srv, unsigned n)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		bad += sys_null() != 0;
	}
	return bad;
}

static unsigned
op_call(endpoint_t srv, unsigned n)
{
	struct message m = { .m_type = B_ECHO };
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		m.m_type = B_ECHO;
		m.m_arg[0] = i;
		bad += ipc_call(srv, &m) != 0 || m.m_arg[0] != i;
	}
	return bad;
}

static unsigned
op_notify(endpoint_t srv, unsigned n)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		bad += ipc_notify(srv) != 0;
	}
	return bad;
}

/* Cycles to ns without 128-bit arithmetic (there is no libgcc): the
 * remainder is below tsc_hz, about 2^32, so its product fits. */
static uint64_t
bench_ns(uint64_t cycles)
{
	return cycles / tsc_hz * 1000000000u + cycles % tsc_hz * 1000000000u / tsc_hz;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Runs op in batches of per after one batch of warm-up; returns the median
 * of the batch means in ns (the spread goes to the console). */
static uint64_t
measure(const char *what, bench_op op, endpoint_t srv, unsigned batches, unsigned per)
{
	uint64_t ns[MAX_BATCHES];
	unsigned bad = op(srv, per);

	for (unsigned b = 0; b < batches; b++) {
		uint64_t t0 = bench_tsc(), cycles;

		bad += op(srv, per);
		cycles = bench_tsc() - t0;
		ns[b] = bench_ns(cycles) / per;
	}
	qsort(ns, batches, sizeof(uint64_t), cmp_u64);
	printf("ipcbench: %s: %u x %u, batch means min %lu, median %lu, max %lu ns%s\n", what,
	    batches, per, ns[0], ns[batches / 2], ns[batches - 1], bad ? " (ERRORS)" : "");
	return bad ? 0 : ns[batches / 2];
}

/* The CPU srv runs on, or -1. */
static int
server_cpu(endpoint_t srv)
{
	struct message m = { .m_type = B_WHERE };

	return ipc_call(srv, &m) == 0 ? (int)m.m_arg[0] : -1;
}

/* Switches srv's loop to reply-then-receive (split) or back; false if
 * the call failed. */
static bool
server_split(endpoint_t srv, bool split)
{
	struct message m = { .m_type = B_SPLIT, .m_arg = { split } };

	return ipc_call(srv, &m) == 0;
}

static void
server_stop(endpoint_t srv)
{
	struct message m = { .m_type = B_QUIT };
	struct exit_info ei;

	if (ipc_call(srv, &m) == 0) {
		spawn_wait(srv, &ei);
	}
}

int
main(int argc, char **argv)
{
	char *sargv[] = { "ipcbench", "--server", NULL };
	endpoint_t servers[MAX_SERVERS], same = -1, other = -1;
	struct priv_desc pd = { .pd_kcalls = 1ULL << KC_CONSOLE_WRITE };
	struct sysinfo si;
	unsigned me = bench_cpu(), n = 0;
	uint64_t rt, srt = 0, xrt = 0, nt, sc;

	if (argc > 1 && strcmp(argv[1], "--server") == 0) {
		return bench_server();
	}
	if (kc_sysinfo(&si) != 0 || si.si_tsc_hz == 0) {
		printf("ipcbench: no TSC rate from KC_SYSINFO\n");
		return 1;
	}
	tsc_hz = si.si_tsc_hz;
	while (n < MAX_SERVERS && (same < 0 || (other < 0 && si.si_cpus > 1))) {
		endpoint_t s = spawn_boot("ipcbench", sargv, &pd);
		int cpu;

		if (s < 0) {
			printf("ipcbench: cannot start the server: %d\n", s);
			break;
		}
		servers[n++] = s;
		cpu = server_cpu(s);
		if (cpu == (int)me && same < 0) {
			same = s;
		} else if (cpu >= 0 && cpu != (int)me && other < 0) {
			other = s;
		}
	}
	if (same < 0) {
		printf("ipcbench: no server landed on CPU %u\n", me);
		return 1;
	}
	printf("ipcbench: client and server on CPU %u of %u (%u servers started)\n", me, si.si_cpus,
	    n);
	sc = measure("null system call", op_null, same, SMALL_BATCHES, SMALL_PER);
	rt = measure("call/reply-recv, same CPU", op_call, same, CALL_BATCHES, CALL_PER);
	if (server_split(same, true)) {
		srt = measure("call/reply then receive, same CPU", op_call, same, CALL_BATCHES,
		    CALL_PER);
		server_split(same, false);
	}
	if (other >= 0) {
		xrt = measure("call/reply, other CPU", op_call, other, XCPU_BATCHES, CALL_PER);
	}
	nt = measure("notify", op_notify, same, SMALL_BATCHES, SMALL_PER);
	for (unsigned i = 0; i < n; i++) {
		server_stop(servers[i]);
	}
	printf("RESULT ipc_call_reply_ns %lu ns\n", rt);
	printf("RESULT ipc_call_reply_split_ns %lu ns\n", srt);
	if (other >= 0) {
		printf("RESULT ipc_call_reply_xcpu_ns %lu ns\n", xrt);
	}
	printf("RESULT ipc_notify_ns %lu ns\n", nt);
	printf("RESULT null_syscall_ns %lu ns\n", sc);
	return rt != 0 && srt != 0 && nt != 0 && sc != 0 ? 0 : 1;
}
