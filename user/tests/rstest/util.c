/*
 * rstest's helpers: the clock, sleeping with an alarm, reading a
 * service's status from rs, waiting for a state, and calling testsvc.
 */
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <string.h>
#include "../../../servers/testsvc/testsvc.h"
#include "rstest.h"

uint64_t
rst_now(void)
{
	struct sysinfo si;

	return kc_sysinfo(&si) == 0 ? si.si_uptime_ns : 0;
}

void
rst_sleep_ms(uint64_t ms)
{
	struct message m;

	if (kc_alarm(ms * 1000000ULL) != 0) {
		return;
	}
	do {
		m.m_arg[0] = 0;
	} while (ipc_receive(ENDPOINT_KERNEL, &m) == 0 && !(m.m_arg[0] & NOTIFY_ALARM));
}

int
rst_status(const char *name, struct rst_status *out)
{
	struct message m;
	int err = rs_call_name(RS_STATUS, name, &m);

	if (err != 0) {
		return err;
	}
	out->state = (unsigned)(m.m_arg[RS_ST_STATE_EP] & 0xffffffff);
	out->ep = (endpoint_t)(m.m_arg[RS_ST_STATE_EP] >> 32);
	out->starts = (unsigned)(m.m_arg[RS_ST_COUNTS] & 0xffffffff);
	out->crashes = (unsigned)(m.m_arg[RS_ST_COUNTS] >> 32);
	out->cause = (unsigned)(m.m_arg[RS_ST_CAUSE_HB] & 0xffffffff);
	out->hb_misses = (unsigned)(m.m_arg[RS_ST_CAUSE_HB] >> 32);
	out->last_crash = m.m_arg[RS_ST_LAST_CRASH];
	out->latency = m.m_arg[RS_ST_LATENCY];
	return 0;
}

int
rst_wait_state(const char *name, unsigned state, endpoint_t not_ep, uint64_t ms,
    struct rst_status *out)
{
	uint64_t end = rst_now() + ms * 1000000ULL;

	do {
		if (rst_status(name, out) == 0 && out->state == state && out->ep != not_ep) {
			return 0;
		}
		rst_sleep_ms(10);
	} while (rst_now() < end);
	return -1;
}

int
rst_fault(const char *name, unsigned kind)
{
	struct message m;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_FAULT;
	rs_name_pack(&m, 0, name);
	m.m_arg[3] = kind;
	return rs_call(&m);
}

int
rst_svc_call(endpoint_t ep, unsigned type, uint64_t *counter, uint64_t *told)
{
	struct message m = { .m_type = type };
	int err = ipc_call(ep, &m);

	if (err != 0 || m.m_type != TESTSVC_REPLY) {
		return err != 0 ? err : -1;
	}
	*counter = m.m_arg[0];
	if (told != NULL) {
		*told = m.m_arg[1];
	}
	return 0;
}
