/*
 * The scheduler: one run queue per CPU with 32 priority levels, always
 * running the most urgent runnable thread of the CPU; threads of equal
 * priority share the CPU in time slices of SCHED_SLICE_MS, enforced by the
 * local APIC timer tick.  Waking a thread on another CPU that should run
 * before what that CPU runs now sends it a reschedule IPI.
 *
 * Threads never migrate: each stays on the CPU thread_create() chose.  All
 * of a CPU's scheduling state is guarded by its scheduler lock, taken with
 * interrupts off; a thread switch happens with that lock held and the new
 * thread releases it.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

struct thread;
struct cpu;

#define SCHED_HZ 200
#define SCHED_SLICE_MS 10
#define SCHED_SLICE_TICKS ((SCHED_SLICE_MS * SCHED_HZ + 999) / 1000)

struct sched_stats {
	uint64_t ss_ticks;       /* timer ticks taken */
	uint64_t ss_idle_ticks;  /* ticks that found the idle thread */
	uint64_t ss_switches;    /* thread switches */
	uint64_t ss_preemptions; /* switches forced by a tick or an IPI */
	uint64_t ss_wakeups;     /* threads made runnable */
	uint64_t ss_ipis;        /* reschedule IPIs sent to this CPU */
	unsigned ss_threads;     /* threads living on this CPU, idle excluded */
	unsigned ss_runnable;    /* in the run queue now */
};

/* Sets up the boot CPU's scheduler.  The calling context becomes the boot
 * CPU's idle thread (it keeps running kmain until sched_start()).  Needs
 * per-CPU data, the heap, the local APIC and the monotonic clock. */
void sched_init(void);

/* The same for an application processor, called on it before it marks
 * itself online. */
void sched_init_cpu(void);

/* Starts this CPU's timer tick and becomes its idle thread: reaps exited
 * threads and halts with interrupts on whenever nothing is runnable. */
__attribute__((noreturn)) void sched_start(void);

/* The running thread's name ("idle" before sched_init()); for fault
 * reports, so safe from any context. */
const char *sched_current_name(void);

/* A copy of CPU cpu's counters; false if there is no such CPU. */
bool sched_stats(unsigned cpu, struct sched_stats *out);

/* Prints the "sched: N CPUs, HZ Hz tick, 32 priorities" summary line. */
void sched_report(void);

/* Called by the architecture's handlers with interrupts off, after EOI:
 * sched_tick() on every timer tick, sched_preempt() on a reschedule IPI.
 * Either may switch threads before returning. */
void sched_tick(void);
void sched_preempt(void);

/*
 * Direct hand-over, for the IPC fast path (kernel/ipc/fastpath.c).  Both
 * run thread t, which should be blocked on this CPU, at once in place of
 * the calling thread, without a pass through the run queue (t takes over
 * the rest of the caller's time slice), as long as no runnable thread is
 * more urgent than t.  Otherwise, or when t is on another CPU or not
 * blocked, they fall back to the ordinary thread_wake(t).
 *
 * sched_switch_to() then blocks the caller, exactly as thread_block()
 * (a wake already pending for it makes it return at once); sched_yield_to()
 * leaves it runnable at the head of its level.  Call without spinlocks,
 * interrupts on or off.
 */
void sched_switch_to(struct thread *t);
void sched_yield_to(struct thread *t);

/*
 * For thread.c only: the state changes behind the thread_* calls.  Each
 * takes and releases the scheduler lock of the thread's CPU itself.
 */
int sched_choose_cpu(int cpu);
void sched_add(struct thread *t);
void sched_yield(void);
void sched_block(void);
void sched_sleep_until(uint64_t wake_ns);
__attribute__((noreturn)) void sched_exit(void);
void sched_wake(struct thread *t);
struct thread *sched_current(void);
/* Takes this CPU's exited threads, linked by t_dead_next. */
struct thread *sched_take_dead(void);

/* Called from context_thread_start on a new thread's first run. */
void sched_thread_entry(void);
