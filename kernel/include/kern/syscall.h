/*
 * System-call dispatch.  Every handler registers itself with
 * SYSCALL_HANDLER(number, fn) in its own file; the entries land in the
 * .syscalls section, which syscall_init() turns into the dispatch table,
 * so adding a call touches no shared table.
 *
 * A handler gets the calling process and its saved user registers (the
 * arguments are tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9) and
 * returns the value for rax: >= 0, or a negative E* code.  For numbers at
 * SYS_KCALL_BASE and above the dispatcher has already checked the caller's
 * privilege record.  A handler may block (the calling thread sleeps) and may
 * write result registers into tf (the IPC calls deliver messages that way).
 */
#pragma once
#include <stdint.h>
#include <kern/proc.h>
#include <xinim/syscall.h>

struct trap_frame;

typedef int64_t (*syscall_fn)(struct proc *caller, struct trap_frame *tf);

struct syscall_entry {
	uint32_t se_number;
	const char *se_name;
	syscall_fn se_fn;
};

#define SYSCALL_HANDLER(number, fn)                          \
	static const struct syscall_entry syscall_entry_##fn \
	    __attribute__((section(".syscalls"), used, aligned(8))) = { (number), #fn, (fn) }

#define KCALL_HANDLER(kc, fn) SYSCALL_HANDLER(SYS_KCALL_BASE + (kc), fn)

/* Builds the table from the .syscalls section; panics on a duplicate. */
void syscall_init(void);
