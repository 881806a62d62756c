/*
 * libchardriver: the skeleton of a character driver (proto/chr.h) over
 * libdriver.  The driver says what its minors do; the library decodes
 * the typed requests (MSG_PAYLOAD), checks the minor, answers, and keeps
 * the results of requests that finish later until their caller fetches
 * them with CHR_DONE.
 *
 * The contract with the driver:
 * - Every request is answered at once.  A read or write returns the
 *   bytes done now, -EAGAIN (nothing now and XO_NONBLOCK, or too much
 *   waiting), another -E* code, or -EINPROGRESS: the driver keeps the
 *   struct chardriver_io (a copy: the pointer dies with the call) and
 *   later calls chardriver_done_io(io.ci_caller, io.ci_id, result)
 *   exactly once, unless cancel() told it to forget the request first.
 * - A select that asked for news (notify != ENDPOINT_NONE) is answered
 *   with what is ready now; when more becomes ready the driver calls
 *   chardriver_ready(notify, minor, bits) once.
 * - Data moves only through chardriver_copy_out()/chardriver_copy_in(),
 *   which refuse to reach outside the request's ci_len bytes.
 * - A callback's minor is always one of ops->minors; a read or write
 *   of 0 bytes never reaches the driver (it is answered 0).
 *
 * The caller's side (what vfs must do), per caller endpoint:
 * - The driver notifies the caller only when the caller's queue of
 *   finished results goes from empty to non-empty.  On such a
 *   notification the caller sends CHR_DONE, and again as long as the
 *   reply's cd_more is non-zero; cd_more == 0 means the queue is empty
 *   now, and the next result will come with a new notification.  A
 *   CHR_DONE may answer -ENOENT (a cancel emptied the queue, or the
 *   driver restarted): nothing is waiting, and that is not an error.
 * - After CHR_CANCEL(id) no CHR_DONE_IO for id follows, whether the
 *   request was still waiting or already finished.
 * - Results wait in one table of CHARDRIVER_DONE_MAX entries for all
 *   callers.  A full table first drops the results of callers that have
 *   died; if it is still full the new result is lost (the caller is not
 *   fetching), so a driver keeps fewer requests in flight than that.
 */
#pragma once
#include <libdriver/driver.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/chr.h>

#define CHARDRIVER_MINORS 64   /* minors 0..63 (ops->minors is a bitmap) */
#define CHARDRIVER_DONE_MAX 64 /* results waiting for CHR_DONE, all callers */

/* A CHR_READ or CHR_WRITE, decoded.  A driver that answers -EINPROGRESS
 * keeps a copy of it to finish the request later. */
struct chardriver_io {
	endpoint_t ci_caller; /* who asked (vfs): owns the grant, gets the CHR_DONE */
	endpoint_t ci_proc;   /* the process doing the I/O */
	uint64_t ci_minor;
	uint64_t ci_id;    /* the caller's request id, never 0 */
	uint64_t ci_len;   /* bytes, > 0 */
	uint64_t ci_flags; /* XO_NONBLOCK or 0 */
	int64_t ci_grant;  /* the caller's grant of ci_len bytes */
};

/* A driver's callbacks; any may be NULL (open and close: 0; read and
 * write: -EINVAL; ioctl: -ENOTTY; select: always ready). */
struct chardriver_ops {
	/* CHR_OPEN by proc with XO_* flags: 0 or an error. */
	int (*open)(uint64_t minor, uint64_t flags, endpoint_t proc);
	/* CHR_CLOSE: 0 or an error. */
	int (*close)(uint64_t minor);
	/* CHR_READ, CHR_WRITE: bytes now, -EINPROGRESS, -EAGAIN or -E*. */
	int64_t (*read)(uint64_t minor, const struct chardriver_io *io);
	int64_t (*write)(uint64_t minor, const struct chardriver_io *io);
	/* CHR_IOCTL from caller: the command's result or an error
	 * (-ENOTTY for an unknown command). */
	int64_t (*ioctl)(uint64_t minor, uint64_t cmd, uint64_t arg, endpoint_t caller);
	/* CHR_CANCEL: forget caller's request id if it is still waiting.
	 * The library has already dropped its finished result, if any. */
	void (*cancel)(endpoint_t caller, uint64_t id);
	/* CHR_SELECT: the XPOLLIN | XPOLLOUT bits of ops ready now.  notify
	 * is the caller to tell with chardriver_ready() when one of ops
	 * becomes ready, or ENDPOINT_NONE when it did not ask. */
	int64_t (*select)(uint64_t minor, uint64_t ops, endpoint_t notify);
	/* Bit m set: minor m exists; requests naming another get -ENXIO. */
	uint64_t minors;
	/* What chardriver_main() hands to libdriver: init, irq, timer,
	 * state and so on.  request() gets the messages libchardriver does
	 * not serve (CHR_SIGNALS), with the reply's m_type CHR_REPLY
	 * already set; reply_type is ignored (always CHR_REPLY). */
	struct driver_ops driver;
};

/* Runs a driver: driver_main() with ops->driver, requests going to
 * chardriver_request().  Does not return. */
void chardriver_main(const struct chardriver_ops *ops, int argc, char **argv)
    __attribute__((noreturn));

/* Serves one CHR_* request m with ops (for a server with more than one
 * protocol, from its own request callback).  Fills *reply (m_type
 * CHR_REPLY, the result first) and returns 0; for a message type it
 * does not know, returns what ops->driver.request() returns (libdriver's
 * convention), or fills in -EINVAL when that is NULL. */
int chardriver_request(const struct chardriver_ops *ops, const struct message *m,
    struct message *reply);

/* Whether minor is one of ops->minors. */
bool chardriver_minor_ok(const struct chardriver_ops *ops, uint64_t minor);

/* Finishes caller's request id that was answered -EINPROGRESS: result
 * (bytes, or -E*) waits for its CHR_DONE, and the caller is notified if
 * it had nothing waiting.  0; -EDEADSRCDST when the caller is gone (the
 * result is dropped); -ENOSPC when the table is full (it is lost). */
int chardriver_done_io(endpoint_t caller, uint64_t id, int64_t result);

/* A select of caller on minor that asked for news: bits (XPOLL*) are
 * ready now.  Readiness not yet fetched for the same minor is merged
 * into one result.  Returns as chardriver_done_io(). */
int chardriver_ready(endpoint_t caller, uint64_t minor, uint64_t bits);

/* Copies len bytes of buf into io's grant at offset off (a read's data):
 * 0, -ERANGE when [off, off+len) is not inside the request's ci_len
 * bytes (nothing is copied), or the kernel's error. */
int chardriver_copy_out(const struct chardriver_io *io, uint64_t off, const void *buf, size_t len);

/* Copies len bytes at offset off of io's grant into buf (a write's
 * data); errors as chardriver_copy_out(). */
int chardriver_copy_in(const struct chardriver_io *io, uint64_t off, void *buf, size_t len);
