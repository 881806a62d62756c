/*
 * libsys's clock (libsys/clock.h).
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>

uint64_t
clock_now_ns(void)
{
	struct sysinfo si;

	return kc_sysinfo(&si) == 0 ? si.si_uptime_ns : 0;
}

void
clock_sleep_ns(uint64_t ns)
{
	struct message m;

	if (kc_alarm(ns) != 0) {
		return;
	}
	do {
		m.m_arg[0] = 0;
	} while (ipc_receive(ENDPOINT_KERNEL, &m) == 0 && (m.m_arg[0] & NOTIFY_ALARM) == 0);
}
