/*
 * Dependencies: those services.conf declares, plus those added at run
 * time with RS_ADD_DEP (a service that finds at run time that it needs
 * another, say a file system on a disk driver).  An added dependency
 * works like a configured one for telling or restarting dependents; it
 * lasts until rs restarts, and may not close a cycle.  A service may add
 * dependencies of its own only; other processes, any.
 */
#include <string.h>
#include <xinim/errno.h>
#include "svc.h"

bool
rs_svc_depends(const struct rs_svc *sv, const struct rs_svc *on)
{
	const struct rs_service_conf *c = sv->sv_conf;
	int i = (int)(on - rs_svc_at(0));

	if ((sv->sv_added_deps & (1u << i)) != 0) {
		return true;
	}
	for (uint32_t j = 0; j < c->sc_dep_count && j < RS_DEPS_MAX; j++) {
		if (strcmp(c->sc_deps[j], on->sv_conf->sc_name) == 0) {
			return true;
		}
	}
	return false;
}

/* True when from depends on to through any chain; seen guards loops. */
static bool
depends_through(const struct rs_svc *from, const struct rs_svc *to, uint32_t *seen)
{
	int n = rs_svc_count();

	if (from == to) {
		return true;
	}
	*seen |= 1u << (from - rs_svc_at(0));
	for (int i = 0; i < n; i++) {
		const struct rs_svc *mid = rs_svc_at(i);

		if ((*seen & (1u << i)) == 0 && rs_svc_depends(from, mid) &&
		    depends_through(mid, to, seen)) {
			return true;
		}
	}
	return false;
}

int
rs_add_dep(const struct message *m, const struct rs_svc *caller)
{
	char name[RS_NAME_LEN + 1], dep[RS_NAME_LEN + 1];
	struct rs_svc *sv, *on;
	uint32_t seen = 0;

	if (rs_name_unpack(m, 0, name) != 0 || rs_name_unpack(m, RS_NAME_ARGS, dep) != 0) {
		return -EINVAL;
	}
	sv = rs_svc_by_name(name);
	on = rs_svc_by_name(dep);
	if (sv == NULL || on == NULL) {
		return -ENOENT;
	}
	if (caller != NULL && caller != sv) {
		return -EPERM;
	}
	if (sv == on) {
		return -EINVAL;
	}
	if (rs_svc_depends(sv, on)) {
		return -EEXIST;
	}
	if (depends_through(on, sv, &seen)) {
		return -EDEADLK;
	}
	sv->sv_added_deps |= 1u << (on - rs_svc_at(0));
	return 0;
}
