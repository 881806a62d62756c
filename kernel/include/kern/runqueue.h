/*
 * One CPU's run queue and sleep queue: the pure bookkeeping of the
 * scheduler, with no locks and no hardware, so that it is unit-tested on
 * the host (tests/unit/test_runqueue.c).  The caller (sched.c) holds the
 * CPU's scheduler lock around every call.
 *
 * The run queue has one FIFO list per priority level and a 32-bit bitmap
 * with bit p set when level p is non-empty, so the best runnable thread is
 * found with one find-first-set.  The sleep queue is a list sorted by wake
 * time, earliest first.  A thread is in at most one of the two.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/thread.h>

#define RQ_LEVELS THREAD_PRIO_LEVELS

struct runqueue {
	uint32_t rq_bitmap; /* bit p: rq_head[p] != NULL */
	struct thread *rq_head[RQ_LEVELS];
	struct thread *rq_tail[RQ_LEVELS];
	unsigned rq_runnable;       /* threads in the lists */
	struct thread *rq_sleepers; /* sorted by t_wake_ns */
	unsigned rq_sleeping;
};

void rq_init(struct runqueue *rq);

/* Appends t to the end of its priority level (round-robin order). */
void rq_enqueue(struct runqueue *rq, struct thread *t);

/* Puts t at the front of its level: for a thread that was preempted by a
 * more urgent one before its time slice ran out. */
void rq_enqueue_head(struct runqueue *rq, struct thread *t);

/* Removes t, which must be in the run queue. */
void rq_remove(struct runqueue *rq, struct thread *t);

/* The best priority present (0 = most urgent), or -1 when empty. */
int rq_best_priority(const struct runqueue *rq);

/* Removes and returns the first thread of the best level, or NULL. */
struct thread *rq_pick(struct runqueue *rq);

/* True when a runnable thread is more urgent than priority prio, or as
 * urgent when equal_too is set (end of a time slice). */
bool rq_should_preempt(const struct runqueue *rq, int prio, bool equal_too);

/* Inserts t in the sleep queue by t_wake_ns, after others with the same
 * time. */
void sleepq_insert(struct runqueue *rq, struct thread *t);

/* Removes t, which must be in the sleep queue. */
void sleepq_remove(struct runqueue *rq, struct thread *t);

/* Removes and returns the first sleeper whose wake time is <= now, or
 * NULL; call until NULL to collect them all. */
struct thread *sleepq_pop_expired(struct runqueue *rq, uint64_t now);

/* The earliest wake time, or UINT64_MAX when nobody sleeps. */
uint64_t sleepq_next_wake(const struct runqueue *rq);
