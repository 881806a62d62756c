/*
 * KC_ALARM timers.  Each process has at most one alarm, a monotonic
 * deadline in p_alarm_ns (0: none), and the slots with an armed alarm are
 * marked in a bitmap, so that the expiry pass looks only at those.  Both
 * are guarded by ipc_lock, like the notification they turn into.
 *
 * One kernel thread delivers them, started by the first KC_ALARM (a
 * system that never sets one has no such thread).  With no alarm armed it
 * blocks, and arming one wakes it; otherwise it sleeps until the earliest
 * deadline, but never longer than one scheduler tick, so that an alarm
 * armed meanwhile for an earlier time is not missed by more than a tick
 * (a sleeping thread cannot be woken early).  An alarm is delivered once
 * the clock has passed its deadline, never before.
 */
#include <stddef.h>
#include <kern/clock.h>
#include <kern/ipc.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/sched.h>
#include <kern/spinlock.h>
#include <kern/thread.h>
#include "ipc_impl.h"

#define ALARM_WORDS (ENDPOINT_SLOTS / 64)
#define ALARM_POLL_NS (NS_PER_S / SCHED_HZ)
#define ALARM_PRIO 2

static uint64_t alarm_armed[ALARM_WORDS]; /* bit per slot with p_alarm_ns != 0 */
static struct thread *alarm_thread;       /* (ipc_lock) NULL until started */
static bool alarm_idle;                   /* (ipc_lock) it blocks until an alarm is armed */
static int alarm_starting;                /* (atomic) 1 once a caller has taken on the start */

void
ipc_alarm_clear_locked(struct proc *p)
{
	unsigned slot = (unsigned)(p - proc_table);

	p->p_alarm_ns = 0;
	alarm_armed[slot / 64] &= ~(1ULL << (slot % 64));
}

/* Delivers every alarm due at now; returns the earliest deadline left, or
 * 0 when none is armed.  ipc_lock held. */
uint64_t
ipc_alarm_expire_locked(uint64_t now)
{
	uint64_t next = 0;

	for (unsigned w = 0; w < ALARM_WORDS; w++) {
		uint64_t bits = alarm_armed[w];

		while (bits != 0) {
			unsigned slot = w * 64 + (unsigned)__builtin_ctzll(bits);
			struct proc *p = &proc_table[slot];

			bits &= bits - 1;
			if (p->p_alarm_ns <= now) {
				ipc_alarm_clear_locked(p);
				ipc_kernel_notify_locked(p, NOTIFY_ALARM, 0);
			} else if (next == 0 || p->p_alarm_ns < next) {
				next = p->p_alarm_ns;
			}
		}
	}
	return next;
}

static void alarm_main(void *arg);

/* Starts the alarm thread once.  Whoever wins the flag creates it, outside
 * ipc_lock; alarms armed meanwhile are found by its first pass.  After a
 * failure the next KC_ALARM tries again. */
static void
ipc_alarm_start(void)
{
	int expected = 0;
	struct thread *t;
	bool was;

	if (__atomic_load_n(&alarm_starting, __ATOMIC_ACQUIRE) != 0 ||
	    !__atomic_compare_exchange_n(&alarm_starting, &expected, 1, false, __ATOMIC_ACQ_REL,
	        __ATOMIC_ACQUIRE)) {
		return;
	}
	t = thread_create("alarm", alarm_main, NULL, ALARM_PRIO, 0);
	if (t == NULL) {
		pr_err("ipc: cannot create the alarm thread; alarms wait for the next try\n");
		__atomic_store_n(&alarm_starting, 0, __ATOMIC_RELEASE);
		return;
	}
	/* The thread may already have made its first pass and blocked, and
	 * an alarm armed since then found no thread to wake (yet cleared
	 * alarm_idle): wake it once now, so that nothing armed meanwhile is
	 * left waiting for a wake-up that would never come. */
	was = spin_lock_irqsave(&ipc_lock);
	alarm_thread = t;
	thread_wake(t);
	spin_unlock_irqrestore(&ipc_lock, was);
}

uint64_t
ipc_alarm_set(struct proc *p, uint64_t ns)
{
	unsigned slot = (unsigned)(p - proc_table);
	uint64_t now = clock_monotonic_ns(), left = 0;
	bool was, wake = false;

	if (ns != 0) {
		ipc_alarm_start();
	}
	was = spin_lock_irqsave(&ipc_lock);
	/* What the alarm being replaced had left; 1 when it is due but not
	 * yet delivered, so that the caller knows there was one. */
	if (p->p_alarm_ns != 0) {
		left = p->p_alarm_ns > now ? p->p_alarm_ns - now : 1;
	}

	if (ns == 0) {
		ipc_alarm_clear_locked(p);
	} else {
		/* A deadline past the end of time never comes; 0 means none. */
		p->p_alarm_ns = now + ns < now ? UINT64_MAX : now + ns;
		alarm_armed[slot / 64] |= 1ULL << (slot % 64);
		wake = alarm_idle;
		alarm_idle = false;
	}
	if (wake && alarm_thread != NULL) {
		thread_wake(alarm_thread);
	}
	spin_unlock_irqrestore(&ipc_lock, was);
	return left;
}

static void
alarm_main(void *arg)
{
	for (;;) {
		uint64_t now = clock_monotonic_ns(), next;
		bool was = spin_lock_irqsave(&ipc_lock);

		next = ipc_alarm_expire_locked(now);
		alarm_idle = next == 0;
		spin_unlock_irqrestore(&ipc_lock, was);
		if (next == 0) {
			thread_block();
		} else {
			thread_sleep_ns(next - now < ALARM_POLL_NS ? next - now : ALARM_POLL_NS);
		}
	}
}
