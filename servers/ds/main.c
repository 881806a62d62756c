/*
 * ds, the name service: `ds [REGISTRAR]`, REGISTRAR the decimal endpoint
 * allowed to change any name (rs; see include/xinim/proto/ds.h), or "-":
 * the first process to notify ds (rs, which started it).  One
 * receive loop, one dispatch on the message type, one reply per request;
 * after each request the subscribers with new changes are notified.  ds
 * calls no one but rs, so a hung client cannot block it, and a notify to
 * a dead subscriber drops that subscription.  With "-", rs does not call
 * ds either: it notifies, and ds pulls each changed name (RS_DS_NEXT).
 */
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/ds.h>
#include "table.h"

static struct ds_table table;

/* DS_CHECK: fills the reply with the caller's next change. */
static int
do_check(struct message *m)
{
	struct ds_change c;
	int r = ds_table_check(&table, m->m_source, &c);

	if (r != 0) {
		return r;
	}
	r = rs_name_pack(m, DS_ARG_CHECK_NAME, c.dc_name);
	m->m_arg[DS_ARG_CHECK_EP] = (uint64_t)(int64_t)c.dc_ep;
	return r;
}

/* Handles one request; the result goes into m as the reply. */
static void
dispatch(struct message *m)
{
	char name[DS_NAME_LEN + 1];
	endpoint_t ep = (endpoint_t)(int64_t)m->m_arg[DS_ARG_EP];
	int r = 0;

	if (m->m_type < DS_PUBLISH || m->m_type > DS_CHECK) {
		r = -ENOSYS;
	} else if (m->m_type != DS_CHECK) {
		r = rs_name_unpack(m, 0, name);
	}
	for (int i = 1; i < MSG_ARGS; i++) {
		m->m_arg[i] = 0;
	}
	if (r != 0) {
		goto out;
	}
	switch (m->m_type) {
	case DS_PUBLISH:
		r = ds_table_publish(&table, m->m_source, name, ep);
		break;
	case DS_LOOKUP:
		r = ds_table_lookup(&table, name, &ep);
		m->m_arg[1] = r == 0 ? (uint64_t)(int64_t)ep : 0;
		break;
	case DS_UNPUBLISH:
		r = ds_table_unpublish(&table, m->m_source, name);
		break;
	case DS_SUBSCRIBE:
		r = ds_table_subscribe(&table, m->m_source, name);
		break;
	case DS_CHECK:
		r = do_check(m);
		break;
	default:
		r = -ENOSYS;
		break;
	}
out:
	m->m_type = DS_REPLY;
	m->m_arg[0] = (uint64_t)(int64_t)r;
}

/* Applies every change rs has for the table (registrar "-" only). */
static void
pull_from_rs(endpoint_t registrar)
{
	char name[DS_NAME_LEN + 1];
	struct message m;

	for (;;) {
		memset(&m, 0, sizeof(m));
		m.m_type = RS_DS_NEXT;
		if (rs_call(&m) != 0 || rs_name_unpack(&m, 1, name) != 0) {
			return;
		}
		if ((endpoint_t)(int64_t)m.m_arg[1 + RS_NAME_ARGS] == ENDPOINT_NONE) {
			ds_table_unpublish(&table, registrar, name);
		} else {
			ds_table_publish(&table, registrar, name,
			    (endpoint_t)(int64_t)m.m_arg[1 + RS_NAME_ARGS]);
		}
	}
}

/* Whether ep lives: a reply to it says so without reaching it (ds
 * answers each request before the next, so no one but the caller being
 * served waits for a reply from ds; a live process that does not gets
 * -ENOTREADY, a dead endpoint -EDEADSRCDST). */
static bool
alive(endpoint_t ep)
{
	struct message m = { .m_type = DS_REPLY, .m_arg[0] = (uint64_t)(int64_t)-EPERM };

	return ipc_reply(ep, &m) != -EDEADSRCDST;
}

static void
notify_subscribers(void)
{
	endpoint_t who;

	while (ds_table_next_notify(&table, &who)) {
		if (ipc_notify(who) == -EDEADSRCDST) {
			ds_table_drop_subscriber(&table, who);
		}
	}
}

int
main(int argc, char **argv)
{
	struct message m;
	endpoint_t src, registrar = ENDPOINT_NONE;
	bool from_rs = false;

	if (argc > 1 && strcmp(argv[1], "-") == 0) {
		registrar = rs_endpoint();
		from_rs = true;
	} else if (argc > 1) {
		registrar = (endpoint_t)strtol(argv[1], NULL, 10);
	}
	ds_table_init(&table, registrar);
	table.dt_alive = alive;
	/* A ds started again after a crash: rs has every name waiting, and
	 * its notification may have been the one rs_endpoint() took. */
	if (from_rs) {
		pull_from_rs(registrar);
	}
	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			continue;
		}
		if (m.m_type == MSG_NOTIFY && from_rs && m.m_source == registrar) {
			pull_from_rs(registrar);
			notify_subscribers();
			continue;
		}
		if (m.m_type == MSG_NOTIFY || m.m_source < 0) {
			continue;
		}
		src = m.m_source;
		dispatch(&m);
		if (ipc_reply(src, &m) != 0) {
			ds_table_drop_subscriber(&table, src);
		}
		notify_subscribers();
	}
	return 0;
}
