/*
 * The scheduler's per-CPU state, shared by sched.c (switching and state
 * changes) and sched_cpu.c (set-up, the idle loop, placement, counters).
 * Private to kernel/sched/.
 */
#pragma once
#include <stdbool.h>
#include <arch/percpu.h>
#include <kern/runqueue.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/thread.h>

/*
 * One per CPU, indexed by c_id.  Fields marked (lock) are guarded by
 * sc_lock, always taken with interrupts off; a thread switch happens with
 * it held.  sc_ready and sc_started only go from false to true.
 */
struct sched_cpu {
	struct spinlock sc_lock;
	struct runqueue sc_rq;       /* (lock) runnable and sleeping threads */
	struct thread sc_idle;       /* this CPU's idle thread, never queued */
	struct thread *sc_prev;      /* (lock) the thread being switched from */
	struct thread *sc_dead;      /* (lock) exited, not yet reaped */
	bool sc_ready;               /* sched_init_cpu() ran: may take threads */
	bool sc_started;             /* sched_start() ran: may preempt */
	unsigned sc_load;            /* (atomic) threads living here */
	struct sched_stats sc_stats; /* (lock) */
};

extern struct sched_cpu sched_cpus[MAX_CPUS];

/* The running CPU's scheduler.  Stable in thread context too, since
 * threads never migrate. */
static inline struct sched_cpu *
sched_here(void)
{
	return &sched_cpus[this_cpu()->c_id];
}

/* Puts the current thread where its state says and runs the most urgent
 * runnable thread (sched.c).  sc_lock held, interrupts off; returns, lock
 * held, when the current thread next runs. */
void sched_switch(struct sched_cpu *sc, bool preempted);
