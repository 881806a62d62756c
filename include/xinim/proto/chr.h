/*
 * The character-device protocol: what vfs asks of a character driver
 * (the console tty, devfs's null, zero and random) when a process reads,
 * writes or polls a character device node.  vfs calls the driver, which
 * answers at once; an operation that must wait (a terminal read with no
 * line typed yet) is answered -EINPROGRESS, and when it is done the
 * driver notifies vfs, which fetches the result with CHR_DONE.  The
 * driver never calls vfs, and answers every request at once.  Data moves
 * through a grant vfs owns, kept until the request is done: an indirect
 * grant of the program's own buffer (KC_GRANT_INDIRECT), so the bytes
 * move once, between the program and the driver.
 *
 * Which driver serves a node: its major number, through chr_majors[]
 * below (the service name in ds).  Replies have m_type CHR_REPLY and
 * [0] a result >= 0 or a negative E* code.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

#define CHR_MAJOR_MEM 1 /* devfs: null (3), zero (5), random (8) */
#define CHR_MAJOR_TTY 4 /* tty: the serial console (minor 0) */

#define CHR_MINOR_NULL 3
#define CHR_MINOR_ZERO 5
#define CHR_MINOR_RANDOM 8
#define CHR_MINOR_CONSOLE 0

enum chr_msg {
	/* struct msg_chr_open.  -> 0; -ENXIO for a minor the driver lacks */
	CHR_OPEN = 0x0700,
	/* struct msg_chr_minor.  -> 0 */
	CHR_CLOSE = 0x0701,
	/* struct msg_chr_io (the grant GRANT_WRITE for a read, GRANT_READ
	 * for a write).  -> bytes done now, or -EINPROGRESS (a CHR_DONE will
	 * carry the result), or -EAGAIN with XO_NONBLOCK */
	CHR_READ = 0x0702,
	CHR_WRITE = 0x0703,
	/* struct msg_chr_ioctl.  -> per command */
	CHR_IOCTL = 0x0704,
	/* struct msg_chr_cancel: the caller gave up (a signal, its death);
	 * no CHR_DONE for it follows.  -> 0 */
	CHR_CANCEL = 0x0705,
	/* struct msg_chr_select.  -> the ready ones now */
	CHR_SELECT = 0x0706,
	/* After a notification from the driver.  -> -ENOENT when nothing is
	 * left, else 0 and struct msg_chr_done, whose cd_more says whether
	 * more results wait (fetch again only then). */
	CHR_DONE = 0x0707,
	/* pm -> driver, after a notification to pm: -> -ENOENT when none is
	 * left, else 0 and struct msg_chr_signal (cg_more: more wait) */
	CHR_SIGNALS = 0x0708,
	CHR_REPLY = 0x07ff,
};

/* The typed messages (m_arg seen through MSG_PAYLOAD).  Every reply has
 * m_type CHR_REPLY and starts with the result (>= 0 or -E*). */
struct msg_chr_minor {
	uint64_t cm_minor;
};
struct msg_chr_open {
	uint64_t co_minor;
	uint64_t co_flags;  /* XO_* */
	endpoint_t co_proc; /* the opening process */
	uint32_t co_pad;
};
struct msg_chr_io {
	uint64_t ci_minor;
	uint64_t ci_id;     /* vfs's request id, never 0 */
	uint64_t ci_len;    /* bytes */
	uint64_t ci_flags;  /* XO_NONBLOCK or 0 */
	int64_t ci_grant;   /* vfs's grant (often an indirect one of the
	                     * program's buffer): copy with owner = vfs */
	endpoint_t ci_proc; /* the process doing the I/O */
	uint32_t ci_pad;
};
struct msg_chr_ioctl {
	uint64_t cl_minor;
	uint64_t cl_cmd;
	uint64_t cl_arg;
};
struct msg_chr_cancel {
	uint64_t cc_id;
};
struct msg_chr_select {
	uint64_t cs_minor;
	uint64_t cs_ops;    /* XPOLLIN | XPOLLOUT wanted */
	uint64_t cs_notify; /* 1: notify vfs when one becomes ready */
};
/* Replies.  msg_chr_result alone for every request but these two. */
struct msg_chr_result {
	int64_t cr_result;
};
struct msg_chr_done {
	int64_t cd_result; /* 0, or -ENOENT: nothing was waiting */
	uint64_t cd_kind;  /* CHR_DONE_IO or CHR_DONE_READY */
	uint64_t cd_a;     /* IO: request id; READY: minor */
	int64_t cd_b;      /* IO: the result; READY: ready XPOLL* bits */
	uint64_t cd_more;  /* results still waiting after this one */
};
struct msg_chr_signal {
	int64_t cg_result; /* 0, or -ENOENT */
	uint64_t cg_sig;
	int64_t cg_pgrp;
	uint64_t cg_more; /* signals still waiting after this one */
};
MSG_PAYLOAD_FITS(struct msg_chr_open);
MSG_PAYLOAD_FITS(struct msg_chr_io);
MSG_PAYLOAD_FITS(struct msg_chr_ioctl);
MSG_PAYLOAD_FITS(struct msg_chr_select);
MSG_PAYLOAD_FITS(struct msg_chr_done);
MSG_PAYLOAD_FITS(struct msg_chr_signal);

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
