/*
 * The data of a read or write: copies between the driver and the grant
 * of the request (struct chardriver_io), never outside the ci_len bytes
 * the request names, whatever the grant itself would allow.
 */
#include <xinim/errno.h>
#include "chardriver_int.h"

/* Whether [off, off + len) lies inside io's ci_len bytes (no overflow). */
static bool
copy_inside(const struct chardriver_io *io, uint64_t off, size_t len)
{
	return off <= io->ci_len && len <= io->ci_len - off;
}

int
chardriver_copy_out(const struct chardriver_io *io, uint64_t off, const void *buf, size_t len)
{
	if (!copy_inside(io, off, len)) {
		return -ERANGE;
	}
	if (len == 0) {
		return 0;
	}
	return cdrv_safecopy_to(io->ci_caller, io->ci_grant, off, buf, len);
}

int
chardriver_copy_in(const struct chardriver_io *io, uint64_t off, void *buf, size_t len)
{
	if (!copy_inside(io, off, len)) {
		return -ERANGE;
	}
	if (len == 0) {
		return 0;
	}
	return cdrv_safecopy_from(io->ci_caller, io->ci_grant, off, buf, len);
}
