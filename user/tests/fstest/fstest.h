/*
 * fstest's shared pieces: a client of proto/fs.h that talks to one
 * file-system server directly (fsclient.c), as vfs would, and the tests
 * of devfs (dev.c).
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>

/* One server: its endpoint and the grant of our window to it. */
struct fsconn {
	const char *fc_name;
	endpoint_t fc_ep;
	int64_t fc_grant;
};

/* Our one window (page-aligned, FS_WINDOW_SIZE bytes), shared by every
 * connection: requests go one at a time. */
extern struct fs_window *const fs_win;

/* Finds the server and grants it the window: 0 or an error. */
int fs_connect(struct fsconn *c, const char *name);
/* One request; the reply's [0] (>= 0 or an error), the reply in *out
 * when not NULL. */
int64_t fs_req(struct fsconn *c, uint32_t type, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    struct message *out);
/* FS_MOUNT with these options in fw_name; the root inode in *root. */
int64_t fs_mount(struct fsconn *c, const char *opts, uint32_t flags, uint64_t *root);
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
