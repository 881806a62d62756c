/*
 * Checkpoint and restore: a driver's ops->state goes to rs through a
 * grant (RS_CHECKPOINT) whenever the driver asks, and comes back to the
 * next instance (RS_RESTORE) before its init() runs, before it has even
 * registered (rs answers an instance it started from the first message).
 * rs keeps at most the service's preserve_state bytes and refuses a
 * checkpoint without it; a restore with nothing kept copies nothing.
 */
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "driver_int.h"

int
driver_checkpoint(void)
{
	struct message m = { .m_type = RS_CHECKPOINT };
	int64_t g;
	int err;

	if (drv_ops == NULL || drv_ops->state == NULL || drv_ops->state_size == 0) {
		return -EINVAL;
	}
	g = kc_grant_create(rs_endpoint(), drv_ops->state, drv_ops->state_size, GRANT_READ);
	if (g < 0) {
		return (int)g;
	}
	m.m_arg[0] = (uint64_t)g;
	m.m_arg[1] = drv_ops->state_size;
	err = rs_call(&m);
	kc_grant_revoke(g);
	return err;
}

bool
drv_state_restore(void)
{
	struct message m = { .m_type = RS_RESTORE };
	int64_t g;
	int err;

	if (drv_ops->state == NULL || drv_ops->state_size == 0) {
		return false;
	}
	g = kc_grant_create(rs_endpoint(), drv_ops->state, drv_ops->state_size, GRANT_WRITE);
	if (g < 0) {
		printf("%s: cannot grant the state to rs (%d)\n", driver_name(), (int)g);
		return false;
	}
	m.m_arg[0] = (uint64_t)g;
	m.m_arg[1] = drv_ops->state_size;
	err = rs_call(&m);
	kc_grant_revoke(g);
	if (err != 0) {
		printf("%s: rs could not restore the state (%d)\n", driver_name(), err);
		return false;
	}
	/* A shorter checkpoint leaves the rest of state as the program
	 * started it. */
	return m.m_arg[1] > 0;
}
