/*
 * The scheduler (see kern/sched.h): per-CPU run queues, the switch between
 * threads, the timer tick that wakes sleepers and ends time slices, and the
 * wake-up path that pokes other CPUs.
 *
 * Each CPU has a struct sched_cpu guarded by sc_lock.  Every path that
 * switches threads takes that lock with interrupts off and calls
 * sched_switch(); the thread switched to releases the lock, either where its
 * own earlier sched_switch() returns or, for a new thread, in
 * sched_thread_entry().  Threads never leave their CPU, so a thread always
 * finds the same sched_cpu when it resumes.
 */
#include <stddef.h>
#include <arch/context.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <kern/clock.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/printf.h>
#include <kern/runqueue.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/string.h>
#include <kern/thread.h>
#include "sched_cpu.h"

struct sched_cpu sched_cpus[MAX_CPUS];

static bool sched_make_runnable(struct sched_cpu *sc, struct thread *t);

/*
 * Called on the new thread's stack right after a switch, lock held: files
 * the thread just left on the dead list if it exited.  Its stack is no
 * longer in use, so it can be freed from now on.
 */
static void
sched_finish_switch(struct sched_cpu *sc)
{
	struct thread *prev = sc->sc_prev;

	sc->sc_prev = NULL;
	if (prev != NULL && prev->t_state == THREAD_DEAD) {
		prev->t_dead_next = sc->sc_dead;
		sc->sc_dead = prev;
	}
}

/*
 * The switch itself, shared by sched_switch() and the direct hand-over:
 * cur, the running thread, gives this CPU to next (already marked
 * running).  Returns, lock held, when cur next runs.
 */
static void
sched_switch_from(struct sched_cpu *sc, struct thread *cur, struct thread *next)
{
	sc->sc_stats.ss_switches++;
	next->t_runs++;
	sc->sc_prev = cur;
	this_cpu()->c_current = next;
	arch_sched_switch(next);
	context_switch(&cur->t_ctx, next->t_ctx);
	sched_finish_switch(sched_here());
}

/*
 * Puts the current thread where its state says, picks the most urgent
 * runnable thread (the idle thread if none) and switches to it.  Lock held,
 * interrupts off; returns, lock held, when the current thread next runs.
 * A preempted thread that still has time left keeps its place at the head
 * of its level; otherwise it goes to the tail with a fresh slice.
 */
void
sched_switch(struct sched_cpu *sc, bool preempted)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->c_current, *next;

	if (cur->t_state == THREAD_RUNNING) {
		cur->t_state = THREAD_RUNNABLE;
		if (cur == &sc->sc_idle) {
			/* The idle thread is the fallback, never queued. */
		} else if (preempted && cur->t_slice > 0) {
			rq_enqueue_head(&sc->sc_rq, cur);
		} else {
			cur->t_slice = SCHED_SLICE_TICKS;
			rq_enqueue(&sc->sc_rq, cur);
		}
	}
	next = rq_pick(&sc->sc_rq);
	if (next == NULL) {
		next = &sc->sc_idle;
	}
	next->t_state = THREAD_RUNNING;
	if (next == cur) {
		return;
	}
	if (preempted) {
		sc->sc_stats.ss_preemptions++;
	}
	sched_switch_from(sc, cur, next);
}

/*
 * The direct switch behind sched_switch_to() and sched_yield_to(): cur,
 * whose state the caller has set, gives the CPU to next, which must be
 * blocked on this CPU, with no run-queue pass.  next takes over what is
 * left of cur's time slice (cur keeps none), so that two threads handing
 * the CPU back and forth share one slice instead of starving their
 * equals.  Lock held.
 */
static void
sched_switch_direct(struct sched_cpu *sc, struct thread *cur, struct thread *next)
{
	next->t_state = THREAD_RUNNING;
	next->t_slice = cur->t_slice > 0 ? cur->t_slice : 1;
	cur->t_slice = 0;
	sched_switch_from(sc, cur, next);
}

/* Blocks cur, the running thread, unless a wake is already pending for
 * it (which is then used up).  Lock held. */
static void
sched_block_locked(struct sched_cpu *sc, struct thread *cur)
{
	if (cur->t_wake_pending) {
		cur->t_wake_pending = false;
	} else {
		cur->t_state = THREAD_BLOCKED;
		sched_switch(sc, false);
	}
}

/* Whether t may be switched to directly from the running thread: blocked
 * on this CPU, and no runnable thread more urgent than it.  Lock held. */
static bool
sched_can_direct(struct sched_cpu *sc, struct thread *t)
{
	int best = rq_best_priority(&sc->sc_rq);

	if (t->t_cpu != (int)this_cpu()->c_id || t->t_state != THREAD_BLOCKED) {
		return false;
	}
	return best < 0 || best >= t->t_priority;
}

/* thread_wake(t) with this CPU's lock already held, for a t of this CPU. */
static void
sched_wake_local(struct sched_cpu *sc, struct thread *t)
{
	if (t->t_state == THREAD_BLOCKED) {
		sched_make_runnable(sc, t);
	} else if (t->t_state != THREAD_DEAD) {
		t->t_wake_pending = true;
	}
}

void
sched_switch_to(struct thread *t)
{
	bool was = irq_save();
	struct sched_cpu *sc = sched_here();
	struct thread *cur = this_cpu()->c_current;

	KASSERT(cur != &sc->sc_idle && t != cur);
	if (t->t_cpu != (int)this_cpu()->c_id) {
		irq_restore(was);
		sched_wake(t);
		sched_block();
		return;
	}
	spin_lock(&sc->sc_lock);
	if (!cur->t_wake_pending && sched_can_direct(sc, t)) {
		cur->t_state = THREAD_BLOCKED;
		sched_switch_direct(sc, cur, t);
	} else {
		/* The general way: wake t, then block unless a wake is pending. */
		sched_wake_local(sc, t);
		sched_block_locked(sc, cur);
	}
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
}

void
sched_yield_to(struct thread *t)
{
	bool was = irq_save();
	struct sched_cpu *sc = sched_here();
	struct thread *cur = this_cpu()->c_current;

	KASSERT(cur != &sc->sc_idle && t != cur);
	if (t->t_cpu != (int)this_cpu()->c_id) {
		irq_restore(was);
		sched_wake(t);
		return;
	}
	spin_lock(&sc->sc_lock);
	if (sched_can_direct(sc, t)) {
		/* cur keeps its place, at the head of its level. */
		cur->t_state = THREAD_RUNNABLE;
		rq_enqueue_head(&sc->sc_rq, cur);
		sched_switch_direct(sc, cur, t);
	} else {
		sched_wake_local(sc, t);
	}
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
}

/* A new thread's first C code (from context_thread_start): it finishes
 * the switch that started it, as sched_switch() would have on return. */
void
sched_thread_entry(void)
{
	struct sched_cpu *sc = sched_here();

	sched_finish_switch(sc);
	spin_unlock(&sc->sc_lock);
}

/* Makes t runnable on its CPU; lock of that CPU held.  Returns whether t
 * should run before what that CPU runs now. */
static bool
sched_make_runnable(struct sched_cpu *sc, struct thread *t)
{
	t->t_state = THREAD_RUNNABLE;
	t->t_slice = SCHED_SLICE_TICKS;
	rq_enqueue(&sc->sc_rq, t);
	sc->sc_stats.ss_wakeups++;
	return t->t_priority < cpus[t->t_cpu]->c_current->t_priority;
}

/*
 * Gets CPU cpu to reconsider what it runs, after a more urgent thread was
 * made runnable there.  Interrupts off.  Locally this is a self-IPI, so the
 * switch happens as soon as the caller's interrupt state and any interrupt
 * handler in progress allow it.
 */
static void
sched_kick(unsigned cpu)
{
	struct sched_cpu *sc = &sched_cpus[cpu];

	if (!__atomic_load_n(&sc->sc_started, __ATOMIC_ACQUIRE)) {
		return;
	}
	__atomic_fetch_add(&sc->sc_stats.ss_ipis, 1, __ATOMIC_RELAXED);
	arch_sched_kick(cpu);
}

/*
 * Takes the lock of t's CPU, which may be another one: only that lock
 * guards t's state.  A thread that is not blocked keeps the wake for its
 * next sched_block().  The kick waits until the lock is dropped, so that an
 * IPI never makes another CPU spin on a lock held here.
 */
void
sched_wake(struct thread *t)
{
	struct sched_cpu *sc = &sched_cpus[t->t_cpu];
	bool was = irq_save();
	bool kick = false;

	spin_lock(&sc->sc_lock);
	if (t->t_state == THREAD_BLOCKED) {
		kick = sched_make_runnable(sc, t);
	} else if (t->t_state != THREAD_DEAD) {
		t->t_wake_pending = true;
	}
	spin_unlock(&sc->sc_lock);
	if (kick) {
		sched_kick((unsigned)t->t_cpu);
	}
	irq_restore(was);
}

/* Queues a new thread on its CPU; like a wake-up from nowhere. */
void
sched_add(struct thread *t)
{
	struct sched_cpu *sc = &sched_cpus[t->t_cpu];
	bool was = irq_save();
	bool kick;

	__atomic_fetch_add(&sc->sc_load, 1, __ATOMIC_RELAXED);
	spin_lock(&sc->sc_lock);
	sc->sc_stats.ss_threads++;
	kick = sched_make_runnable(sc, t);
	spin_unlock(&sc->sc_lock);
	if (kick) {
		sched_kick((unsigned)t->t_cpu);
	}
	irq_restore(was);
}

/* The running thread goes to the tail of its level (sched_switch() does
 * that for a RUNNING thread that was not preempted). */
void
sched_yield(void)
{
	bool was = irq_save();
	struct sched_cpu *sc = sched_here();

	spin_lock(&sc->sc_lock);
	sched_switch(sc, false);
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
}

/* Consumes a pending wake, or blocks until sched_wake(); both checked under
 * the lock that sched_wake() takes, so no wake is lost in between. */
void
sched_block(void)
{
	bool was = irq_save();
	struct sched_cpu *sc = sched_here();
	struct thread *cur = this_cpu()->c_current;

	KASSERT(cur != &sc->sc_idle);
	spin_lock(&sc->sc_lock);
	sched_block_locked(sc, cur);
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
}

/* Sleeps in this CPU's sleep queue until a tick finds wake_ns passed. */
void
sched_sleep_until(uint64_t wake_ns)
{
	bool was = irq_save();
	struct sched_cpu *sc = sched_here();
	struct thread *cur = this_cpu()->c_current;

	KASSERT(cur != &sc->sc_idle);
	spin_lock(&sc->sc_lock);
	cur->t_wake_ns = wake_ns;
	cur->t_state = THREAD_SLEEPING;
	sleepq_insert(&sc->sc_rq, cur);
	sched_switch(sc, false);
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
}

/* Marks the thread dead and switches away for good; the next thread files
 * it on the dead list (sched_finish_switch()). */
void
sched_exit(void)
{
	struct sched_cpu *sc;
	struct thread *cur;

	irq_disable();
	sc = sched_here();
	cur = this_cpu()->c_current;
	KASSERT(cur != &sc->sc_idle);
	spin_lock(&sc->sc_lock);
	cur->t_state = THREAD_DEAD;
	sc->sc_stats.ss_threads--;
	__atomic_fetch_sub(&sc->sc_load, 1, __ATOMIC_RELAXED);
	sched_switch(sc, false);
	panic("sched: exited thread %s was resumed", cur->t_name);
}

/* Takes this CPU's list of exited threads (linked by t_dead_next).  The
 * unlocked peek keeps the idle loop's frequent calls cheap; a thread that
 * dies just after it is found by the next call. */
struct thread *
sched_take_dead(void)
{
	struct sched_cpu *sc;
	struct thread *list;
	bool was = irq_save();

	sc = sched_here();
	if (__atomic_load_n(&sc->sc_dead, __ATOMIC_RELAXED) == NULL) {
		irq_restore(was);
		return NULL;
	}
	spin_lock(&sc->sc_lock);
	list = sc->sc_dead;
	sc->sc_dead = NULL;
	spin_unlock(&sc->sc_lock);
	irq_restore(was);
	return list;
}

/*
 * Every timer tick, in the interrupt handler: wakes the sleepers that are
 * due, charges the tick to the running thread's slice, and switches when a
 * more urgent thread is runnable or the slice ran out with another thread
 * of the same priority waiting.
 */
void
sched_tick(void)
{
	struct cpu *c = this_cpu();
	struct sched_cpu *sc = &sched_cpus[c->c_id];
	struct thread *t, *cur;
	uint64_t now;

	if (!sc->sc_ready) {
		return;
	}
	c->c_ticks++;
	now = clock_monotonic_ns();
	spin_lock(&sc->sc_lock);
	sc->sc_stats.ss_ticks++;
	while ((t = sleepq_pop_expired(&sc->sc_rq, now)) != NULL) {
		sched_make_runnable(sc, t);
	}
	cur = c->c_current;
	if (cur == &sc->sc_idle) {
		sc->sc_stats.ss_idle_ticks++;
	} else if (cur->t_slice > 0) {
		cur->t_slice--;
	}
	if (sc->sc_started &&
	    rq_should_preempt(&sc->sc_rq, cur->t_priority,
	        cur->t_slice == 0 && cur != &sc->sc_idle)) {
		sched_switch(sc, true);
	} else if (cur->t_slice == 0) {
		/* Nobody else at this level: another slice of the same. */
		cur->t_slice = SCHED_SLICE_TICKS;
	}
	spin_unlock(&sc->sc_lock);
}

/* The reschedule IPI: some thread more urgent than ours may have been
 * made runnable here. */
void
sched_preempt(void)
{
	struct sched_cpu *sc = sched_here();
	struct thread *cur;

	if (!sc->sc_ready) {
		return;
	}
	spin_lock(&sc->sc_lock);
	cur = this_cpu()->c_current;
	if (sc->sc_started && rq_should_preempt(&sc->sc_rq, cur->t_priority, false)) {
		sched_switch(sc, true);
	}
	spin_unlock(&sc->sc_lock);
}
