/*
 * rstest timer: libdriver runs a driver's own timer and its heartbeats
 * on one alarm, and neither may starve the other.  testsvc (which has
 * the `sysinfo` clock) re-arms a short timer from its callback twenty
 * times, and `dependent` (which has no clock: libdriver times it by the
 * alarm alone) arms one timer longer than two of its heartbeat periods.
 * Both timers must fire as often as asked and no earlier than asked,
 * and rs must see no missed heartbeat: same instances, still RUNNING.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <stdio.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

#define MS 1000000ULL
#define TICK_MS 50 /* testsvc's periodic timer: 20 times, 1 s */
#define TICKS 20
#define LONG_MS 1200  /* dependent's one timer; its heartbeat is 500 ms */
#define LIMIT_MS 4000 /* for both to be done */

static char why[160];

/* TESTSVC_TIMER or TESTSVC_GET; *fired gets the timer's count. */
static int
svc_timer(endpoint_t ep, unsigned type, uint64_t ns, uint64_t times, uint64_t *fired)
{
	struct message m = { .m_type = type, .m_arg = { ns, times } };
	int err = ipc_call(ep, &m);

	if (err != 0 || m.m_type != TESTSVC_REPLY || (int64_t)m.m_arg[0] < 0) {
		return err != 0 ? err : -1;
	}
	*fired = m.m_arg[2];
	return 0;
}

/* Polls ep until its timer count reaches want; the time it took, or 0. */
static uint64_t
wait_fired(endpoint_t ep, uint64_t want, uint64_t t0)
{
	uint64_t n = 0;

	while (clock_now_ns() - t0 < LIMIT_MS * MS) {
		if (svc_timer(ep, TESTSVC_GET, 0, 0, &n) != 0) {
			return 0;
		}
		if (n >= want) {
			return clock_now_ns() - t0;
		}
		clock_sleep_ms(20);
	}
	return 0;
}

const char *
rst_t_timer(void)
{
	struct rs_svc_status t, d, t2, d2;
	uint64_t t0, tf0 = 0, df0 = 0, took_t, took_d;

	if (rs_wait_state("testsvc", RS_RUNNING, ENDPOINT_ANY, 5000, &t) != 0 ||
	    rs_wait_state("dependent", RS_RUNNING, ENDPOINT_ANY, 5000, &d) != 0) {
		return "the services are not RUNNING";
	}
	t0 = clock_now_ns();
	if (svc_timer(t.ep, TESTSVC_TIMER, TICK_MS * MS, TICKS, &tf0) != 0 ||
	    svc_timer(d.ep, TESTSVC_TIMER, LONG_MS * MS, 1, &df0) != 0) {
		return "TESTSVC_TIMER failed";
	}
	took_t = wait_fired(t.ep, tf0 + TICKS, t0);
	took_d = wait_fired(d.ep, df0 + 1, t0);
	if (took_t == 0 || took_d == 0) {
		snprintf(why, sizeof(why), "timers not done in %u ms (testsvc %lu, dependent %lu)",
		    LIMIT_MS, (unsigned long)took_t, (unsigned long)took_d);
		return why;
	}
	if (took_t < TICKS * TICK_MS * MS || took_d < LONG_MS * MS) {
		return "a timer fired early";
	}
	if (rs_status("testsvc", &t2) != 0 || rs_status("dependent", &d2) != 0) {
		return "RS_STATUS failed";
	}
	if (t2.ep != t.ep || d2.ep != d.ep || t2.hb_misses != t.hb_misses ||
	    d2.hb_misses != d.hb_misses || t2.state != RS_RUNNING || d2.state != RS_RUNNING) {
		return "a heartbeat was missed while the timer was armed";
	}
	printf("rstest: timers done in %lu and %lu ms, no heartbeat missed\n",
	    (unsigned long)(took_t / MS), (unsigned long)(took_d / MS));
	return NULL;
}
