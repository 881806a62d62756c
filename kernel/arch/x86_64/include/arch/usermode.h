/*
 * Ring 3: the SYSCALL entry's set-up, the first entry of a thread into user
 * mode, and the per-switch state a user thread needs (its address space,
 * and the kernel stack that entries from ring 3 land on).
 */
#pragma once
#include <stdint.h>

struct thread;
struct trap_frame;

/* The frame vector of a system call (not a real vector). */
#define T_SYSCALL 256

/* Enables SYSCALL on the calling CPU: EFER.SCE, STAR with the selectors of
 * arch/gdt.h, LSTAR = syscall_entry, CSTAR = an entry that stops a process
 * making a SYSCALL from 32-bit code, FMASK clearing IF, DF, TF and AC; and
 * gives user mode a GS base of 0 (SWAPGS exchanges it with the kernel's);
 * turns on SMEP when the CPU has it.
 * Every CPU calls it once, after gdt_init_cpu(). */
void usermode_init_cpu(void);

/* Leaves the kernel for good: enters ring 3 at rip with rsp, rdi and rsi
 * set, every other register zero and interrupts enabled.  The caller has
 * loaded the process's address space (interrupts off since). */
__attribute__((noreturn)) void usermode_enter(uint64_t rip, uint64_t rsp, uint64_t rdi,
    uint64_t rsi);

/* Loads the calling thread's own state as arch_sched_switch() (arch/smp.h)
 * does at a switch: for a thread that just became (or stopped being) a
 * process's thread. */
void usermode_switch_self(void);

/* Called from syscall.S only. */
void syscall_dispatch(struct trap_frame *tf);
