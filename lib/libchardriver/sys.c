/*
 * The kernel under libchardriver, behind seams (chardriver_int.h) so that
 * the rest of the library runs on the host in tests/unit/test_chardriver.c.
 */
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include "chardriver_int.h"

int
cdrv_notify(endpoint_t to)
{
	return ipc_notify(to);
}

int
cdrv_safecopy_to(endpoint_t owner, int64_t grant, uint64_t off, const void *src, size_t len)
{
	return kc_safecopy_to(owner, grant, off, src, len);
}

int
cdrv_safecopy_from(endpoint_t owner, int64_t grant, uint64_t off, void *dst, size_t len)
{
	return kc_safecopy_from(owner, grant, off, dst, len);
}
