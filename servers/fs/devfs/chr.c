/*
 * devfs's character driver for major 1 (proto/chr.h): null (reads end at
 * once, writes take everything), zero (reads give zeros) and random
 * (bytes from virtio-rng, proto/rng.h).  Everything is answered at once:
 * no request waits, so CHR_DONE never has news and CHR_SELECT always
 * says ready.  Data moves through the grant vfs made for the request.
 *
 * random: one RNG_READ of at most RNG_READ_MAX bytes per read (a short
 * read).  When virtio-rng is not published, the read fails with -EIO at
 * once; while it is restarting, ds_call_grant() waits for the new
 * instance (about two seconds at most) and -EIO follows if none came.
 * That wait uses our alarm, so the heartbeat schedule is armed again
 * afterwards (driver_timer()).
 */
#include <libdriver/driver.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/rng.h>
#include <xinim/proto/vfs.h>
#include "devfs.h"

#define RNG_SERVICE "virtio-rng"
#define ZERO_CHUNK 4096
#define READ_MAX (1u << 20) /* the most one read of zero gives */

static const uint8_t zeros[ZERO_CHUNK];
static uint8_t rng_buf[RNG_READ_MAX];

/* Fills len bytes of vfs's grant with zeros. */
static int64_t
read_zero(endpoint_t owner, int64_t grant, uint64_t len)
{
	uint64_t done = 0;
	int r;

	if (len > READ_MAX) {
		len = READ_MAX;
	}
	while (done < len) {
		uint64_t chunk = len - done > ZERO_CHUNK ? ZERO_CHUNK : len - done;

		r = kc_safecopy_to(owner, grant, done, zeros, chunk);
		if (r != 0) {
			return done != 0 ? (int64_t)done : r;
		}
		done += chunk;
	}
	return (int64_t)done;
}

/* Up to RNG_READ_MAX random bytes into vfs's grant. */
static int64_t
read_random(endpoint_t owner, int64_t grant, uint64_t len)
{
	struct message m = { .m_type = RNG_READ };
	int r;

	if (len > RNG_READ_MAX) {
		len = RNG_READ_MAX;
	}
	if (ds_lookup(RNG_SERVICE) < 0) {
		return -EIO;
	}
	m.m_arg[1] = len;
	r = ds_call_grant(RNG_SERVICE, &m, 0, rng_buf, len, GRANT_WRITE);
	driver_timer(0);
	if (r != 0 || (int64_t)m.m_arg[0] <= 0 || m.m_arg[0] > len) {
		return -EIO;
	}
	len = m.m_arg[0];
	r = kc_safecopy_to(owner, grant, 0, rng_buf, len);
	return r != 0 ? r : (int64_t)len;
}

static bool
minor_ok(uint64_t minor)
{
	return minor == CHR_MINOR_NULL || minor == CHR_MINOR_ZERO || minor == CHR_MINOR_RANDOM;
}

/* CHR_READ: [0] minor, [1] request id, [2] bytes, [4] the grant. */
static int64_t
do_read(const struct message *m)
{
	uint64_t len = m->m_arg[2];
	int64_t grant = (int64_t)m->m_arg[4];

	if (len == 0 || m->m_arg[0] == CHR_MINOR_NULL) {
		return 0;
	}
	if (grant < 0) {
		return -EINVAL;
	}
	if (m->m_arg[0] == CHR_MINOR_ZERO) {
		return read_zero(m->m_source, grant, len);
	}
	return read_random(m->m_source, grant, len);
}

int
devfs_chr_request(const struct message *m, struct message *reply)
{
	int64_t r;

	if (m->m_type == CHR_DONE || m->m_type == CHR_SIGNALS) {
		return -ENOENT;
	}
	if (m->m_type == CHR_CANCEL) {
		return 0;
	}
	if (!minor_ok(m->m_arg[0])) {
		return m->m_type <= CHR_SELECT ? -ENXIO : -ENOSYS;
	}
	switch (m->m_type) {
	case CHR_OPEN:
	case CHR_CLOSE:
		return 0;
	case CHR_READ:
		r = do_read(m);
		break;
	case CHR_WRITE:
		/* Every byte is taken (and, for random, ignored). */
		r = (int64_t)m->m_arg[2];
		break;
	case CHR_IOCTL:
		return -ENOTTY;
	case CHR_SELECT:
		r = (int64_t)(m->m_arg[1] & (XPOLLIN | XPOLLOUT));
		break;
	default:
		return -ENOSYS;
	}
	if (r < 0) {
		return (int)r;
	}
	reply->m_arg[0] = (uint64_t)r;
	return 0;
}
