/*
 * libsys's view of services through rs (libsys/rs.h): a service's
 * status decoded from RS_STATUS, waiting for a state, injecting a fault.
 * Used by the `service` command, the in-OS tests and the benchmarks.
 */
#include <libsys/clock.h>
#include <libsys/rs.h>
#include <string.h>

int
rs_status(const char *name, struct rs_svc_status *out)
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
	out->uptime = m.m_arg[RS_ST_UPTIME];
	return 0;
}

int
rs_wait_state(const char *name, unsigned state, endpoint_t not_ep, uint64_t ms,
    struct rs_svc_status *out)
{
	uint64_t end = clock_now_ns() + ms * 1000000ULL;

	do {
		if (rs_status(name, out) == 0 && out->state == state && out->ep != not_ep) {
			return 0;
		}
		clock_sleep_ms(RS_WAIT_POLL_MS);
	} while (clock_now_ns() < end);
	return -ETIMEDOUT;
}

int
rs_fault(const char *name, unsigned kind)
{
	struct message m;

	memset(&m, 0, sizeof(m));
	m.m_type = RS_FAULT;
	rs_name_pack(&m, 0, name);
	m.m_arg[3] = kind;
	return rs_call(&m);
}
