/*
 * rs's events.  rs never sends to a service: it notifies, and the service
 * fetches what waits for it with RS_GET_EVENT (libsys's rs_event_next())
 * until a reply says that none is left after it: n events cost n round
 * trips, not n + 1.  A fault is injected at once; a dependency's new
 * endpoint goes to the driver's dep_changed().
 */
#include <libsys/rs.h>
#include <stdio.h>
#include "driver_int.h"

/* RS_DEP_CHANGED: [0..2] the dependency's name, [3] its endpoint. */
static void
dep_changed(const struct message *ev)
{
	char name[RS_NAME_LEN + 1];

	if (rs_name_unpack(ev, 0, name) != 0) {
		printf("%s: rs sent a dependency change without a name\n", driver_name());
		return;
	}
	if (drv_ops->dep_changed != NULL) {
		drv_ops->dep_changed(name, (endpoint_t)(int64_t)ev->m_arg[3]);
	}
}

void
drv_events(void)
{
	struct message ev;
	unsigned left = 1;
	int r = 0;

	while (left > 0 && (r = rs_event_next(&ev, &left)) > 0) {
		switch (ev.m_type) {
		case RS_FAULT_INJECT:
			driver_fault((unsigned)ev.m_arg[0]);
			printf("%s: unknown fault %lu ignored\n", driver_name(),
			    (unsigned long)ev.m_arg[0]);
			break;
		case RS_DEP_CHANGED:
			dep_changed(&ev);
			break;
		default:
			printf("%s: unknown event %#x from rs\n", driver_name(), ev.m_type);
			break;
		}
	}
	if (r < 0) {
		printf("%s: RS_GET_EVENT failed (%d)\n", driver_name(), r);
	}
}
