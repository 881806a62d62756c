/*
 * libsys's clock (libsys/clock.h).  Sleeping borrows the process's one
 * alarm: the alarm it replaces is armed again afterwards with what it
 * had left, and kernel notifications that arrive meanwhile (IRQ hooks,
 * exits) are kept for clock_missed(), so that a driver whose heartbeat
 * and interrupts use them loses neither.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>

static uint64_t missed_bits;  /* NOTIFY_* other than the sleep's alarm */
static uint64_t missed_hooks; /* IRQ hook bitmap */

/* The kernel's clock counts TSC cycles since a base; so do we, from one
 * reading of it (KC_SYSINFO is a kernel call that also gathers memory
 * figures: too dear for every look at the clock, which servers take on
 * every request). */
static uint64_t tsc_base, ns_base, tsc_hz, ns_last;

static inline uint64_t
clock_cycles(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t
clock_now_ns(void)
{
	struct sysinfo si;
	uint64_t d, ns;

	if (tsc_hz == 0) {
		if (kc_sysinfo(&si) != 0) {
			return 0;
		}
		if (si.si_tsc_hz == 0) {
			return si.si_uptime_ns; /* no calibrated counter: ask each time */
		}
		tsc_base = clock_cycles();
		ns_base = si.si_uptime_ns;
		tsc_hz = si.si_tsc_hz;
	}
	d = clock_cycles() - tsc_base;
	ns = ns_base + d / tsc_hz * 1000000000ULL + d % tsc_hz * 1000000000ULL / tsc_hz;
	/* Never backwards, even on a CPU whose counter lags. */
	if (ns < ns_last) {
		ns = ns_last;
	}
	ns_last = ns;
	return ns;
}

void
clock_sleep_ns(uint64_t ns)
{
	uint64_t start = clock_now_ns(), slept;
	int64_t left = kc_alarm_swap(ns);
	struct message m;

	if (left < 0) {
		return;
	}
	for (;;) {
		m.m_arg[0] = 0;
		if (ipc_receive(ENDPOINT_KERNEL, &m) != 0) {
			break;
		}
		missed_bits |= m.m_arg[0] & ~(uint64_t)NOTIFY_ALARM;
		missed_hooks |= m.m_arg[1];
		if ((m.m_arg[0] & NOTIFY_ALARM) == 0) {
			continue;
		}
		/* An alarm before our time is the caller's own, delivered
		 * just before we borrowed the alarm: keep it for it.  (With
		 * no clock, every alarm ends the sleep.) */
		if (start == 0 || clock_now_ns() - start >= ns) {
			break;
		}
		missed_bits |= NOTIFY_ALARM;
	}
	/* The caller's alarm: armed again for what it has left, or, if it
	 * came due while we slept, handed over at once by clock_missed(). */
	slept = clock_now_ns() - start;
	if (left > 0 && (start == 0 || (uint64_t)left > slept)) {
		kc_alarm(start == 0 ? (uint64_t)left : (uint64_t)left - slept);
	} else if (left > 0) {
		missed_bits |= NOTIFY_ALARM;
	}
}

bool
clock_missed(struct message *m)
{
	if (missed_bits == 0) {
		return false;
	}
	*m = (struct message){ .m_source = ENDPOINT_KERNEL, .m_type = MSG_NOTIFY };
	m->m_arg[0] = missed_bits;
	m->m_arg[1] = missed_hooks;
	missed_bits = 0;
	missed_hooks = 0;
	return true;
}
