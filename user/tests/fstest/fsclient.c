/*
 * fstest's proto/fs.h client (fstest.h): each mount is a ring of its own
 * (libfsdriver's fsclient over a static area), each request one slot,
 * its data through a grant of fs_win->fw_data made for it.
 */
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "fstest.h"

/* An area the server still maps (a ring it has not closed: never
 * mounted, or mounted and never unmounted) is retired, never reused:
 * the server would see the new ring's entries on the old one too. */
#define AREAS 12

static union {
	struct fs_shared s;
	uint8_t raw[FS_SHARED_SIZE];
} areas[AREAS] __attribute__((aligned(4096)));
static struct fsclient clients[AREAS];
static bool area_used[AREAS];
static struct fst_window window;

struct fst_window *const fs_win = &window;

/* A free area and its client, or NULL. */
static struct fsclient *
ring_new(int *idx)
{
	for (int i = 0; i < AREAS; i++) {
		if (!area_used[i]) {
			area_used[i] = true;
			*idx = i;
			return &clients[i];
		}
	}
	return NULL;
}

static void
ring_free(struct fsclient *fc)
{
	int i = (int)(fc - clients);

	fsclient_detach(fc);
	area_used[i] = false;
}

int
fs_connect(struct fsconn *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	c->fc_name = name;
	c->fc_ep = ds_lookup(name);
	c->fc_last = -1;
	return c->fc_ep < 0 ? c->fc_ep : 0;
}

void
fs_disconnect(struct fsconn *c)
{
	for (int i = 0; i < FST_RINGS; i++) {
		if (c->fc_ring[i] != NULL) {
			ring_free(c->fc_ring[i]);
		}
	}
	memset(c, 0, sizeof(*c));
}

/* The ring of inode ino's mount: by the high half, else the last one. */
static int
ring_of(struct fsconn *c, uint64_t ino)
{
	for (int i = 0; i < FST_RINGS; i++) {
		if (c->fc_ring[i] != NULL && c->fc_root[i] >> 32 == ino >> 32 && ino >> 32 != 0) {
			return i;
		}
	}
	return c->fc_last;
}

/* Lays the old-style arguments into slot s. */
static void
slot_fill(struct fs_slot *s, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    int64_t grant)
{
	s->fs_op = type;
	memcpy(s->fs_name, fs_win->fw_name, sizeof(s->fs_name));
	memcpy(s->fs_name2, fs_win->fw_name2, sizeof(s->fs_name2));
	switch (type) {
	case FS_MOUNT:
		s->fs_rq.mount.fm_flags = (uint32_t)a0;
		break;
	case FS_SETATTR:
		s->fs_rq.setattr =
		    (struct fs_rq_setattr){ .fsa_ino = a0, .fsa_mask = (uint32_t)a1 };
		s->fs_attr = fs_win->fw_attr;
		break;
	case FS_READ:
	case FS_WRITE:
	case FS_GETDENTS:
		s->fs_rq.io = (struct fs_rq_io){ .fio_ino = a0,
			.fio_off = a1,
			.fio_len = a2,
			.fio_grant = grant };
		break;
	case FS_CREATE:
		s->fs_rq.create = (struct fs_rq_create){ .fc_dir = a0,
			.fc_mode = (uint32_t)a1,
			.fc_uid = (uint32_t)a2,
			.fc_gid = (uint32_t)(a2 >> 32),
			.fc_rdev = (uint32_t)a3 };
		break;
	case FS_SYMLINK:
		s->fs_rq.create = (struct fs_rq_create){ .fc_dir = a0,
			.fc_uid = (uint32_t)a1,
			.fc_gid = (uint32_t)(a1 >> 32) };
		break;
	case FS_LINK:
		s->fs_rq.link = (struct fs_rq_link){ .fl_dir = a0, .fl_ino = a1 };
		break;
	case FS_RENAME:
		s->fs_rq.rename = (struct fs_rq_rename){ .fr_olddir = a0, .fr_newdir = a1 };
		break;
	default:
		s->fs_rq.node.fn_ino = a0;
		break;
	}
}

/* One request on ring fc; the answer into fs_win and *out. */
static int64_t
ring_req(struct fsclient *fc, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    struct message *out)
{
	bool data = type == FS_READ || type == FS_WRITE || type == FS_GETDENTS;
	struct fs_slot *s;
	int64_t grant = -1, r;

	if (data) {
		if (a2 > FST_DATA_MAX) {
			return -EINVAL;
		}
		grant = kc_grant_create(fc->fc_server, fs_win->fw_data, FST_DATA_MAX,
		    type == FS_WRITE ? GRANT_READ : GRANT_WRITE);
		if (grant < 0) {
			return grant;
		}
	}
	s = fsclient_slot(fc);
	slot_fill(s, type, a0, a1, a2, a3, grant);
	r = fsclient_call(fc);
	if (grant >= 0) {
		kc_grant_revoke(grant);
	}
	fs_win->fw_attr = s->fs_attr;
	if (type == FS_STATFS && r == 0) {
		memcpy(fs_win->fw_data, &s->fs_rp.statfs, sizeof(s->fs_rp.statfs));
	}
	if (type == FS_READLINK && r > 0 && r <= XPATH_MAX) {
		memcpy(fs_win->fw_data, s->fs_name2, (size_t)r);
	}
	if (out != NULL) {
		*out = (struct message){ 0 };
		out->m_arg[0] = (uint64_t)r;
		out->m_arg[1] =
		    type == FS_GETDENTS ? s->fs_rp.cookie.fk_next : s->fs_rp.node.fn_ino;
	}
	return r;
}

int64_t
fs_req(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    struct message *out)
{
	int i = ring_of(c, a0);
	int64_t r;

	if (i < 0) {
		return -EBADF;
	}
	r = ring_req(c->fc_ring[i], type, a0, a1, a2, a3, out);
	if (type == FS_UNMOUNT && r == 0) {
		/* The server closed the ring. */
		ring_free(c->fc_ring[i]);
		c->fc_ring[i] = NULL;
		c->fc_last = -1;
		for (int j = FST_RINGS - 1; j >= 0; j--) {
			if (c->fc_ring[j] != NULL) {
				c->fc_last = j;
				break;
			}
		}
	}
	return r;
}

int64_t
fs_mount(struct fsconn *c, const char *opts, uint32_t flags, uint64_t *root)
{
	struct message m;
	struct fsclient *fc;
	int slot = -1, area;
	int64_t r;

	for (int i = 0; i < FST_RINGS && slot < 0; i++) {
		if (c->fc_ring[i] == NULL) {
			slot = i;
		}
	}
	fc = slot >= 0 ? ring_new(&area) : NULL;
	if (fc == NULL) {
		return -ENOSPC;
	}
	r = fsclient_attach(fc, c->fc_ep, &areas[area].s, FS_SHARED_SIZE);
	if (r != 0) {
		area_used[area] = false;
		return r;
	}
	strlcpy(fs_win->fw_name2, opts, sizeof(fs_win->fw_name2));
	r = ring_req(fc, FS_MOUNT, flags, 0, 0, 0, &m);
	if (r != 0) {
		ring_free(fc);
		return r;
	}
	*root = m.m_arg[1];
	c->fc_ring[slot] = fc;
	c->fc_root[slot] = *root;
	c->fc_last = slot;
	return 0;
}

int64_t
fs_attach_raw(struct fsconn *c, uint64_t size, int64_t grant)
{
	struct message m = { .m_type = FS_ATTACH };
	struct msg_vfs_fs_attach *a = MSG_PAYLOAD(&m, struct msg_vfs_fs_attach);
	struct fsclient *fc;
	int area;
	int64_t r;

	if (grant < 0) {
		fc = ring_new(&area);
		if (fc == NULL) {
			return -ENOSPC;
		}
		r = fsclient_attach(fc, c->fc_ep, &areas[area].s, size);
		if (r == 0) {
			/* Attached after all: take it down again. */
			r = ring_req(fc, FS_MOUNT, 0, 0, 0, 0, NULL);
			fsclient_detach(fc); /* retired */
			return r == 0 ? 1 : 0;
		}
		area_used[area] = false;
		return r;
	}
	a->fat_grant = grant;
	a->fat_size = size;
	r = ipc_call(c->fc_ep, &m);
	return r != 0 ? r : MSG_PAYLOAD(&m, struct msg_fs_vfs_attached)->fad_result;
}

int64_t
fs_unmounted_req(struct fsconn *c, uint32_t type, uint64_t ino)
{
	struct fsclient *fc;
	int area;
	int64_t r;

	fc = ring_new(&area);
	if (fc == NULL) {
		return -ENOSPC;
	}
	r = fsclient_attach(fc, c->fc_ep, &areas[area].s, FS_SHARED_SIZE);
	if (r != 0) {
		area_used[area] = false;
		return r;
	}
	r = ring_req(fc, type, ino, 0, 0, 0, NULL);
	fsclient_detach(fc); /* retired */
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
	if (len > FST_DATA_MAX) {
		return -EINVAL;
	}
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
