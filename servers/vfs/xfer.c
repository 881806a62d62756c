/*
 * Data for servers: a file system or driver copies a request's bytes
 * through a grant vfs owns.  For a program's buffer that grant is an
 * indirect one (KC_GRANT_INDIRECT) of the grant the program gave vfs, so
 * the bytes move once, between the program and the server; vfs never
 * touches them.  For vfs's own buffers (reading /etc/fstab) it is an
 * ordinary grant.  Either way it is revoked when the request is over.
 */
#include <libsys/grant.h>
#include <xinim/errno.h>
#include "vfs.h"

int
vfs_xfer_client(struct vfs_xfer *x, endpoint_t grantee, endpoint_t client, int64_t cgrant,
    uint64_t off, uint64_t len, unsigned access)
{
	int64_t g;

	x->x_grant = 0;
	if (len == 0) {
		return 0;
	}
	g = kc_grant_indirect(grantee, client, cgrant, off, len, access);
	if (g < 0) {
		return (int)g;
	}
	x->x_grant = g;
	return 0;
}

int
vfs_xfer_local(struct vfs_xfer *x, endpoint_t grantee, void *buf, size_t len, unsigned access)
{
	int64_t g;

	x->x_grant = 0;
	if (len == 0) {
		return 0;
	}
	g = kc_grant_create(grantee, buf, len, access);
	if (g < 0) {
		return (int)g;
	}
	x->x_grant = g;
	return 0;
}

void
vfs_xfer_end(struct vfs_xfer *x)
{
	if (x->x_grant > 0) {
		kc_grant_revoke(x->x_grant);
	}
	x->x_grant = 0;
}
