/*
 * The name table of ds, pure logic without IPC (host-tested): a fixed
 * number of names, each naming one endpoint, looked up by exact match;
 * one prefix subscription per subscriber, each with a bounded queue of
 * changes waiting for DS_CHECK.  The rules of include/xinim/proto/ds.h
 * (who may publish, replace and unpublish) are enforced here.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/ds.h>

#define DS_TABLE_NAMES 64 /* names at once */
#define DS_TABLE_SUBS 16  /* subscribers at once */
#define DS_QUEUE_LEN 16   /* changes waiting per subscriber */

struct ds_entry {
	bool de_used;
	char de_name[DS_NAME_LEN + 1];
	endpoint_t de_ep;
};

/* One change waiting for a subscriber; ENDPOINT_NONE: unpublished. */
struct ds_change {
	char dc_name[DS_NAME_LEN + 1];
	endpoint_t dc_ep;
};

struct ds_sub {
	bool ds_used;
	bool ds_notify; /* has a change it has not been notified of */
	endpoint_t ds_who;
	char ds_prefix[DS_NAME_LEN + 1];
	unsigned ds_head; /* oldest waiting change */
	unsigned ds_count;
	struct ds_change ds_queue[DS_QUEUE_LEN];
};

struct ds_table {
	endpoint_t dt_registrar; /* may change any name; ENDPOINT_NONE: nobody */
	/* Whether ep is a live process (NULL: every endpoint is taken to
	 * live).  A name whose endpoint is dead may be taken by anyone for
	 * itself: a restarted driver publishing its names again. */
	bool (*dt_alive)(endpoint_t ep);
	struct ds_entry dt_names[DS_TABLE_NAMES];
	struct ds_sub dt_subs[DS_TABLE_SUBS];
};

void ds_table_init(struct ds_table *t, endpoint_t registrar);

/* caller publishes name for ep (ENDPOINT_SELF: caller): 0, -EINVAL (bad
 * name or endpoint), -EPERM (the name is another live process's, or ep
 * is not caller), -ENOSPC. */
int ds_table_publish(struct ds_table *t, endpoint_t caller, const char *name, endpoint_t ep);

/* The endpoint of name: 0 with *ep, -ENOENT, -EINVAL. */
int ds_table_lookup(const struct ds_table *t, const char *name, endpoint_t *ep);

int ds_table_unpublish(struct ds_table *t, endpoint_t caller, const char *name);

/* caller's subscription to names starting with prefix (replacing one it
 * had, and its waiting changes): 0, -EINVAL, -ENOSPC. */
int ds_table_subscribe(struct ds_table *t, endpoint_t caller, const char *prefix);

/* Takes caller's oldest waiting change: 0, -EAGAIN (none), -ENOENT (no
 * subscription). */
int ds_table_check(struct ds_table *t, endpoint_t caller, struct ds_change *out);

/* A subscriber to notify of new changes, clearing its mark: true with
 * *who, false when none is left. */
bool ds_table_next_notify(struct ds_table *t, endpoint_t *who);

/* Forgets every subscription of who (it is dead). */
void ds_table_drop_subscriber(struct ds_table *t, endpoint_t who);
