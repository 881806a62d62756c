/*
 * Data through the request's grant (fs_rq.io): the client owns grant
 * fio_grant, and the request covers [fio_goff, fio_goff + fio_len) of
 * it.  Every copy is checked against that span first; the kernel checks
 * it against the grant.  A copy the kernel refuses (the grant revoked,
 * its owner dead, a bad range) is -EFAULT: the kernel's own codes
 * (-EDEADSRCDST above all) would read to the client as news about this
 * server.
 */
#include <libsys/grant.h>
#include <xinim/errno.h>
#include "fsdriver_int.h"

int
fsdriver_copy_out(const struct fsdriver_req *rq, uint64_t off, const void *buf, size_t len)
{
	uint64_t goff;
	int r = fsdrv_io_span(rq, off, len, &goff);

	if (r != 0 || len == 0) {
		return r;
	}
	return kc_safecopy_to(rq->fr_client, rq->fr_rq.io.fio_grant, goff, buf, len) != 0 ?
	    -EFAULT :
	    0;
}

int
fsdriver_copy_in(const struct fsdriver_req *rq, uint64_t off, void *buf, size_t len)
{
	uint64_t goff;
	int r = fsdrv_io_span(rq, off, len, &goff);

	if (r != 0 || len == 0) {
		return r;
	}
	return kc_safecopy_from(rq->fr_client, rq->fr_rq.io.fio_grant, goff, buf, len) != 0 ?
	    -EFAULT :
	    0;
}
