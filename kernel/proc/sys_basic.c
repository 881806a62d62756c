/*
 * The system calls every process may make: SYS_NULL (returns 0, for
 * measuring the entry path), SYS_EXIT (rdi: status; does not return) and
 * SYS_YIELD (frees this CPU's exited threads, then gives up the rest of
 * the time slice; returns 0).
 */
#include <arch/trap.h>
#include <kern/proc.h>
#include <kern/syscall.h>
#include <kern/thread.h>

static int64_t
sys_null(struct proc *caller, struct trap_frame *tf)
{
	return 0;
}
SYSCALL_HANDLER(SYS_NULL, sys_null);

static int64_t
sys_exit(struct proc *caller, struct trap_frame *tf)
{
	proc_exit(EXIT_NORMAL, (int32_t)tf->rdi, 0, 0, 0);
}
SYSCALL_HANDLER(SYS_EXIT, sys_exit);

/* A CPU kept busy by yielding processes never runs its idle loop, which
 * is where exited threads are freed: yielding does that work first. */
static int64_t
sys_yield(struct proc *caller, struct trap_frame *tf)
{
	thread_reap();
	thread_yield();
	return 0;
}
SYSCALL_HANDLER(SYS_YIELD, sys_yield);
