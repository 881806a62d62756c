/*
 * libsys's name service client: one ipc_call() per request to the ds
 * endpoint given to ds_init() (or, without one, asked of rs, and asked
 * again when that ds has died and rs started another), and ds_call()
 * with its cache of resolved names and its retry loop (see libsys/ds.h).
 */
#include <libsys/ds.h>
#include <stdbool.h>
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <string.h>
#include <xinim/errno.h>

#define CACHE_SLOTS 8
#define RETRY_FIRST_NS 5000000ULL /* 5 ms before the first retry */
#define RETRY_MAX_NS 320000000ULL /* no single wait longer than 320 ms */
#define DS_FIND_TRIES 5           /* a dead ds: ask rs again this often */

struct cache_slot {
	char cs_name[DS_NAME_LEN + 1];
	endpoint_t cs_ep;
};

static endpoint_t ds_ep = ENDPOINT_NONE;
static bool ds_from_rs; /* ds_ep came from rs, not from ds_init() */
static struct cache_slot cache[CACHE_SLOTS];
static unsigned cache_next; /* the slot replaced next (round robin) */

void
ds_init(endpoint_t ds)
{
	ds_ep = ds;
	ds_from_rs = false;
	memset(cache, 0, sizeof(cache));
}

/* Without ds_init(), asks rs (which started us) where ds is; asked again
 * after that ds died, since rs starts a new one. */

static void
find_ds(void)
{
	struct message m = { .m_type = RS_DS_ENDPOINT };

	if (ds_ep != ENDPOINT_NONE) {
		return;
	}
	if (rs_call(&m) == 0 && (endpoint_t)(int64_t)m.m_arg[1] >= 0) {
		ds_ep = (endpoint_t)(int64_t)m.m_arg[1];
		ds_from_rs = true;
	}
}

/* One request with name in m_arg[0..2]; the reply replaces *m.  A ds
 * that rs restarted is found again, a few times. */
static int
request(uint32_t type, const char *name, struct message *m)
{
	struct message copy;
	int r;

	m->m_type = type;
	if (name != NULL) {
		r = rs_name_pack(m, 0, name);
		if (r != 0) {
			return r;
		}
	}
	for (int tries = 0;; tries++) {
		find_ds();
		if (ds_ep < 0) {
			return -ESRCH;
		}
		copy = *m;
		r = ipc_call(ds_ep, &copy);
		if (r != -EDEADSRCDST || !ds_from_rs || tries == DS_FIND_TRIES) {
			break;
		}
		ds_ep = ENDPOINT_NONE;
		clock_sleep_ms(RETRY_FIRST_NS / 1000000);
	}
	if (r != 0) {
		return r;
	}
	*m = copy;
	return (int)(int64_t)m->m_arg[0];
}

int
ds_publish(const char *name, endpoint_t ep)
{
	struct message m = { 0 };

	m.m_arg[DS_ARG_EP] = (uint64_t)(int64_t)ep;
	return request(DS_PUBLISH, name, &m);
}

int
ds_unpublish(const char *name)
{
	struct message m = { 0 };

	return request(DS_UNPUBLISH, name, &m);
}

endpoint_t
ds_lookup(const char *name)
{
	struct message m = { 0 };
	int r = request(DS_LOOKUP, name, &m);

	if (r != 0) {
		return r;
	}
	return (endpoint_t)(int64_t)m.m_arg[1];
}

int
ds_subscribe(const char *prefix)
{
	struct message m = { 0 };

	return request(DS_SUBSCRIBE, prefix, &m);
}

int
ds_check(char *name, endpoint_t *ep)
{
	struct message m = { 0 };
	int r = request(DS_CHECK, NULL, &m);

	if (r != 0) {
		return r;
	}
	r = rs_name_unpack(&m, DS_ARG_CHECK_NAME, name);
	if (r != 0) {
		return r;
	}
	*ep = (endpoint_t)(int64_t)m.m_arg[DS_ARG_CHECK_EP];
	return 0;
}

static struct cache_slot *
cache_find(const char *name)
{
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i].cs_name[0] != '\0' && strcmp(cache[i].cs_name, name) == 0) {
			return &cache[i];
		}
	}
	return NULL;
}

/* The endpoint of name, from the cache or else from ds (then cached). */
static endpoint_t
resolve(const char *name)
{
	struct cache_slot *s = cache_find(name);
	endpoint_t ep;

	if (s != NULL) {
		return s->cs_ep;
	}
	ep = ds_lookup(name);
	if (ep < 0) {
		return ep;
	}
	s = &cache[cache_next];
	cache_next = (cache_next + 1) % CACHE_SLOTS;
	strlcpy(s->cs_name, name, sizeof(s->cs_name));
	s->cs_ep = ep;
	return ep;
}

static void
forget(const char *name)
{
	struct cache_slot *s = cache_find(name);

	if (s != NULL) {
		s->cs_name[0] = '\0';
	}
}

/* One call of ep with copy, lending the n buffers of l for its duration. */
static int
call_once(endpoint_t ep, struct message *copy, const struct ds_lend *l, unsigned n)
{
	int64_t g[DS_LEND_MAX];
	unsigned made = 0;
	int r = 0;

	for (; made < n; made++) {
		g[made] = kc_grant_create(ep, l[made].dl_buf, l[made].dl_len, l[made].dl_access);
		if (g[made] < 0) {
			r = (int)g[made];
			goto out;
		}
		copy->m_arg[l[made].dl_arg] = (uint64_t)g[made];
	}
	r = ipc_call(ep, copy);
out:
	while (made-- > 0) {
		kc_grant_revoke(g[made]);
	}
	return r;
}

static int
call_retrying(const char *name, struct message *m, const struct ds_lend *l, unsigned n)
{
	uint64_t wait = RETRY_FIRST_NS;
	struct message copy;
	endpoint_t ep;
	int r = -ENOENT;

	for (int i = 0; i < DS_CALL_TRIES; i++) {
		if (i > 0) {
			clock_sleep_ns(wait);
			wait = wait * 2 > RETRY_MAX_NS ? RETRY_MAX_NS : wait * 2;
		}
		ep = resolve(name);
		if (ep == -ENOENT) {
			r = ep;
			continue;
		}
		if (ep < 0) {
			return ep;
		}
		copy = *m;
		r = call_once(ep, &copy, l, n);
		if (r != -EDEADSRCDST) {
			if (r == 0) {
				*m = copy;
			}
			return r;
		}
		forget(name);
	}
	return r;
}

int
ds_call(const char *name, struct message *m)
{
	return call_retrying(name, m, NULL, 0);
}

int
ds_call_grant(const char *name, struct message *m, unsigned arg, void *buf, size_t len,
    unsigned access)
{
	struct ds_lend l = { buf, len, access, arg };

	return ds_call_lend(name, m, &l, 1);
}

int
ds_call_lend(const char *name, struct message *m, const struct ds_lend *l, unsigned n)
{
	if (n > DS_LEND_MAX) {
		return -EINVAL;
	}
	for (unsigned i = 0; i < n; i++) {
		if (l[i].dl_arg >= MSG_ARGS) {
			return -EINVAL;
		}
	}
	return call_retrying(name, m, l, n);
}

endpoint_t
ds_endpoint(void)
{
	find_ds();
	return ds_ep;
}
