/*
 * fstest's shared pieces: a client of proto/fs.h that talks to one
 * file-system server directly, as vfs would, over libfsdriver's
 * fsclient (one ring per mount; fsclient.c), and the tests of devfs
 * (dev.c).
 *
 * The calls keep the shape of the old message protocol so the tests read
 * as before: fs_req(type, a0..a3) is one request on the ring of the
 * mount that inode a0 belongs to (by its high 32 bits, else the mount
 * made last), its arguments laid into the slot's typed request; the
 * answer's attributes land in fs_win->fw_attr, its data (FS_READ,
 * FS_GETDENTS, FS_STATFS, FS_READLINK) in fs_win->fw_data, which FS_WRITE
 * sends and FS_SETATTR's values come from fs_win->fw_attr.  Data moves
 * through a grant of fw_data made for each request.
 */
#pragma once
#include <libfsdriver/fsclient.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>

#define FST_DATA_MAX 32768 /* bytes of one request's data */
#define FST_RINGS 6        /* mounts open at once per connection */

/* The last request's names, values and answer. */
struct fst_window {
	struct fs_attr fw_attr;
	char fw_name[XNAME_MAX + 1];
	char fw_name2[XPATH_MAX];
	uint8_t fw_data[FST_DATA_MAX];
};
extern struct fst_window *const fs_win;

/* One server, and our mounts on it (one ring each). */
struct fsconn {
	const char *fc_name;
	endpoint_t fc_ep;
	struct fsclient *fc_ring[FST_RINGS]; /* NULL: free */
	uint64_t fc_root[FST_RINGS];
	int fc_last; /* the ring mounted last */
};

/* Finds the server: 0 or an error. */
int fs_connect(struct fsconn *c, const char *name);
/* Drops every ring (the server's copies stay until it notices). */
void fs_disconnect(struct fsconn *c);
/* One request; the result (>= 0 or an error), the reply in *out when
 * not NULL: m_arg[0] the result, m_arg[1] fs_rp's node or cookie. */
int64_t fs_req(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    struct message *out);
/* A new ring (FS_ATTACH), then FS_MOUNT with these options; the root in
 * *root. */
int64_t fs_mount(struct fsconn *c, const char *opts, uint32_t flags, uint64_t *root);
/* FS_ATTACH of a ring with an area of size bytes, or with grant (when
 * >= 0) instead of the area's: the server's answer.  The ring is not
 * kept. */
int64_t fs_attach_raw(struct fsconn *c, uint64_t size, int64_t grant);
/* A ring attached but not mounted: the first request on it. */
int64_t fs_unmounted_req(struct fsconn *c, uint32_t type, uint64_t ino);
/* Requests that name things: the name(s) go in the window first. */
int64_t fs_named(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, const char *name,
    const char *name2, uint64_t *ino);
int64_t fs_create(struct fsconn *c, uint64_t dir, const char *name, uint32_t mode, uint64_t *ino);
int64_t fs_write(struct fsconn *c, uint64_t ino, uint64_t off, const void *buf, size_t len);
int64_t fs_read(struct fsconn *c, uint64_t ino, uint64_t off, void *buf, size_t len);
/* FS_GETATTR into *a. */
int64_t fs_getattr(struct fsconn *c, uint64_t ino, struct fs_attr *a);
/* The names of dir, joined by spaces, read bytes at a time. */
int64_t fs_list(struct fsconn *c, uint64_t dir, size_t bytes, char *out, size_t cap);

/* dev.c */
const char *fst_devfs(void);
const char *fst_chr(void);
const char *fst_norandom(void);
