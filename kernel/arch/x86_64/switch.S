/*
 * Thread switch and the first instructions of a new thread (see
 * arch/context.h).  The System V ABI lets a callee clobber every register
 * but rbx, rbp, r12-r15 and rsp, so those six plus the return address are
 * all a switch needs to keep.
 */

	.text
	.code64

/* void context_switch(struct context **old, struct context *new) */
	.global context_switch
	.type context_switch, @function
context_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size context_switch, . - context_switch

/*
 * Entered by the `ret` of context_switch() with fn in r12 and arg in r13,
 * the stack 16-byte aligned, interrupts off and the CPU's scheduler lock
 * held; sched_thread_entry() releases the lock.
 */
	.global context_thread_start
	.type context_thread_start, @function
context_thread_start:
	call sched_thread_entry
	sti
	movq %r13, %rdi
	call *%r12
	call thread_exit
	ud2
	.size context_thread_start, . - context_thread_start
