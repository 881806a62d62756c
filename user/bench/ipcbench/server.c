/*
 * ipcbench's server: a separate process (its own address space) that
 * answers calls at once, the smallest amount of work a server can do, so
 * that what the client measures is the IPC path itself.
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
	struct message m;

	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			return 1;
		}
		switch (m.m_type) {
		case B_ECHO:
			ipc_reply(m.m_source, &m);
			break;
		case B_WHERE:
			m.m_arg[0] = bench_cpu();
			ipc_reply(m.m_source, &m);
			break;
		case B_QUIT:
			ipc_reply(m.m_source, &m);
			return 0;
		default:
			break; /* notifications from the notify benchmark */
		}
	}
}
