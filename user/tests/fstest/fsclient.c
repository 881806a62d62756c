/*
 * fstest's proto/fs.h client: a window granted (read, write, map) to each
 * server, requests by ipc_call, names and data through the window.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "fstest.h"

static union {
	struct fs_window w;
	uint8_t raw[FS_WINDOW_SIZE];
} window __attribute__((aligned(4096)));

struct fs_window *const fs_win = &window.w;

int
fs_connect(struct fsconn *c, const char *name)
{
	c->fc_name = name;
	c->fc_ep = ds_lookup(name);
	if (c->fc_ep < 0) {
		return c->fc_ep;
	}
	c->fc_grant = kc_grant_create(c->fc_ep, &window, FS_WINDOW_SIZE,
	    GRANT_READ | GRANT_WRITE | GRANT_MAP);
	return c->fc_grant < 0 ? (int)c->fc_grant : 0;
}

int64_t
fs_req(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    struct message *out)
{
	struct message m = { .m_type = type };
	int r;

	m.m_arg[0] = a0;
	m.m_arg[1] = a1;
	m.m_arg[2] = a2;
	m.m_arg[3] = a3;
	r = ipc_call(c->fc_ep, &m);
	if (r != 0) {
		return r;
	}
	if (out != NULL) {
		*out = m;
	}
	return (int64_t)m.m_arg[0];
}

int64_t
fs_mount(struct fsconn *c, const char *opts, uint32_t flags, uint64_t *root)
{
	struct message m;
	int64_t r;

	strlcpy(fs_win->fw_name, opts, sizeof(fs_win->fw_name));
	r = fs_req(c, FS_MOUNT, (uint64_t)c->fc_grant, FS_WINDOW_SIZE, flags, 0, &m);
	if (r == 0) {
		*root = m.m_arg[1];
	}
	return r;
}

int64_t
fs_named(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, const char *name,
    const char *name2, uint64_t *ino)
{
	struct message m;
	int64_t r;

	strlcpy(fs_win->fw_name, name, sizeof(fs_win->fw_name));
	if (name2 != NULL) {
		strlcpy(fs_win->fw_name2, name2, sizeof(fs_win->fw_name2));
	}
	r = fs_req(c, type, a0, a1, 0, 0, &m);
	if (r == 0 && ino != NULL) {
		*ino = m.m_arg[1];
	}
	return r;
}

int64_t
fs_create(struct fsconn *c, uint64_t dir, const char *name, uint32_t mode, uint64_t *ino)
{
	struct message m;
	int64_t r;

	strlcpy(fs_win->fw_name, name, sizeof(fs_win->fw_name));
	r = fs_req(c, FS_CREATE, dir, mode, 0, 0, &m);
	if (r == 0 && ino != NULL) {
		*ino = m.m_arg[1];
	}
	return r;
}

int64_t
fs_write(struct fsconn *c, uint64_t ino, uint64_t off, const void *buf, size_t len)
{
	memcpy(fs_win->fw_data, buf, len);
	return fs_req(c, FS_WRITE, ino, off, len, 0, NULL);
}

int64_t
fs_read(struct fsconn *c, uint64_t ino, uint64_t off, void *buf, size_t len)
{
	int64_t r = fs_req(c, FS_READ, ino, off, len, 0, NULL);

	if (r > 0) {
		memcpy(buf, fs_win->fw_data, (size_t)r);
	}
	return r;
}

int64_t
fs_getattr(struct fsconn *c, uint64_t ino, struct fs_attr *a)
{
	int64_t r = fs_req(c, FS_GETATTR, ino, 0, 0, 0, NULL);

	if (r == 0) {
		*a = fs_win->fw_attr;
	}
	return r;
}

int64_t
fs_list(struct fsconn *c, uint64_t dir, size_t bytes, char *out, size_t cap)
{
	uint64_t cookie = 0;
	struct message m;
	int64_t r;

	out[0] = '\0';
	for (;;) {
		r = fs_req(c, FS_GETDENTS, dir, cookie, bytes, 0, &m);
		if (r <= 0) {
			return r;
		}
		for (int64_t at = 0; at < r;) {
			struct xdirent d;

			memcpy(&d, fs_win->fw_data + at, offsetof(struct xdirent, xd_name));
			if (d.xd_reclen == 0 || d.xd_reclen % 8 != 0) {
				return -EBADMSG;
			}
			if (out[0] != '\0') {
				strlcat(out, " ", cap);
			}
			strlcat(out,
			    (const char *)fs_win->fw_data + at + offsetof(struct xdirent, xd_name),
			    cap);
			at += d.xd_reclen;
		}
		cookie = m.m_arg[1];
	}
}
