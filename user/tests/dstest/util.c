/*
 * What the tests share: spawning helpers (remembered, so that a test's
 * end kills whatever it left running), our own endpoint (a process learns
 * its endpoint only from someone it calls: the mirror helper tells it),
 * starting ds and servers, and waiting for a child with a time limit.
 */
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "dstest.h"

endpoint_t dstest_ds = ENDPOINT_NONE;
static endpoint_t children[DSTEST_MAX_CHILDREN];
static int nchildren;

/* Starts program with pd (NULL: testrun_priv()) and remembers it. */
static endpoint_t
spawn_remembered(const char *program, char *const argv[], const struct priv_desc *pd)
{
	struct priv_desc mine;
	endpoint_t ep;

	if (nchildren == DSTEST_MAX_CHILDREN) {
		return -ENOSPC;
	}
	if (pd == NULL) {
		testrun_priv(&mine);
		pd = &mine;
	}
	ep = spawn_boot(program, argv, pd);
	if (ep >= 0) {
		children[nchildren++] = ep;
	}
	return ep;
}

endpoint_t
dstest_spawn(const char *role, const char *a, const char *b, const char *c)
{
	char *argv[] = { "dstest", "--role", (char *)role, (char *)a, (char *)b, (char *)c, NULL };

	return spawn_remembered("dstest", argv, NULL);
}

endpoint_t
dstest_self(void)
{
	static endpoint_t self = ENDPOINT_NONE;
	struct message m = { .m_type = T_WHO };
	endpoint_t mirror;

	if (self >= 0) {
		return self;
	}
	mirror = dstest_spawn("mirror", NULL, NULL, NULL);
	if (mirror < 0 || ipc_call(mirror, &m) != 0) {
		return ENDPOINT_NONE;
	}
	self = (endpoint_t)(int64_t)m.m_arg[0];
	dstest_kill(mirror);
	return self;
}

endpoint_t
dstest_start_ds(void)
{
	char reg[16];
	char *argv[] = { "ds", reg, NULL };
	endpoint_t self = dstest_self();
	struct priv_desc pd;

	if (self < 0) {
		return ENDPOINT_NONE;
	}
	snprintf(reg, sizeof(reg), "%d", self);
	/* ds needs no kernel call at all: only IPC, to anyone. */
	memset(&pd, 0, sizeof(pd));
	pd.pd_flags = PRIV_IPC_ANY;
	dstest_ds = spawn_remembered("ds", argv, &pd);
	if (dstest_ds >= 0) {
		ds_init(dstest_ds);
	}
	return dstest_ds;
}

endpoint_t
dstest_start_server(const char *name, int *published)
{
	char ds[16], parent[16];
	struct message m;
	endpoint_t s;

	snprintf(ds, sizeof(ds), "%d", dstest_ds);
	snprintf(parent, sizeof(parent), "%d", dstest_self());
	s = dstest_spawn("server", ds, parent, name);
	if (s < 0) {
		return s;
	}
	if (ipc_receive(s, &m) != 0 || m.m_type != T_READY) {
		return ENDPOINT_NONE;
	}
	*published = (int)(int64_t)m.m_arg[0];
	return s;
}

void
dstest_kill(endpoint_t child)
{
	struct exit_info ei;

	for (int i = 0; i < nchildren; i++) {
		if (children[i] == child) {
			children[i] = children[--nchildren];
			kc_proc_kill(child);
			spawn_wait_timeout(child, &ei, 5 * NS_PER_SEC);
			return;
		}
	}
}

void
dstest_cleanup(void)
{
	while (nchildren > 0) {
		dstest_kill(children[nchildren - 1]);
	}
}
