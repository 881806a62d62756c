/*
 * The name table: linear searches over small fixed arrays (a few dozen
 * names), which keeps every operation obviously bounded.  A change is
 * queued for each subscriber whose prefix matches; a change to a name
 * already waiting in a queue replaces it there (coalescing), and when a
 * queue is full the oldest change is dropped to make room, so the
 * subscriber always learns the latest state of the newest names.
 */
#include <string.h>
#include <xinim/errno.h>
#include "table.h"

/* True when name is 1..DS_NAME_LEN bytes followed by its NUL. */
static bool
name_ok(const char *name)
{
	size_t n;

	if (name == NULL) {
		return false;
	}
	n = strnlen(name, DS_NAME_LEN + 1);
	return n >= 1 && n <= DS_NAME_LEN;
}

/* Copies a checked name (name_ok) into a DS_NAME_LEN + 1 byte field. */
static void
copy_name(char *dst, const char *name)
{
	size_t n = strnlen(name, DS_NAME_LEN);

	memcpy(dst, name, n);
	memset(dst + n, 0, DS_NAME_LEN + 1 - n);
}

static struct ds_entry *
find_entry(struct ds_table *t, const char *name)
{
	for (int i = 0; i < DS_TABLE_NAMES; i++) {
		if (t->dt_names[i].de_used && strcmp(t->dt_names[i].de_name, name) == 0) {
			return &t->dt_names[i];
		}
	}
	return NULL;
}

static struct ds_sub *
find_sub(struct ds_table *t, endpoint_t who)
{
	for (int i = 0; i < DS_TABLE_SUBS; i++) {
		if (t->dt_subs[i].ds_used && t->dt_subs[i].ds_who == who) {
			return &t->dt_subs[i];
		}
	}
	return NULL;
}

/* May caller change the entry naming cur (ENDPOINT_NONE: a new name) to
 * name next (ENDPOINT_NONE: removed)?  An entry naming a dead process is
 * as good as free for a caller naming itself (endpoints carry a
 * generation, so a dead one never comes back to life). */
static bool
may_change(const struct ds_table *t, endpoint_t caller, endpoint_t cur, endpoint_t next)
{
	if (caller == t->dt_registrar) {
		return true;
	}
	if (next != ENDPOINT_NONE && next != caller) {
		return false;
	}
	if (cur == ENDPOINT_NONE || cur == caller) {
		return true;
	}
	return next == caller && t->dt_alive != NULL && !t->dt_alive(cur);
}

/* Queues the change for one subscriber, coalescing by name. */
static void
queue_change(struct ds_sub *s, const char *name, endpoint_t ep)
{
	struct ds_change *c;

	for (unsigned i = 0; i < s->ds_count; i++) {
		c = &s->ds_queue[(s->ds_head + i) % DS_QUEUE_LEN];
		if (strcmp(c->dc_name, name) == 0) {
			c->dc_ep = ep;
			s->ds_notify = true;
			return;
		}
	}
	if (s->ds_count == DS_QUEUE_LEN) {
		s->ds_head = (s->ds_head + 1) % DS_QUEUE_LEN;
		s->ds_count--;
	}
	c = &s->ds_queue[(s->ds_head + s->ds_count) % DS_QUEUE_LEN];
	copy_name(c->dc_name, name);
	c->dc_ep = ep;
	s->ds_count++;
	s->ds_notify = true;
}

static void
announce(struct ds_table *t, const char *name, endpoint_t ep)
{
	for (int i = 0; i < DS_TABLE_SUBS; i++) {
		struct ds_sub *s = &t->dt_subs[i];

		if (s->ds_used && strncmp(name, s->ds_prefix, strlen(s->ds_prefix)) == 0) {
			queue_change(s, name, ep);
		}
	}
}

void
ds_table_init(struct ds_table *t, endpoint_t registrar)
{
	memset(t, 0, sizeof(*t));
	t->dt_registrar = registrar < 0 ? ENDPOINT_NONE : registrar;
}

int
ds_table_publish(struct ds_table *t, endpoint_t caller, const char *name, endpoint_t ep)
{
	struct ds_entry *e;

	if (ep == ENDPOINT_SELF) {
		ep = caller;
	}
	if (!name_ok(name) || ep < 0 || caller < 0) {
		return -EINVAL;
	}
	e = find_entry(t, name);
	if (!may_change(t, caller, e != NULL ? e->de_ep : ENDPOINT_NONE, ep)) {
		return -EPERM;
	}
	if (e == NULL) {
		for (int i = 0; i < DS_TABLE_NAMES && e == NULL; i++) {
			if (!t->dt_names[i].de_used) {
				e = &t->dt_names[i];
			}
		}
		if (e == NULL) {
			return -ENOSPC;
		}
		e->de_used = true;
		copy_name(e->de_name, name);
	} else if (e->de_ep == ep) {
		return 0;
	}
	e->de_ep = ep;
	announce(t, name, ep);
	return 0;
}

int
ds_table_lookup(const struct ds_table *t, const char *name, endpoint_t *ep)
{
	const struct ds_entry *e;

	if (!name_ok(name)) {
		return -EINVAL;
	}
	e = find_entry((struct ds_table *)t, name);
	if (e == NULL) {
		return -ENOENT;
	}
	*ep = e->de_ep;
	return 0;
}

int
ds_table_unpublish(struct ds_table *t, endpoint_t caller, const char *name)
{
	struct ds_entry *e;

	if (!name_ok(name)) {
		return -EINVAL;
	}
	e = find_entry(t, name);
	if (e == NULL) {
		return -ENOENT;
	}
	if (!may_change(t, caller, e->de_ep, ENDPOINT_NONE)) {
		return -EPERM;
	}
	e->de_used = false;
	announce(t, name, ENDPOINT_NONE);
	return 0;
}

int
ds_table_subscribe(struct ds_table *t, endpoint_t caller, const char *prefix)
{
	struct ds_sub *s;

	if (!name_ok(prefix) || caller < 0) {
		return -EINVAL;
	}
	s = find_sub(t, caller);
	for (int i = 0; i < DS_TABLE_SUBS && s == NULL; i++) {
		if (!t->dt_subs[i].ds_used) {
			s = &t->dt_subs[i];
		}
	}
	if (s == NULL) {
		return -ENOSPC;
	}
	memset(s, 0, sizeof(*s));
	s->ds_used = true;
	s->ds_who = caller;
	copy_name(s->ds_prefix, prefix);
	return 0;
}

int
ds_table_check(struct ds_table *t, endpoint_t caller, struct ds_change *out)
{
	struct ds_sub *s = find_sub(t, caller);

	if (s == NULL) {
		return -ENOENT;
	}
	if (s->ds_count == 0) {
		return -EAGAIN;
	}
	*out = s->ds_queue[s->ds_head];
	s->ds_head = (s->ds_head + 1) % DS_QUEUE_LEN;
	s->ds_count--;
	return 0;
}

bool
ds_table_next_notify(struct ds_table *t, endpoint_t *who)
{
	for (int i = 0; i < DS_TABLE_SUBS; i++) {
		struct ds_sub *s = &t->dt_subs[i];

		if (s->ds_used && s->ds_notify) {
			s->ds_notify = false;
			*who = s->ds_who;
			return true;
		}
	}
	return false;
}

void
ds_table_drop_subscriber(struct ds_table *t, endpoint_t who)
{
	struct ds_sub *s = find_sub(t, who);

	if (s != NULL) {
		s->ds_used = false;
	}
}
