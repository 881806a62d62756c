/*
 * The client side of the rs protocol (libsys/rs.h), and the one way every
 * service takes its events from rs: rs only notifies, the service asks.
 */
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <string.h>
#include <xinim/errno.h>

static endpoint_t rs_ep = ENDPOINT_NONE;

endpoint_t
rs_endpoint(void)
{
	struct message m;

	while (rs_ep == ENDPOINT_NONE) {
		if (ipc_receive(ENDPOINT_ANY, &m) == 0 && m.m_type == MSG_NOTIFY &&
		    m.m_source >= 0) {
			rs_ep = m.m_source;
		}
	}
	return rs_ep;
}

void
rs_set_endpoint(endpoint_t rs)
{
	rs_ep = rs;
}

int
rs_call(struct message *m)
{
	int r = ipc_call(rs_endpoint(), m);

	return r < 0 ? r : (int)(int64_t)m->m_arg[0];
}

int
rs_call_name(unsigned type, const char *name, struct message *m)
{
	int err;

	memset(m, 0, sizeof(*m));
	m->m_type = type;
	err = rs_name_pack(m, 0, name);
	if (err != 0) {
		return err;
	}
	return rs_call(m);
}

bool
rs_event_notified(const struct message *m)
{
	return m->m_type == MSG_NOTIFY && rs_ep != ENDPOINT_NONE && m->m_source == rs_ep;
}

int
rs_event_next(struct message *ev, unsigned *left)
{
	struct message m = { .m_type = RS_GET_EVENT };
	int r = rs_call(&m);

	if (left != NULL) {
		*left = r == 0 ? (unsigned)m.m_arg[RS_EVENT_LEFT_ARG] : 0;
	}
	if (r == -ENOENT) {
		return 0;
	}
	if (r < 0) {
		return r;
	}
	memset(ev, 0, sizeof(*ev));
	ev->m_type = (uint32_t)m.m_arg[1];
	ev->m_source = rs_ep;
	memcpy(&ev->m_arg[0], &m.m_arg[2], (RS_EVENT_LEFT_ARG - 2) * sizeof(uint64_t));
	return 1;
}
