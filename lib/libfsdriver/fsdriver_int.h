/*
 * libfsdriver's private declarations: ring.c (one ring: take, check,
 * dispatch, answer; pure, host-tested against a fake area), dispatch.c
 * (the request switch), check.c (pure checks), copy.c (data through the
 * request's grant) and main.c (FS_ATTACH, notifications, dead clients).
 */
#pragma once
#include <libfsdriver/fsdriver.h>
#include <libring/ring.h>

/* One client's ring: its mapped area, our views of its two rings and
 * the mount made on it. */
struct fsdriver_ring {
	bool rg_used;
	uint64_t rg_gen; /* changes with every open */
	endpoint_t rg_client;
	int64_t rg_grant;
	struct fs_shared *rg_sh; /* the mapping */
	struct ring_view rg_sq;  /* we consume */
	struct ring_view rg_cq;  /* we produce */
	bool rg_mounted;
	bool rg_closing;   /* FS_UNMOUNT accepted: close after answering */
	uint32_t rg_flags; /* the mount's XMNT_* */
	void *rg_mount;
	uint32_t rg_busy;     /* slots in service: taken, not yet on fs_cq */
	uint32_t rg_later;    /* deferred: in service until fsdriver_answer() */
	uint32_t rg_unposted; /* answered, waiting for room on fs_cq */
	uint32_t rg_dropped;  /* slot numbers refused (for diagnostics) */
};
_Static_assert(FS_RING_SLOTS <= 32, "slot bitmaps are uint32_t");

/* What fsdrv_ring_drain() asks of its caller. */
#define FSDRV_NOTIFY 1u /* notify the client */
#define FSDRV_CLOSE 2u  /* close the ring (unmounted, or broken) */

/* Sets rg up over a mapped area of client's (rings as the client
 * initialised them) and asks to be notified on submission.  True when
 * entries are already waiting (drain now). */
bool fsdrv_ring_open(struct fsdriver_ring *rg, endpoint_t client, int64_t grant,
    struct fs_shared *area);
/* Serves every waiting slot, then arms the wait flag; FSDRV_* bits. */
unsigned fsdrv_ring_drain(struct fsdriver_ring *rg, const struct fsdriver_ops *ops);
/* A ring going without FS_UNMOUNT: unmount() with fr_forced if it was
 * mounted, then rg is cleared (the caller unmaps first). */
void fsdrv_ring_forget(struct fsdriver_ring *rg, const struct fsdriver_ops *ops);

/* Answers deferred slot idx of rg (checked: in service, deferred) and
 * publishes it; FSDRV_* bits as fsdrv_ring_drain(), or -ENOENT. */
int fsdrv_ring_answer(struct fsdriver_ring *rg, uint32_t idx, const struct fsdriver_req *rq,
    int64_t result);

/* Copies slot idx of rg into rq once and checks its names: 0 or
 * -ENAMETOOLONG. */
int fsdrv_ring_take(struct fsdriver_ring *rg, uint32_t idx, struct fsdriver_req *rq);

/* jobs.c (fo_workers > 0). */
/* Runs rq (taken from slot rq->fr_slot of rg) on a worker.  1: done at
 * once, with rq's answer filled and *result; 0: it sleeps or waits for a
 * worker, and fsdriver_answer() posts it later. */
int fsdrv_job_start(struct fsdriver_ring *rg, const struct fsdriver_ops *ops,
    struct fsdriver_req *rq, int64_t *result);
/* Resumes woken workers and starts waiting requests: after every
 * event. */
void fsdrv_jobs_run(void);
/* rg is going while requests of it are on workers: keeps the forced
 * unmount *rq for when they are done (true), or false when none is. */
bool fsdrv_jobs_forget_later(const struct fsdriver_ring *rg, const struct fsdriver_req *rq);

/* The request switch: rq copied and checked; the op's answer. */
int64_t fsdrv_dispatch(struct fsdriver_ring *rg, const struct fsdriver_ops *ops,
    struct fsdriver_req *rq);
/* Checks names the op uses (-ENAMETOOLONG) and terminates the others. */
int fsdrv_names_check(struct fsdriver_req *rq);
/* fs_rq.io's span [goff, goff + len) for data at off of the request: 0,
 * or -EINVAL (not a data op, beyond fio_len, overflow). */
int fsdrv_io_span(const struct fsdriver_req *rq, uint64_t off, size_t len, uint64_t *goff);
