/*
 * The tests of ds and its libsys client.  Each starts its own ds, with
 * the test process as the registrar (the part rs plays in the system),
 * and its own servers; run_here() kills them all afterwards.
 */
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "dstest.h"

/* Starts ds, or says why not. */
#define START_DS()                                                                               \
	do {                                                                                     \
		endpoint_t ds_ = dstest_start_ds();                                              \
		if (ds_ < 0) {                                                                   \
			return testrun_why("cannot start ds: %d (self %d)", ds_, dstest_self()); \
		}                                                                                \
	} while (0)

/* One T_ECHO call straight to ep: 0 when the answer is right. */
static int
echo(endpoint_t ep, uint64_t v)
{
	struct message m = { .m_type = T_ECHO, .m_arg = { v } };
	int r = ipc_call(ep, &m);

	if (r != 0) {
		return r;
	}
	return m.m_arg[0] == v + 1 ? 0 : -EBADMSG;
}

const char *
test_publish_lookup(void)
{
	endpoint_t s, ep;
	int pub, r;

	START_DS();
	s = dstest_start_server("echo", &pub);
	if (s < 0 || pub != 0) {
		return testrun_why("server: endpoint %d, publish %d", s, pub);
	}
	ep = ds_lookup("echo");
	if (ep != s) {
		return testrun_why("lookup gave %d, the server is %d", ep, s);
	}
	r = echo(ep, 41);
	if (r != 0) {
		return testrun_why("echo through the looked-up endpoint: %d", r);
	}
	return NULL;
}

const char *
test_lookup_missing(void)
{
	endpoint_t ep;

	START_DS();
	ep = ds_lookup("nothing-here");
	if (ep != -ENOENT) {
		return testrun_why("lookup of a missing name gave %d, not -ENOENT", ep);
	}
	ep = ds_lookup("a-name-much-too-long-for-ds");
	if (ep != -ENAMETOOLONG) {
		return testrun_why("lookup of a too long name gave %d", ep);
	}
	if (ds_unpublish("nothing-here") != -ENOENT) {
		return testrun_why("unpublishing a missing name did not say -ENOENT");
	}
	return NULL;
}

const char *
test_replace_refused(void)
{
	endpoint_t a, b;
	int pub;

	START_DS();
	a = dstest_start_server("svc", &pub);
	if (a < 0 || pub != 0) {
		return testrun_why("first server: endpoint %d, publish %d", a, pub);
	}
	b = dstest_start_server("svc", &pub);
	if (b < 0) {
		return testrun_why("second server: %d", b);
	}
	if (pub != -EPERM) {
		return testrun_why("a non-owner replaced the name: publish %d", pub);
	}
	if (ds_lookup("svc") != a) {
		return testrun_why("the name moved to %d", ds_lookup("svc"));
	}
	return NULL;
}

const char *
test_subscribe(void)
{
	struct message m = { 0 };
	char name[DS_NAME_LEN + 1] = "";
	endpoint_t s, ep;
	int pub, r;

	START_DS();
	r = ds_subscribe("drv.");
	if (r != 0) {
		return testrun_why("subscribe: %d", r);
	}
	if (ds_check(name, &ep) != -EAGAIN) {
		return testrun_why("a change before any publish");
	}
	if (dstest_start_server("other", &pub) < 0 || pub != 0) {
		return testrun_why("server 'other': publish %d", pub);
	}
	s = dstest_start_server("drv.rng", &pub);
	if (s < 0 || pub != 0) {
		return testrun_why("server 'drv.rng': endpoint %d, publish %d", s, pub);
	}
	r = ipc_receive(dstest_ds, &m);
	if (r != 0 || m.m_type != MSG_NOTIFY) {
		return testrun_why("no notify from ds: receive %d, type %#x", r, m.m_type);
	}
	r = ds_check(name, &ep);
	if (r != 0 || strcmp(name, "drv.rng") != 0 || ep != s) {
		return testrun_why("check: %d, '%s' at %d (want 'drv.rng' at %d)", r, name, ep, s);
	}
	if (ds_check(name, &ep) != -EAGAIN) {
		return testrun_why("a second change: '%s'", name);
	}
	/* Unpublishing is a change too: the name, with ENDPOINT_NONE. */
	r = ds_unpublish("drv.rng");
	if (r != 0) {
		return testrun_why("unpublish: %d", r);
	}
	r = ipc_receive(dstest_ds, &m);
	if (r != 0 || m.m_type != MSG_NOTIFY) {
		return testrun_why("no notify of the unpublish: %d", r);
	}
	r = ds_check(name, &ep);
	if (r != 0 || strcmp(name, "drv.rng") != 0 || ep != ENDPOINT_NONE) {
		return testrun_why("check after unpublish: %d, '%s' at %d", r, name, ep);
	}
	return NULL;
}

/* Requests libsys would never send: ds answers each, and keeps going. */
const char *
test_malformed(void)
{
	struct message m = { .m_type = DS_LOOKUP };
	char name[DS_NAME_LEN + 1];
	endpoint_t ep;
	int r;

	START_DS();
	memset(m.m_arg, 'x', DS_NAME_ARGS * sizeof(uint64_t)); /* no NUL */
	r = ipc_call(dstest_ds, &m);
	if (r != 0 || m.m_type != DS_REPLY || (int64_t)m.m_arg[0] != -EINVAL) {
		return testrun_why("a name without its NUL: call %d, answer %ld", r,
		    (int64_t)m.m_arg[0]);
	}
	m = (struct message){ .m_type = DS_REPLY - 1 };
	r = ipc_call(dstest_ds, &m);
	if (r != 0 || (int64_t)m.m_arg[0] != -ENOSYS) {
		return testrun_why("an unknown request: call %d, answer %ld", r,
		    (int64_t)m.m_arg[0]);
	}
	m = (struct message){ .m_type = DS_PUBLISH, .m_arg = { 'a', 0, 0, (uint64_t)-9 } };
	r = ipc_call(dstest_ds, &m);
	if (r != 0 || (int64_t)m.m_arg[0] != -EINVAL) {
		return testrun_why("publishing endpoint -9: call %d, answer %ld", r,
		    (int64_t)m.m_arg[0]);
	}
	if (ds_check(name, &ep) != -ENOENT) {
		return testrun_why("DS_CHECK without a subscription did not say -ENOENT");
	}
	if (ds_publish("still-works", ENDPOINT_SELF) != 0 || ds_lookup("still-works") < 0) {
		return testrun_why("ds stopped working");
	}
	return NULL;
}

/* Kills server s and starts a new "echo" that we (the registrar)
 * republish, as rs does; the new endpoint or a negative code.  The new
 * instance takes the name itself: it names a dead process (a live
 * holder's name is refused: test_replace_refused). */
static endpoint_t
reincarnate(endpoint_t s)
{
	endpoint_t n;
	int pub, r;

	dstest_kill(s);
	n = dstest_start_server("echo", &pub);
	if (n < 0) {
		return n;
	}
	if (pub != 0) {
		return -EEXIST - 1000 + pub; /* the dead instance's name was refused */
	}
	if (ds_lookup("echo") != n) {
		return -EEXIST;
	}
	r = ds_publish("echo", n);
	return r != 0 ? r : n;
}

const char *
test_restart(void)
{
	struct message m = { .m_type = T_ECHO };
	endpoint_t s, n;
	int pub, r;

	START_DS();
	s = dstest_start_server("echo", &pub);
	if (s < 0 || pub != 0) {
		return testrun_why("server: endpoint %d, publish %d", s, pub);
	}
	m.m_arg[0] = 1;
	r = ds_call("echo", &m);
	if (r != 0 || m.m_arg[0] != 2) {
		return testrun_why("first ds_call: %d, answer %lu", r, m.m_arg[0]);
	}
	n = reincarnate(s);
	if (n < 0) {
		return testrun_why("restarting the server: %d", n);
	}
	/* Our cache still names the dead instance: ds_call must notice. */
	m = (struct message){ .m_type = T_ECHO, .m_arg = { 7 } };
	r = ds_call("echo", &m);
	if (r != 0 || m.m_arg[0] != 8) {
		return testrun_why("ds_call after the restart: %d, answer %lu", r, m.m_arg[0]);
	}
	return NULL;
}

const char *
test_restart_concurrent(void)
{
	char ds[16];
	struct exit_info ei;
	endpoint_t s, c;
	int pub, r;

	START_DS();
	s = dstest_start_server("echo", &pub);
	if (s < 0 || pub != 0) {
		return testrun_why("server: endpoint %d, publish %d", s, pub);
	}
	/* The service dies; a client that never saw it comes and calls it
	 * (resolving to the dead instance), and the service is back under a
	 * new endpoint only a little later. */
	dstest_kill(s);
	snprintf(ds, sizeof(ds), "%d", dstest_ds);
	c = dstest_spawn("client", ds, "echo", "3");
	if (c < 0) {
		return testrun_why("cannot start the client: %d", c);
	}
	s = reincarnate(ENDPOINT_NONE);
	if (s < 0) {
		return testrun_why("restarting the server: %d", s);
	}
	r = spawn_wait_timeout(c, &ei, 10 * NS_PER_SEC);
	if (r != 0 || ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0) {
		return testrun_why("the client failed: wait %d, cause %u, status %d", r,
		    ei.ei_cause, ei.ei_status);
	}
	return NULL;
}
