/*
 * devfs's character driver for major 1 (proto/chr.h): null (reads end at
 * once, writes take everything), zero (reads give zeros) and random
 * (bytes from virtio-rng, proto/rng.h).  Everything is answered at once:
 * no request waits, so CHR_DONE never has news and CHR_SELECT always
 * says ready.  libchardriver decodes the requests and checks the minors
 * (devfs_chr_request() is called from main.c for CHR_* messages); data
 * moves through the grant vfs made for the request.
 *
 * random: one RNG_READ of at most RNG_READ_MAX bytes per read (a short
 * read).  When virtio-rng is not published, the read fails with -EIO at
 * once; while it is restarting, ds_call_grant() waits for the new
 * instance (about two seconds at most) and -EIO follows if none came.
 * That wait uses our alarm, so the heartbeat schedule is armed again
 * afterwards (driver_timer()).
 */
#include <libchardriver/chardriver.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
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

/* Fills the request's first len bytes with zeros. */
static int64_t
read_zero(const struct chardriver_io *io, uint64_t len)
{
	uint64_t done = 0;
	int r;

	while (done < len) {
		uint64_t chunk = len - done > ZERO_CHUNK ? ZERO_CHUNK : len - done;

		r = chardriver_copy_out(io, done, zeros, chunk);
		if (r != 0) {
			return done != 0 ? (int64_t)done : r;
		}
		done += chunk;
	}
	return (int64_t)done;
}

/* Up to len random bytes (at most RNG_READ_MAX) into the request. */
static int64_t
read_random(const struct chardriver_io *io, uint64_t len)
{
	struct message m = { .m_type = RNG_READ };
	int r;

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
	r = chardriver_copy_out(io, 0, rng_buf, len);
	return r != 0 ? r : (int64_t)len;
}

/* null reads nothing; zero and random fill what they can. */
static int64_t
chr_read(uint64_t minor, const struct chardriver_io *io)
{
	if (minor == CHR_MINOR_NULL) {
		return 0;
	}
	if (io->ci_grant < 0) {
		return -EINVAL;
	}
	if (minor == CHR_MINOR_ZERO) {
		return read_zero(io, io->ci_len > READ_MAX ? READ_MAX : io->ci_len);
	}
	return read_random(io, io->ci_len > RNG_READ_MAX ? RNG_READ_MAX : io->ci_len);
}

/* Every byte is taken (and, for random, ignored). */
static int64_t
chr_write(uint64_t minor, const struct chardriver_io *io)
{
	return (int64_t)io->ci_len;
}

/* Opening, closing, ioctl (-ENOTTY) and select (always ready) are
 * libchardriver's defaults. */
static const struct chardriver_ops devfs_chr_ops = {
	.read = chr_read,
	.write = chr_write,
	.minors = 1u << CHR_MINOR_NULL | 1u << CHR_MINOR_ZERO | 1u << CHR_MINOR_RANDOM,
};

int
devfs_chr_request(const struct message *m, struct message *reply)
{
	return chardriver_request(&devfs_chr_ops, m, reply);
}
