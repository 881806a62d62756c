/*
 * The character-device protocol: what vfs asks of a character driver
 * (the console tty, devfs's null, zero and random) when a process reads,
 * writes or polls a character device node.  vfs calls the driver, which
 * answers at once; an operation that must wait (a terminal read with no
 * line typed yet) is answered -EINPROGRESS, and when it is done the
 * driver notifies vfs, which fetches the result with CHR_DONE.  The
 * driver never calls vfs.  Data moves through a grant vfs makes of its
 * own buffer for that request, kept until the request is done.
 *
 * Which driver serves a node: its major number, through chr_majors[]
 * below (the service name in ds).  Replies have m_type CHR_REPLY and
 * [0] a result >= 0 or a negative E* code.
 */
#pragma once
#include <stdint.h>

#define CHR_MAJOR_MEM 1 /* devfs: null (3), zero (5), random (8) */
#define CHR_MAJOR_TTY 4 /* tty: the serial console (minor 0) */

#define CHR_MINOR_NULL 3
#define CHR_MINOR_ZERO 5
#define CHR_MINOR_RANDOM 8
#define CHR_MINOR_CONSOLE 0

enum chr_msg {
	/* [0] minor, [1] XO_* flags, [2] the opening process's endpoint.
	 * -> 0; -ENXIO for a minor the driver lacks */
	CHR_OPEN = 0x0700,
	/* [0] minor.  -> 0 */
	CHR_CLOSE = 0x0701,
	/* [0] minor, [1] request id (vfs's, never 0), [2] bytes, [3] XO_NONBLOCK
	 * or 0, [4] the grant (GRANT_WRITE for a read, GRANT_READ for a
	 * write), [5] the process's endpoint.  -> bytes done now, or
	 * -EINPROGRESS (a CHR_DONE will carry the result), or -EAGAIN with
	 * XO_NONBLOCK */
	CHR_READ = 0x0702,
	CHR_WRITE = 0x0703,
	/* [0] minor, [1] command, [2] argument.  -> per command */
	CHR_IOCTL = 0x0704,
	/* [0] request id: the caller gave up (a signal, its death); no
	 * CHR_DONE for it follows.  -> 0 */
	CHR_CANCEL = 0x0705,
	/* [0] minor, [1] XPOLLIN | XPOLLOUT wanted, [2] 1: notify vfs when
	 * one becomes ready.  -> the ready ones now */
	CHR_SELECT = 0x0706,
	/* After a notification from the driver.  -> -ENOENT when nothing is
	 * left, else 0 with [1] CHR_DONE_IO: [2] request id, [3] result; or
	 * [1] CHR_DONE_READY: [2] minor, [3] ready XPOLL* bits */
	CHR_DONE = 0x0707,
	/* pm -> driver, after a notification to pm: -> -ENOENT when none is
	 * left, else 0 with [1] a signal to send, [2] the process group */
	CHR_SIGNALS = 0x0708,
	CHR_REPLY = 0x07ff,
};

#define CHR_DONE_IO 1
#define CHR_DONE_READY 2

/* Terminal ioctls (CHR_IOCTL / VFS_IOCTL). */
#define XTCGETRAW 1  /* -> 1 raw, 0 line-edited */
#define XTCSETRAW 2  /* [2] 1 raw (each byte as it comes, no echo), 0 cooked */
#define XTCSETPGRP 3 /* [2] the foreground process group (Ctrl-C goes there) */
#define XTCGETPGRP 4

/* Who serves which major (ds names); NULL: none. */
static const char *const chr_majors[] __attribute__((unused)) = {
	[CHR_MAJOR_MEM] = "devfs",
	[CHR_MAJOR_TTY] = "tty",
};
#define CHR_MAJORS (sizeof(chr_majors) / sizeof(chr_majors[0]))
