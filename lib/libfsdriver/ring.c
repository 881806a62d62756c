/*
 * One ring of one client: take slot numbers from fs_sq, copy each slot
 * out once, check it, dispatch, write the answer back and put the number
 * on fs_cq.  Nothing read from the shared area is used before it is in
 * private memory; a number out of range or already in service is
 * dropped.  No IPC here (the caller notifies and unmaps), so the host
 * tests run it over a fake area.
 */
#include <string.h>
#include <xinim/errno.h>
#include "fsdriver_int.h"

/* The private copy of the request being served: one at a time. */
static struct fsdriver_req cur;
static uint64_t next_gen = 1;

bool
fsdrv_ring_open(struct fsdriver_ring *rg, endpoint_t client, int64_t grant, struct fs_shared *area)
{
	memset(rg, 0, sizeof(*rg));
	rg->rg_used = true;
	rg->rg_client = client;
	rg->rg_grant = grant;
	rg->rg_sh = area;
	rg->rg_gen = next_gen++;
	ring_attach(&rg->rg_sq, area->fs_sq, FS_RING_SLOTS, sizeof(uint32_t), false, false);
	ring_attach(&rg->rg_cq, area->fs_cq, FS_RING_SLOTS, sizeof(uint32_t), true, false);
	return !ring_cons_idle(&rg->rg_sq);
}

/* Writes rq's answer into slot idx. */
static void
write_answer(struct fsdriver_ring *rg, uint32_t idx, const struct fsdriver_req *rq, int64_t r)
{
	volatile struct fs_slot *s = &rg->rg_sh->fs_slots[idx];

	if (rq->fr_op == FS_READLINK && r > 0) {
		if (r > (int64_t)sizeof(rq->fr_out2)) {
			r = -EIO; /* a file system bug; never copy past the array */
		} else {
			memcpy((void *)s->fs_name2, rq->fr_out2, (size_t)r);
		}
	}
	memcpy((void *)&s->fs_rp, &rq->fr_rp, sizeof(rq->fr_rp));
	memcpy((void *)&s->fs_attr, &rq->fr_attr, sizeof(rq->fr_attr));
	s->fs_result = r;
}

int
fsdrv_ring_take(struct fsdriver_ring *rg, uint32_t idx, struct fsdriver_req *rq)
{
	volatile struct fs_slot *s = &rg->rg_sh->fs_slots[idx];

	memset(rq, 0, sizeof(*rq));
	rq->fr_op = s->fs_op;
	rq->fr_slot = idx;
	memcpy(&rq->fr_rq, (const void *)&s->fs_rq, sizeof(rq->fr_rq));
	memcpy(&rq->fr_attr_in, (const void *)&s->fs_attr, sizeof(rq->fr_attr_in));
	memcpy(rq->fr_name, (const void *)s->fs_name, sizeof(rq->fr_name));
	memcpy(rq->fr_name2, (const void *)s->fs_name2, sizeof(rq->fr_name2));
	return fsdrv_names_check(rq);
}

/* Copies slot idx out, serves it and writes the answer into the slot;
 * false when the file system deferred it (or, with workers, it waits on
 * one or for one). */
static bool
serve(struct fsdriver_ring *rg, const struct fsdriver_ops *ops, uint32_t idx)
{
	int64_t r = fsdrv_ring_take(rg, idx, &cur);

	if (r == 0 && ops->fo_workers > 0) {
		if (fsdrv_job_start(rg, ops, &cur, &r) == 0) {
			rg->rg_later |= 1u << idx;
			return false;
		}
	} else if (r == 0) {
		r = fsdrv_dispatch(rg, ops, &cur);
	}
	if (cur.fr_deferred) {
		rg->rg_later |= 1u << idx;
		return false;
	}
	write_answer(rg, idx, &cur, r);
	return true;
}

/* Puts answered slots on fs_cq while there is room. */
static void
post(struct fsdriver_ring *rg)
{
	while (rg->rg_unposted != 0) {
		uint32_t idx = (uint32_t)__builtin_ctz(rg->rg_unposted);
		uint32_t *e = ring_prod_next(&rg->rg_cq);

		if (e == NULL) {
			return;
		}
		*e = idx;
		rg->rg_unposted &= ~(1u << idx);
		rg->rg_busy &= ~(1u << idx);
	}
}

unsigned
fsdrv_ring_drain(struct fsdriver_ring *rg, const struct fsdriver_ops *ops)
{
	unsigned out = 0;

	/* Each pass serves all that waits; another pass only when more came
	 * while we armed the wait flag. */
	for (;;) {
		const volatile uint32_t *e;

		post(rg);
		while (!rg->rg_closing && (e = ring_cons_next(&rg->rg_sq)) != NULL) {
			uint32_t idx = *e; /* read once */

			if (idx >= FS_RING_SLOTS || (rg->rg_busy & (1u << idx)) != 0) {
				rg->rg_dropped++;
				continue;
			}
			rg->rg_busy |= 1u << idx;
			if (serve(rg, ops, idx)) {
				rg->rg_unposted |= 1u << idx;
				post(rg);
			}
		}
		if (ring_prod_commit(&rg->rg_cq)) {
			out |= FSDRV_NOTIFY;
		}
		if (ring_cons_commit(&rg->rg_sq)) {
			out |= FSDRV_NOTIFY; /* it waits for room on fs_sq */
		}
		if (rg->rg_closing || rg->rg_sq.rv_broken || rg->rg_cq.rv_broken) {
			return out | FSDRV_CLOSE;
		}
		/* No room for answers: sleep until the client takes some. */
		if (rg->rg_unposted != 0 && ring_prod_idle(&rg->rg_cq)) {
			(void)ring_cons_idle(&rg->rg_sq);
			return out;
		}
		if (rg->rg_unposted == 0 && ring_cons_idle(&rg->rg_sq)) {
			return out;
		}
	}
}

int
fsdrv_ring_answer(struct fsdriver_ring *rg, uint32_t idx, const struct fsdriver_req *rq,
    int64_t result)
{
	unsigned out = 0;

	if (!rg->rg_used || idx >= FS_RING_SLOTS || (rg->rg_later & (1u << idx)) == 0) {
		return -ENOENT;
	}
	rg->rg_later &= ~(1u << idx);
	write_answer(rg, idx, rq, result);
	rg->rg_unposted |= 1u << idx;
	post(rg);
	if (ring_prod_commit(&rg->rg_cq)) {
		out |= FSDRV_NOTIFY;
	}
	if (rg->rg_cq.rv_broken) {
		out |= FSDRV_CLOSE;
	}
	return (int)out;
}

void
fsdrv_ring_forget(struct fsdriver_ring *rg, const struct fsdriver_ops *ops)
{
	if (rg->rg_mounted && !rg->rg_closing && ops->unmount != NULL) {
		memset(&cur, 0, sizeof(cur));
		cur.fr_op = FS_UNMOUNT;
		cur.fr_ring = rg;
		cur.fr_client = rg->rg_client;
		cur.fr_mount = rg->rg_mount;
		cur.fr_flags = rg->rg_flags;
		cur.fr_forced = true;
		/* With requests of it still on workers, the mount goes when
		 * they are done. */
		if (ops->fo_workers == 0 || !fsdrv_jobs_forget_later(rg, &cur)) {
			(void)ops->unmount(&cur);
		}
	}
	memset(rg, 0, sizeof(*rg));
}
