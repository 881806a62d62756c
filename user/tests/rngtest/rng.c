/*
 * rngtest's reads from virtio-rng: the way any client reads (by name,
 * through ds_call_grant(), which follows a restarted driver), and a raw
 * one for malformed requests.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <xinim/errno.h>
#include <xinim/proto/rng.h>
#include "rngtest.h"

int
rng_read(void *buf, size_t len)
{
	struct message m = { .m_type = RNG_READ, .m_arg[1] = len };
	int err = ds_call_grant(RNG_SERVICE, &m, 0, buf, len, GRANT_WRITE);

	if (err != 0) {
		return err;
	}
	if (m.m_type != RNG_REPLY) {
		return -EBADMSG;
	}
	return (int)(int64_t)m.m_arg[0];
}

int
rng_read_raw(endpoint_t ep, void *buf, size_t grant_len, uint64_t len)
{
	struct message m = { .m_type = RNG_READ, .m_arg[1] = len };
	int64_t g = -1;
	int err;

	if (grant_len > 0) {
		g = kc_grant_create(ep, buf, grant_len, GRANT_WRITE);
		if (g < 0) {
			return (int)g;
		}
	}
	m.m_arg[0] = (uint64_t)g;
	err = ipc_call(ep, &m);
	if (g >= 0) {
		kc_grant_revoke(g);
	}
	return err != 0 ? err : (int)(int64_t)m.m_arg[0];
}

int
rng_read_loop(int n, int fault_at, unsigned fault, size_t len, int *at)
{
	uint8_t buf[256];
	int r;

	if (len > sizeof(buf)) {
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		if (i == fault_at && rs_fault(RNG_SERVICE, fault) != 0) {
			*at = i;
			return -ESRCH;
		}
		r = rng_read(buf, len);
		if (r != (int)len) {
			*at = i;
			return r < 0 ? r : -EIO;
		}
	}
	return 0;
}
