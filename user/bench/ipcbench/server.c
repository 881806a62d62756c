/*
 * ipcbench's server: a separate process (its own address space) that
 * answers calls at once, the smallest amount of work a server can do, so
 * that what the client measures is the IPC path itself.  It answers with
 * SYS_REPLY_RECV, as the library loops do, or, after B_SPLIT, with a
 * SYS_REPLY followed by a SYS_RECEIVE, the way servers looped before.
 */
#include <libsys/ipc.h>
#include <stdbool.h>
#include "ipcbench.h"

/* CPUID 0x80000001 edx bit 27: RDTSCP exists. */
static bool
bench_have_rdtscp(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000000), "c"(0));
	if (a < 0x80000001) {
		return false;
	}
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001), "c"(0));
	return (d & (1u << 27)) != 0;
}

unsigned
bench_cpu(void)
{
	uint32_t lo, hi, aux;

	if (!bench_have_rdtscp()) {
		return 0;
	}
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	return aux;
}

int
bench_server(void)
{
	struct message m = { 0 };
	endpoint_t to = ENDPOINT_NONE; /* the caller m answers, if any */
	bool split = false;
	int r;

	for (;;) {
		if (to != ENDPOINT_NONE && split) {
			ipc_reply(to, &m);
			to = ENDPOINT_NONE;
		}
		if (to == ENDPOINT_NONE) {
			r = ipc_receive(ENDPOINT_ANY, &m);
		} else {
			r = ipc_reply_recv(to, &m, ENDPOINT_ANY, &m);
		}
		if (r != 0) {
			return 1;
		}
		to = ENDPOINT_NONE;
		switch (m.m_type) {
		case B_ECHO:
			to = m.m_source;
			break;
		case B_WHERE:
			m.m_arg[0] = bench_cpu();
			to = m.m_source;
			break;
		case B_SPLIT:
			split = m.m_arg[0] != 0;
			to = m.m_source;
			break;
		case B_QUIT:
			ipc_reply(m.m_source, &m);
			return 0;
		default:
			break; /* notifications from the notify benchmark */
		}
	}
}
