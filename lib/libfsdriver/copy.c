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

int
fsdriver_copy_vec(const struct fsdriver_req *rq, uint64_t off, const struct fsdriver_piece *p,
    int n, bool out)
{
	struct safecopy_vec v[SAFECOPY_VEC_MAX];
	uint64_t goff, total = 0;
	int r;

	if (n < 0 || n > SAFECOPY_VEC_MAX) {
		return -EINVAL;
	}
	for (int i = 0; i < n; i++) {
		total += p[i].fp_len;
	}
	r = fsdrv_io_span(rq, off, total, &goff);
	if (r != 0 || total == 0) {
		return r;
	}
	for (int i = 0; i < n; i++) {
		v[i] = (struct safecopy_vec){ .sv_owner = rq->fr_client,
			.sv_dir = out ? SAFECOPY_TO : SAFECOPY_FROM,
			.sv_grant = rq->fr_rq.io.fio_grant,
			.sv_offset = goff,
			.sv_addr = (uint64_t)(uintptr_t)p[i].fp_addr,
			.sv_len = p[i].fp_len };
		goff += p[i].fp_len;
	}
	return kc_safecopy_vec(v, (size_t)n) != (int)total ? -EFAULT : 0;
}

int64_t
fsdriver_dents_answer(struct fsdriver_req *rq, int64_t r, const void *buf, uint64_t next)
{
	if (r > 0) {
		int c = fsdriver_copy_out(rq, 0, buf, (size_t)r);

		if (c != 0) {
			return c;
		}
	}
	rq->fr_rp.cookie.fk_next = next;
	return r;
}
