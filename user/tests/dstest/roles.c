/*
 * The helpers the tests start from the dstest binary:
 *   mirror              answers one T_WHO with the caller's endpoint
 *   server DS PARENT N  publishes itself as N with ds, tells PARENT the
 *                       result (T_READY), then serves T_ECHO until T_QUIT
 *   client DS N COUNT   makes COUNT T_ECHO requests through ds_call(N):
 *                       exits 0 when every answer was right
 */
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "dstest.h"

static int
role_mirror(void)
{
	struct message m;

	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0 || m.m_source < 0) {
			continue;
		}
		if (m.m_type == T_WHO) {
			endpoint_t who = m.m_source;

			m.m_arg[0] = (uint64_t)(int64_t)who;
			ipc_reply(who, &m);
			return 0;
		}
	}
}

static int
role_server(endpoint_t ds, endpoint_t parent, const char *name)
{
	struct message m = { .m_type = T_READY };
	endpoint_t who;

	ds_init(ds);
	m.m_arg[0] = (uint64_t)(int64_t)ds_publish(name, ENDPOINT_SELF);
	if (ipc_send(parent, &m) != 0) {
		return 1;
	}
	for (;;) {
		if (ipc_receive(ENDPOINT_ANY, &m) != 0 || m.m_source < 0 ||
		    m.m_type == MSG_NOTIFY) {
			continue;
		}
		who = m.m_source;
		if (m.m_type == T_ECHO) {
			for (int i = 0; i < MSG_ARGS; i++) {
				m.m_arg[i]++;
			}
		}
		ipc_reply(who, &m);
		if (m.m_type == T_QUIT) {
			return 0;
		}
	}
}

static int
role_client(endpoint_t ds, const char *name, int count)
{
	struct message m;
	int r;

	ds_init(ds);
	for (int i = 0; i < count; i++) {
		memset(&m, 0, sizeof(m));
		m.m_type = T_ECHO;
		m.m_arg[0] = (uint64_t)i;
		r = ds_call(name, &m);
		if (r != 0 || m.m_arg[0] != (uint64_t)i + 1) {
			printf("dstest client: request %d: ds_call %d, answer %lu\n", i, r,
			    m.m_arg[0]);
			return 1;
		}
	}
	return 0;
}

int
dstest_role(int argc, char **argv)
{
	const char *role = argv[2];

	if (strcmp(role, "mirror") == 0) {
		return role_mirror();
	}
	if (strcmp(role, "server") == 0 && argc >= 6) {
		return role_server((endpoint_t)atoi(argv[3]), (endpoint_t)atoi(argv[4]), argv[5]);
	}
	if (strcmp(role, "client") == 0 && argc >= 6) {
		return role_client((endpoint_t)atoi(argv[3]), argv[4], atoi(argv[5]));
	}
	printf("dstest: bad role '%s'\n", role);
	return 2;
}
