/*
 * libchardriver's private declarations: the table of finished results
 * (queue.c, pure), the results' glue (done.c), and the seams to the
 * kernel (sys.c), which the host unit test replaces with fakes.
 */
#pragma once
#include <libchardriver/chardriver.h>
#include <stdint.h>

/* One finished result waiting for its caller's CHR_DONE. */
struct cdrv_entry {
	endpoint_t de_to; /* the caller that will fetch it */
	uint32_t de_kind; /* CHR_DONE_IO or CHR_DONE_READY */
	uint64_t de_a;    /* IO: the request id; READY: the minor */
	int64_t de_b;     /* IO: the result; READY: the XPOLL* bits */
};

/* The results of every caller in the order they finished (oldest
 * first); each caller sees its own in that order. */
struct cdrv_queue {
	struct cdrv_entry q_e[CHARDRIVER_DONE_MAX];
	unsigned q_n;
};

/* queue.c */

/* Appends e: how many results e->de_to had waiting before (0: it must be
 * notified), or -ENOSPC when the table is full.  A READY result for a
 * minor that already has one waiting for the same caller is merged into
 * it (its bits or-ed in) and returns that count too. */
int cdrv_queue_push(struct cdrv_queue *q, const struct cdrv_entry *e);
/* Takes to's oldest result into *out and stores in *more how many it
 * still has after it: 0, or -ENOENT when it has none. */
int cdrv_queue_pop(struct cdrv_queue *q, endpoint_t to, struct cdrv_entry *out, uint64_t *more);
/* Drops to's CHR_DONE_IO result of request id: how many were dropped. */
unsigned cdrv_queue_cancel(struct cdrv_queue *q, endpoint_t to, uint64_t id);
/* Drops every result of to (a caller that died): how many. */
unsigned cdrv_queue_drop(struct cdrv_queue *q, endpoint_t to);
/* How many results to has waiting. */
unsigned cdrv_queue_count(const struct cdrv_queue *q, endpoint_t to);

/* done.c: the one table of the process. */
extern struct cdrv_queue cdrv_done;

/* sys.c: ipc_notify() and kc_safecopy_to/from(), as seams. */
int cdrv_notify(endpoint_t to);
int cdrv_safecopy_to(endpoint_t owner, int64_t grant, uint64_t off, const void *src, size_t len);
int cdrv_safecopy_from(endpoint_t owner, int64_t grant, uint64_t off, void *dst, size_t len);
