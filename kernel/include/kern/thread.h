/*
 * Kernel threads.  A thread is a kernel stack (with an unmapped guard page
 * below it), a saved register context and a place in its CPU's scheduler.
 * Each thread stays on the CPU chosen when it was created; the scheduler
 * (kern/sched.h) runs the highest-priority runnable thread of each CPU and
 * round-robins threads of equal priority.
 *
 * Priorities go from 0 (most urgent) to 31 (reserved for the idle threads).
 * A thread runs with interrupts enabled and may be preempted whenever they
 * are; code that holds a spinlock another thread could want must hold it
 * with interrupts off (spin_lock_irqsave), which also keeps it on its CPU.
 * The calls that wait (thread_sleep_ns, thread_yield, thread_block,
 * thread_exit) must not be made with a spinlock held, nor from an
 * interrupt handler or an idle thread.
 *
 * This header is host-safe: the run-queue logic that uses struct thread is
 * unit-tested on the host.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define THREAD_PRIO_HIGHEST 0
#define THREAD_PRIO_DEFAULT 16
#define THREAD_PRIO_IDLE 31
#define THREAD_PRIO_LEVELS 32
#define THREAD_NAME_MAX 24
#define THREAD_STACK_SIZE 16384

enum thread_state {
	THREAD_RUNNABLE, /* in its CPU's run queue */
	THREAD_RUNNING,  /* some CPU's c_current */
	THREAD_BLOCKED,  /* waits for thread_wake() */
	THREAD_SLEEPING, /* in its CPU's sleep queue until t_wake_ns */
	THREAD_DEAD,     /* exited; its stack is freed by thread_reap() */
};

struct context;
struct proc;

/*
 * Fields marked (rq) change only under the lock of the thread's CPU's
 * scheduler; the others are fixed at creation or touched only by the thread
 * itself.
 */
struct thread {
	char t_name[THREAD_NAME_MAX];
	uint64_t t_id;             /* unique, never reused */
	enum thread_state t_state; /* (rq) */
	int t_priority;            /* 0 .. THREAD_PRIO_IDLE */
	int t_cpu;                 /* c_id of the CPU it runs on */
	struct context *t_ctx;     /* saved registers while not running */
	void *t_stack_top;         /* from kstack_alloc(); NULL for idle */
	void (*t_fn)(void *);
	void *t_arg;
	struct thread *t_rq_next;   /* (rq) run-queue or sleep-queue links */
	struct thread *t_rq_prev;   /* (rq) */
	uint64_t t_wake_ns;         /* (rq) monotonic time to wake up at */
	unsigned t_slice;           /* (rq) ticks left in its time slice */
	bool t_wake_pending;        /* (rq) woken while not yet blocked */
	struct thread *t_dead_next; /* link in the list of exited threads */
	uint64_t t_runs;            /* (rq) times switched to */
	struct proc *t_proc;        /* the process it runs in ring 3; NULL: a kernel thread.
	                             * Set by the thread itself, interrupts off. */
};

/*
 * Creates a thread that runs fn(arg) with interrupts enabled and exits when
 * fn returns.  prio is 0 .. 30; cpu is the c_id of an online CPU, or -1 for
 * the least loaded one.  The thread is runnable on return.  The pointer
 * stays valid until the thread exits; keep it no longer.  Returns NULL when
 * out of memory or when prio or cpu is out of range.
 */
struct thread *thread_create(const char *name, void (*fn)(void *), void *arg, int prio, int cpu);

/* Ends the calling thread.  Its stack is freed later by thread_reap(). */
__attribute__((noreturn)) void thread_exit(void);

/* Sleeps at least ns nanoseconds (rounded up to the next timer tick). */
void thread_sleep_ns(uint64_t ns);

/* Lets other threads of the same or higher priority run first. */
void thread_yield(void);

/* Waits until some other context calls thread_wake() on this thread.  A
 * wake that came before the block is remembered: thread_block() then
 * returns at once.  So "set flag; wake" against "while (!flag) block" never
 * loses a wake-up. */
void thread_block(void);

/* Makes t runnable if it is blocked, or remembers the wake for its next
 * thread_block().  Callable from any CPU and from interrupt handlers. */
void thread_wake(struct thread *t);

/* The running thread of this CPU. */
struct thread *thread_current(void);

/* Frees the stacks and records of exited threads; returns how many.  The
 * idle loop and thread_create() call it; tests call it to count memory. */
unsigned thread_reap(void);

/* Threads created and not yet reaped (idle threads excluded). */
unsigned thread_count(void);
