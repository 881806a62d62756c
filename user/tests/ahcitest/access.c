/*
 * ahcitest access: the driver pins a client's grant with either right
 * (KC_GRANT_PHYS trusts it with the rest), so it must itself refuse a
 * read into memory granted only for reading and a write from memory
 * granted only for writing: else the disk would write where the client
 * (or the program whose buffer it passed on) allowed no writes.  The
 * test swaps libbdev's grant call for one that gives the wrong right
 * (libbdev's system seam, lib/libbdev/bdev_int.h) and expects -EACCES
 * for both, then a normal read again.
 */
#include <libsys/grant.h>
#include <libsys/testrun.h>
#include <string.h>
#include <xinim/errno.h>
#include <xinim/fs.h>
#include "../../../lib/libbdev/bdev_int.h"
#include "ahcitest.h"

static uint8_t access_buf[4096] __attribute__((aligned(4096)));

/* A data grant with the other right; the area's grant as asked. */
static int64_t
wrong_grant(endpoint_t to, const volatile void *addr, size_t len, unsigned access)
{
	if (access == GRANT_READ) {
		access = GRANT_WRITE;
	} else if (access == GRANT_WRITE) {
		access = GRANT_READ;
	}
	return kc_grant_create(to, addr, len, access);
}

const char *
access_run(void)
{
	const struct bdev_sys *real = bdev_sys;
	static struct bdev_sys wrong;
	struct bdev b;
	int err, rd, wr;

	memset(&b, 0, sizeof(b));
	err = bdev_open(&b, XDEV_MAKE(BLK_MAJOR_AHCI, BLK_MINOR(0, 0)), true);
	if (err != 0) {
		return testrun_why("opening sda: %d", err);
	}
	wrong = *real;
	wrong.bs_grant = wrong_grant;
	bdev_sys = &wrong;
	rd = disk_many(&b, BLK_READ, 0, access_buf, sizeof(access_buf), sizeof(access_buf), false,
	    0);
	wr = disk_many(&b, BLK_WRITE, T_RW_SECTOR, access_buf, sizeof(access_buf),
	    sizeof(access_buf), false, 0);
	bdev_sys = real;
	err = disk_many(&b, BLK_READ, 0, access_buf, sizeof(access_buf), sizeof(access_buf), false,
	    0);
	bdev_close(&b);
	if (rd != -EACCES || wr != -EACCES) {
		return testrun_why("a read into read-only memory: %d, a write from write-only "
		                   "memory: %d (not -EACCES)",
		    rd, wr);
	}
	return err != 0 ? testrun_why("a good read afterwards: %d", err) : NULL;
}
