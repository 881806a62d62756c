/*
 * Kernel threads (see kern/thread.h): creation, exit and reaping.  The
 * state changes themselves (block, wake, sleep, yield) are the scheduler's
 * (sched.c); this file owns a thread's memory.
 *
 * A thread's record and stack are freed neither by the thread itself (it
 * cannot free the stack it runs on) nor at the moment of the switch away
 * from it: the switch files it on its CPU's dead list, and thread_reap(),
 * run by that CPU's idle loop and by thread_create(), frees it later.
 * Reaping on the thread's own CPU means no other CPU ever touched its
 * stack mapping.
 */
#include <stddef.h>
#include <arch/context.h>
#include <arch/paging.h>
#include <kern/clock.h>
#include <kern/heap.h>
#include <kern/sched.h>
#include <kern/string.h>
#include <kern/thread.h>

static uint64_t thread_next_id = 1; /* (atomic) */
static unsigned thread_live;        /* (atomic) created, not reaped */

struct thread *
thread_create(const char *name, void (*fn)(void *), void *arg, int prio, int cpu)
{
	struct thread *t;
	void *stack;

	if (prio < THREAD_PRIO_HIGHEST || prio >= THREAD_PRIO_IDLE || fn == NULL) {
		return NULL;
	}
	thread_reap();
	cpu = sched_choose_cpu(cpu);
	if (cpu < 0) {
		return NULL;
	}
	t = kmalloc(sizeof(*t));
	if (t == NULL) {
		return NULL;
	}
	stack = kstack_alloc(THREAD_STACK_SIZE);
	if (stack == NULL) {
		goto fail_record;
	}
	memset(t, 0, sizeof(*t));
	strlcpy(t->t_name, name, sizeof(t->t_name));
	t->t_id = __atomic_fetch_add(&thread_next_id, 1, __ATOMIC_RELAXED);
	t->t_priority = prio;
	t->t_cpu = cpu;
	t->t_fn = fn;
	t->t_arg = arg;
	t->t_stack_top = stack;
	t->t_ctx = context_init(stack, fn, arg);
	__atomic_fetch_add(&thread_live, 1, __ATOMIC_RELAXED);
	sched_add(t);
	return t;

fail_record:
	kfree(t);
	return NULL;
}

void
thread_exit(void)
{
	sched_exit();
}

void
thread_sleep_ns(uint64_t ns)
{
	if (ns == 0) {
		sched_yield();
		return;
	}
	sched_sleep_until(clock_monotonic_ns() + ns);
}

void
thread_yield(void)
{
	sched_yield();
}

void
thread_block(void)
{
	sched_block();
}

void
thread_wake(struct thread *t)
{
	sched_wake(t);
}

struct thread *
thread_current(void)
{
	return sched_current();
}

unsigned
thread_reap(void)
{
	struct thread *t = sched_take_dead(), *next;
	unsigned n = 0;

	for (; t != NULL; t = next) {
		next = t->t_dead_next;
		kstack_free(t->t_stack_top, THREAD_STACK_SIZE);
		kfree(t);
		__atomic_fetch_sub(&thread_live, 1, __ATOMIC_RELAXED);
		n++;
	}
	return n;
}

unsigned
thread_count(void)
{
	return __atomic_load_n(&thread_live, __ATOMIC_RELAXED);
}
