/*
 * Run-queue and sleep-queue bookkeeping (see kern/runqueue.h).  Lists are
 * doubly linked through t_rq_next/t_rq_prev; each run-queue level also
 * keeps its tail so that appending is O(1).  Pure code: no locks, no
 * hardware, unit-tested on the host.
 */
#include <stddef.h>
#include <kern/runqueue.h>

void
rq_init(struct runqueue *rq)
{
	rq->rq_bitmap = 0;
	for (int i = 0; i < RQ_LEVELS; i++) {
		rq->rq_head[i] = NULL;
		rq->rq_tail[i] = NULL;
	}
	rq->rq_runnable = 0;
	rq->rq_sleepers = NULL;
	rq->rq_sleeping = 0;
}

/* Appending at the tail and picking from the head makes each level a FIFO,
 * which is the round-robin order. */
void
rq_enqueue(struct runqueue *rq, struct thread *t)
{
	int p = t->t_priority;

	t->t_rq_next = NULL;
	t->t_rq_prev = rq->rq_tail[p];
	if (rq->rq_tail[p] != NULL) {
		rq->rq_tail[p]->t_rq_next = t;
	} else {
		rq->rq_head[p] = t;
	}
	rq->rq_tail[p] = t;
	rq->rq_bitmap |= 1u << p;
	rq->rq_runnable++;
}

void
rq_enqueue_head(struct runqueue *rq, struct thread *t)
{
	int p = t->t_priority;

	t->t_rq_prev = NULL;
	t->t_rq_next = rq->rq_head[p];
	if (rq->rq_head[p] != NULL) {
		rq->rq_head[p]->t_rq_prev = t;
	} else {
		rq->rq_tail[p] = t;
	}
	rq->rq_head[p] = t;
	rq->rq_bitmap |= 1u << p;
	rq->rq_runnable++;
}

/* Unlinks t from anywhere in its level; the level's bit goes when the
 * level empties. */
void
rq_remove(struct runqueue *rq, struct thread *t)
{
	int p = t->t_priority;

	if (t->t_rq_prev != NULL) {
		t->t_rq_prev->t_rq_next = t->t_rq_next;
	} else {
		rq->rq_head[p] = t->t_rq_next;
	}
	if (t->t_rq_next != NULL) {
		t->t_rq_next->t_rq_prev = t->t_rq_prev;
	} else {
		rq->rq_tail[p] = t->t_rq_prev;
	}
	t->t_rq_next = NULL;
	t->t_rq_prev = NULL;
	if (rq->rq_head[p] == NULL) {
		rq->rq_bitmap &= ~(1u << p);
	}
	rq->rq_runnable--;
}

int
rq_best_priority(const struct runqueue *rq)
{
	if (rq->rq_bitmap == 0) {
		return -1;
	}
	/* Lowest set bit = numerically smallest = most urgent priority. */
	return __builtin_ctz(rq->rq_bitmap);
}

/* The head of the most urgent non-empty level: one find-first-set. */
struct thread *
rq_pick(struct runqueue *rq)
{
	int p = rq_best_priority(rq);
	struct thread *t;

	if (p < 0) {
		return NULL;
	}
	t = rq->rq_head[p];
	rq_remove(rq, t);
	return t;
}

bool
rq_should_preempt(const struct runqueue *rq, int prio, bool equal_too)
{
	int best = rq_best_priority(rq);

	if (best < 0) {
		return false;
	}
	return best < prio || (equal_too && best == prio);
}

void
sleepq_insert(struct runqueue *rq, struct thread *t)
{
	struct thread *prev = NULL, *cur = rq->rq_sleepers;

	/* Walk past every sleeper due no later than t: FIFO among equals. */
	while (cur != NULL && cur->t_wake_ns <= t->t_wake_ns) {
		prev = cur;
		cur = cur->t_rq_next;
	}
	t->t_rq_prev = prev;
	t->t_rq_next = cur;
	if (cur != NULL) {
		cur->t_rq_prev = t;
	}
	if (prev != NULL) {
		prev->t_rq_next = t;
	} else {
		rq->rq_sleepers = t;
	}
	rq->rq_sleeping++;
}

void
sleepq_remove(struct runqueue *rq, struct thread *t)
{
	if (t->t_rq_prev != NULL) {
		t->t_rq_prev->t_rq_next = t->t_rq_next;
	} else {
		rq->rq_sleepers = t->t_rq_next;
	}
	if (t->t_rq_next != NULL) {
		t->t_rq_next->t_rq_prev = t->t_rq_prev;
	}
	t->t_rq_next = NULL;
	t->t_rq_prev = NULL;
	rq->rq_sleeping--;
}

/* The list is sorted, so only its head can be due. */
struct thread *
sleepq_pop_expired(struct runqueue *rq, uint64_t now)
{
	struct thread *t = rq->rq_sleepers;

	if (t == NULL || t->t_wake_ns > now) {
		return NULL;
	}
	sleepq_remove(rq, t);
	return t;
}

uint64_t
sleepq_next_wake(const struct runqueue *rq)
{
	if (rq->rq_sleepers == NULL) {
		return UINT64_MAX;
	}
	return rq->rq_sleepers->t_wake_ns;
}
