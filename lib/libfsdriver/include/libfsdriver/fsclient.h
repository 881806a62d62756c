/*
 * fsclient: a small synchronous client of include/xinim/proto/fs.h for
 * tests (user/tests/fstest): one ring to one server, as vfs would make
 * it, with one request in flight at a time.  The caller provides the
 * shared area (FS_SHARED_SIZE bytes, page-aligned); fsclient_attach()
 * initialises it, grants it to the server and sends FS_ATTACH.
 *
 * A request: fsclient_slot() gives a free slot to fill (fs_op, fs_rq,
 * names, fs_attr), fsclient_submit() puts it on the ring (notifying the
 * server when the ring says so), fsclient_wait() waits until that slot
 * comes back and returns its fs_result.  The slot stays readable (fs_rp,
 * fs_attr, fs_name2) until the next fsclient_slot().
 */
#pragma once
#include <stdint.h>
#include <libring/ring.h>
#include <xinim/ipc.h>
#include <xinim/proto/fs.h>

struct fsclient {
	endpoint_t fc_server;
	struct fs_shared *fc_area;
	int64_t fc_grant;
	struct ring_view fc_sq, fc_cq;
	uint32_t fc_last; /* the slot fsclient_slot() gave last */
	uint32_t fc_timeout_ms;
};

/* Initialises area, grants it to server (read, write, map) and attaches
 * with FS_ATTACH of size bytes (FS_SHARED_SIZE unless testing a bad
 * size): 0, the server's refusal, or an IPC error. */
int fsclient_attach(struct fsclient *c, endpoint_t server, struct fs_shared *area, uint64_t size);
/* Revokes the area's grant (the server keeps its mapping until it
 * drops the ring). */
void fsclient_detach(struct fsclient *c);
/* A slot to fill, zeroed except for nothing: every field is cleared. */
struct fs_slot *fsclient_slot(struct fsclient *c);
/* Submits the slot fsclient_slot() gave: 0, or the notification's error
 * (-EDEADSRCDST: the server is gone). */
int fsclient_submit(struct fsclient *c);
/* Waits for it: its fs_result, -ETIMEDOUT after fc_timeout_ms (5 s
 * unless changed), -EBADMSG when the server answered another slot. */
int64_t fsclient_wait(struct fsclient *c);
/* submit and wait. */
int64_t fsclient_call(struct fsclient *c);
