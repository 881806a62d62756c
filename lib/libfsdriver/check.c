/*
 * libfsdriver's pure checks: ranges, names, which ops change things, and
 * the span of a data copy in the request's grant.  No IPC: the host
 * tests link this file as it is.
 */
#include <string.h>
#include <xinim/errno.h>
#include "fsdriver_int.h"

int
fsdriver_range_ok(uint64_t off, uint64_t len, uint64_t total)
{
	if (off > total || len > total - off) {
		return -EINVAL;
	}
	return 0;
}

int
fsdriver_name_ok(const char *name, size_t cap)
{
	return cap == 0 || strnlen(name, cap) == cap ? -ENAMETOOLONG : 0;
}

bool
fsdriver_op_changes(uint32_t op)
{
	switch (op) {
	case FS_SETATTR:
	case FS_WRITE:
	case FS_CREATE:
	case FS_SYMLINK:
	case FS_LINK:
	case FS_UNLINK:
	case FS_RMDIR:
	case FS_RENAME:
		return true;
	default:
		return false;
	}
}

/* Which names an op reads: 1 fs_name, 2 fs_name2. */
static unsigned
op_names(uint32_t op)
{
	switch (op) {
	case FS_MOUNT:
		return 2;
	case FS_LOOKUP:
	case FS_CREATE:
	case FS_LINK:
	case FS_UNLINK:
	case FS_RMDIR:
		return 1;
	case FS_SYMLINK:
	case FS_RENAME:
		return 3;
	default:
		return 0;
	}
}

int
fsdrv_names_check(struct fsdriver_req *rq)
{
	unsigned used = op_names(rq->fr_op);

	if ((used & 1) && fsdriver_name_ok(rq->fr_name, sizeof(rq->fr_name)) != 0) {
		return -ENAMETOOLONG;
	}
	if ((used & 2) && fsdriver_name_ok(rq->fr_name2, sizeof(rq->fr_name2)) != 0) {
		return -ENAMETOOLONG;
	}
	/* Names the op does not use may hold anything (an earlier
	 * FS_READLINK leaves no NUL): terminate our copies regardless. */
	rq->fr_name[sizeof(rq->fr_name) - 1] = '\0';
	rq->fr_name2[sizeof(rq->fr_name2) - 1] = '\0';
	return 0;
}

int
fsdrv_io_span(const struct fsdriver_req *rq, uint64_t off, size_t len, uint64_t *goff)
{
	const struct fs_rq_io *io = &rq->fr_rq.io;

	if (rq->fr_op != FS_READ && rq->fr_op != FS_WRITE && rq->fr_op != FS_GETDENTS) {
		return -EINVAL;
	}
	if (fsdriver_range_ok(off, len, io->fio_len) != 0 || io->fio_grant < 0 ||
	    io->fio_goff + off < io->fio_goff || io->fio_goff + off + len < io->fio_goff + off) {
		return -EINVAL;
	}
	*goff = io->fio_goff + off;
	return 0;
}
