/*
 * libbdev's system seam (bdev_int.h) as XINIM provides it: kernel calls
 * for grants, IPC, ds and the TSC clock.
 */
#include <libsys/clock.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/syscall.h>
#include "bdev_int.h"

static int64_t
sys_grant(endpoint_t to, const volatile void *addr, size_t len, unsigned access)
{
	return kc_grant_create(to, addr, len, access);
}

static int
sys_call(endpoint_t to, struct message *m)
{
	return ipc_call(to, m);
}

static int
sys_notify(endpoint_t to)
{
	return ipc_notify(to);
}

static int
sys_receive(endpoint_t from, struct message *m)
{
	return ipc_receive(from, m);
}

static void
bdev_yield(void)
{
	sys_yield();
}

static const struct bdev_sys real_sys = {
	.bs_grant = sys_grant,
	.bs_grant_indirect = kc_grant_indirect,
	.bs_revoke = kc_grant_revoke,
	.bs_call = sys_call,
	.bs_notify = sys_notify,
	.bs_receive = sys_receive,
	.bs_lookup = ds_lookup,
	.bs_now = clock_now_ns,
	.bs_yield = bdev_yield,
};

const struct bdev_sys *bdev_sys = &real_sys;
