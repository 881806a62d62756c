/*
 * The client side of the name service (include/xinim/proto/ds.h).
 *
 * Finding ds: a process started by rs needs nothing: its first ds_* call
 * asks rs for ds's endpoint (RS_DS_ENDPOINT), and asks again when that ds
 * has died (rs starts a new one).  Another process is
 * told ds's endpoint by whoever starts it and records it with ds_init()
 * before any other ds_* call.  Without either, every call answers -ESRCH.
 *
 * ds_call() is how a client talks to a named service: it resolves the
 * name (a small cache remembers the answers) and calls; when the service
 * has died (-EDEADSRCDST), it forgets the cached endpoint, waits a little
 * and resolves again, a bounded number of times, so a client of a service
 * that rs restarts and republishes carries on without code of its own.
 * The request may then be delivered twice (once to the dead instance, if
 * it died while serving it): services reached by ds_call() should make
 * requests safe to repeat.
 */
#pragma once
#include <stddef.h>
#include <xinim/ipc.h>
#include <xinim/proto/ds.h>

#define DS_CALL_TRIES 12 /* resolutions ds_call() tries before giving up */

/* Records ds's endpoint (and empties the name cache). */
void ds_init(endpoint_t ds);

/* Publishes name for ep (ENDPOINT_SELF: ourselves): 0, -EPERM, -ENOSPC... */
int ds_publish(const char *name, endpoint_t ep);

int ds_unpublish(const char *name);

/* Asks ds (never the cache) for name: its endpoint or -ENOENT. */
endpoint_t ds_lookup(const char *name);

/* Subscribes to names starting with prefix; ds then notifies us (a
 * MSG_NOTIFY from ds's endpoint) when one changes. */
int ds_subscribe(const char *prefix);

/* The next change waiting for us: 0 with name (DS_NAME_LEN + 1 bytes) and
 * *ep (ENDPOINT_NONE: unpublished), -EAGAIN when none is left. */
int ds_check(char *name, endpoint_t *ep);

/* ipc_call() to the service published as name, re-resolving and retrying
 * while it is dead or not yet republished (about two seconds in all).
 * Waiting uses our one KC_ALARM and receives from ENDPOINT_KERNEL: an
 * alarm of our own is cancelled, and kernel notifications that arrive
 * meanwhile are consumed.  Returns ipc_call()'s result, or the last
 * lookup's error. */
int ds_call(const char *name, struct message *m);

/* ds_call() lending buf[0..len) to the service: each try grants it
 * (GRANT_* access) to the endpoint it calls, puts the grant id in
 * m_arg[arg], and revokes the grant when the call returns. */
int ds_call_grant(const char *name, struct message *m, unsigned arg, void *buf, size_t len,
    unsigned access);

/* A buffer ds_call_lend() lends: GRANT_* access, grant id in m_arg[dl_arg]. */
struct ds_lend {
	void *dl_buf;
	size_t dl_len;
	unsigned dl_access;
	unsigned dl_arg;
};

#define DS_LEND_MAX 4

/* ds_call_grant() with up to DS_LEND_MAX buffers (a path and a record). */
int ds_call_lend(const char *name, struct message *m, const struct ds_lend *l, unsigned n);

/* ds's endpoint (asked of rs once, as the calls do), for passing on to a
 * process we start; ENDPOINT_NONE when unknown. */
endpoint_t ds_endpoint(void);
