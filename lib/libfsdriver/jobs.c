/*
 * Requests on workers (fsdriver.h, fo_workers): each request taken off
 * a ring runs on a libworker worker, so one that waits for the disk
 * sleeps there and the server goes on taking others.  A file system
 * written for one request at a time stays correct because of one
 * reader-writer lock around every callback: the ops that change nothing
 * (lookup, getattr, read, getdents, readlink, statfs) run together,
 * every other op alone.  A request that finds no free worker waits in
 * a queue, in arrival order, and is copied out of its slot again when
 * it starts.
 *
 * A ring that goes while requests of it are on workers (its client
 * died) keeps its mount until they are done; their answers are dropped.
 *
 * Entry points: fsdrv_job_start (from ring.c's serve), fsdrv_jobs_run
 * (main.c, after every event), fsdrv_jobs_forget_later.
 */
#include <libworker/worker.h>
#include <string.h>
#include <xinim/errno.h>
#include "fsdriver_int.h"

struct job {
	bool j_used;
	bool j_async; /* it slept: the answer goes through fsdriver_answer() */
	bool j_excl;
	const struct fsdriver_ops *j_ops;
	struct fsdriver_ring *j_rg;
	struct fsdriver_later j_later;
	struct fsdriver_req j_rq;
	int64_t j_result;
};

struct pending {
	struct fsdriver_ring *p_rg;
	uint64_t p_gen;
	uint32_t p_idx;
};

#define NPENDING (FSDRIVER_RINGS * FS_RING_SLOTS)

static struct job jobs[WORKER_MAX];
static unsigned njobs;
static struct pending pend[NPENDING];
static unsigned pend_head, pend_len;
static const struct fsdriver_ops *job_ops;

/* The lock: readers share, a writer is alone; a waiting writer stops
 * new readers, so writes are not starved. */
static unsigned lk_readers, lk_writers_waiting;
static bool lk_writer;
static const char lk_chan;

bool
fsdriver_op_shares(uint32_t op)
{
	switch (op) {
	case FS_LOOKUP:
	case FS_GETATTR:
	case FS_READ:
	case FS_GETDENTS:
	case FS_READLINK:
	case FS_STATFS:
		return true;
	default:
		return false;
	}
}

/* Whether j must run alone: the server's fo_shares, asked now. */
static bool
job_excl(struct job *j)
{
	/* fo_shares sees the request as the op will (fsdrv_dispatch). */
	j->j_rq.fr_ring = j->j_rg;
	j->j_rq.fr_client = j->j_rg->rg_client;
	j->j_rq.fr_mount = j->j_rg->rg_mount;
	j->j_rq.fr_flags = j->j_rg->rg_flags;
	return j->j_ops->fo_shares != NULL ? !j->j_ops->fo_shares(&j->j_rq) :
	                                     !fsdriver_op_shares(j->j_rq.fr_op);
}

/* Takes the lock for j, shared or alone as fo_shares says when it can
 * be taken (asked again after every wait: what it looks at may change
 * meanwhile, and nothing runs between the last answer and the op). */
static void
lk_take(struct job *j)
{
	bool counted = false; /* in lk_writers_waiting */

	for (;;) {
		bool excl = job_excl(j);
		unsigned others = lk_writers_waiting - (counted ? 1 : 0);

		if (excl ? !lk_writer && lk_readers == 0 : !lk_writer && others == 0) {
			if (counted) {
				lk_writers_waiting--;
			}
			j->j_excl = excl;
			if (excl) {
				lk_writer = true;
			} else {
				lk_readers++;
			}
			return;
		}
		if (excl != counted) {
			lk_writers_waiting += excl ? 1 : -1;
			counted = excl;
		}
		worker_sleep(&lk_chan, 0);
	}
}

static void
lk_give(bool excl)
{
	if (excl) {
		lk_writer = false;
	} else {
		lk_readers--;
	}
	worker_wakeup(&lk_chan);
}

static void
job_run(void *arg)
{
	struct job *j = arg;

	lk_take(j);
	j->j_result = fsdrv_dispatch(j->j_rg, j->j_ops, &j->j_rq);
	lk_give(j->j_excl);
	if (j->j_async) {
		/* Dropped when the ring went meanwhile (its generation). */
		(void)fsdriver_answer(&j->j_later, &j->j_rq, j->j_result);
		j->j_used = false;
	}
}

static struct job *
job_free(const struct fsdriver_ops *ops)
{
	if (njobs == 0) {
		unsigned n = ops->fo_workers > WORKER_MAX ? WORKER_MAX : ops->fo_workers;

		if (worker_init(n, ops->fo_worker_stack != 0 ? ops->fo_worker_stack : 64 * 1024,
		        NULL) != 0) {
			return NULL;
		}
		njobs = n;
		job_ops = ops;
	}
	for (unsigned i = 0; i < njobs; i++) {
		if (!jobs[i].j_used) {
			return &jobs[i];
		}
	}
	return NULL;
}

/* Starts rq (copied, checked) on j.  1: finished (the answer in *j). */
static int
job_begin(struct job *j, struct fsdriver_ring *rg, const struct fsdriver_ops *ops,
    const struct fsdriver_req *rq)
{
	int r;

	j->j_used = true;
	j->j_async = false;
	j->j_ops = ops;
	j->j_rg = rg;
	j->j_rq = *rq;
	j->j_later = (struct fsdriver_later){ rg, rg->rg_gen, rq->fr_slot };
	r = worker_start(job_run, j);
	if (r != 1) {
		j->j_async = true; /* sleeping (r == 0); r < 0 cannot be: one job a worker */
	}
	return r == 1;
}

int
fsdrv_job_start(struct fsdriver_ring *rg, const struct fsdriver_ops *ops, struct fsdriver_req *rq,
    int64_t *result)
{
	struct job *j = pend_len == 0 ? job_free(ops) : NULL;

	if (j == NULL) {
		if (pend_len == NPENDING) {
			*result = -EAGAIN; /* cannot be: a slot is pending once */
			return 1;
		}
		pend[(pend_head + pend_len++) % NPENDING] =
		    (struct pending){ rg, rg->rg_gen, rq->fr_slot };
		return 0;
	}
	if (job_begin(j, rg, ops, rq) == 1) {
		*rq = j->j_rq;
		*result = j->j_result;
		j->j_used = false;
		return 1;
	}
	return 0;
}

/* Forced unmounts waiting for their mount's requests to finish. */
static struct fsdriver_req forgets[FSDRIVER_RINGS];
static bool forget_used[FSDRIVER_RINGS];

static bool
mount_busy(const void *mount)
{
	for (unsigned i = 0; i < njobs; i++) {
		if (jobs[i].j_used && jobs[i].j_rq.fr_mount == mount) {
			return true;
		}
	}
	return false;
}

bool
fsdrv_jobs_forget_later(const struct fsdriver_ring *rg, const struct fsdriver_req *rq)
{
	if (!mount_busy(rq->fr_mount)) {
		return false;
	}
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (!forget_used[i]) {
			forget_used[i] = true;
			forgets[i] = *rq;
			forgets[i].fr_ring = NULL; /* the ring is gone */
			return true;
		}
	}
	return false; /* cannot be: one a ring */
}

/* The forced unmounts whose mounts are idle now. */
static void
forget_idle(void)
{
	for (int i = 0; i < FSDRIVER_RINGS; i++) {
		if (forget_used[i] && !mount_busy(forgets[i].fr_mount)) {
			forget_used[i] = false;
			(void)job_ops->unmount(&forgets[i]);
		}
	}
}

void
fsdrv_jobs_run(void)
{
	bool progress = true;

	if (njobs == 0 || worker_in()) {
		return;
	}
	while (progress) {
		progress = false;
		worker_run();
		while (pend_len > 0) {
			struct pending p = pend[pend_head];
			struct fsdriver_req rq;
			struct job *j = job_free(job_ops);

			if (j == NULL) {
				break;
			}
			pend_head = (pend_head + 1) % NPENDING;
			pend_len--;
			if (!p.p_rg->rg_used || p.p_rg->rg_gen != p.p_gen ||
			    (p.p_rg->rg_later & (1u << p.p_idx)) == 0) {
				continue; /* its ring went */
			}
			progress = true;
			if (fsdrv_ring_take(p.p_rg, p.p_idx, &rq) != 0) {
				fsdriver_answer(&(struct fsdriver_later){ p.p_rg, p.p_gen,
				                    p.p_idx },
				    &rq, -ENAMETOOLONG);
				continue;
			}
			if (job_begin(j, p.p_rg, job_ops, &rq) == 1) {
				fsdriver_answer(&(struct fsdriver_later){ p.p_rg, p.p_gen,
				                    p.p_idx },
				    &j->j_rq, j->j_result);
				j->j_used = false;
			}
		}
	}
	forget_idle();
}
