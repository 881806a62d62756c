/*
 * Saved kernel register context of a thread that is not running, and the
 * switch between two threads (switch.S).
 *
 * A thread's context lives on its own stack: context_switch() pushes the
 * callee-saved registers there and stores the stack pointer, which is what
 * a struct context pointer is.  Everything else (caller-saved registers,
 * the interrupt flag) is already saved by whoever called into the
 * scheduler, so the switch is a plain function call for both sides.
 */
#pragma once
#include <stdint.h>

/* As laid out on the stack, lowest address first. */
struct context {
	uint64_t cx_r15;
	uint64_t cx_r14;
	uint64_t cx_r13;
	uint64_t cx_r12;
	uint64_t cx_rbx;
	uint64_t cx_rbp;
	uint64_t cx_rip; /* where context_switch() returns to */
};

/* Saves the running context in *old and resumes new.  Returns when some
 * later context_switch() resumes *old.  Called with interrupts off. */
void context_switch(struct context **old, struct context *new);

/* The first code of every new thread (switch.S): finishes the switch that
 * started it (sched_thread_entry()), enables interrupts, calls fn(arg) from
 * r12 and r13, then thread_exit(). */
void context_thread_start(void);

/*
 * Builds the first context of a thread on the stack whose top (highest
 * address, 16-byte aligned) is stack_top, so that switching to it enters
 * context_thread_start() with fn and arg.  The frame is placed so that the
 * stack is 16-byte aligned after the final `ret`, as the ABI expects just
 * before a call.
 */
static inline struct context *
context_init(void *stack_top, void (*fn)(void *), void *arg)
{
	struct context *cx = (struct context *)((uintptr_t)stack_top - 72);

	cx->cx_r15 = 0;
	cx->cx_r14 = 0;
	cx->cx_r13 = (uint64_t)(uintptr_t)arg;
	cx->cx_r12 = (uint64_t)(uintptr_t)fn;
	cx->cx_rbx = 0;
	cx->cx_rbp = 0; /* ends backtraces */
	cx->cx_rip = (uint64_t)(uintptr_t)context_thread_start;
	return cx;
}
