/*
 * Application processors and the architecture side of the scheduler.
 *
 * smp_start_aps() starts every enabled CPU of the ACPI MADT other than the
 * boot CPU (at most maxcpus CPUs in all, 0 meaning no limit), one at a
 * time, each with its own struct cpu and idle stack, and waits (bounded)
 * for each to come online in the scheduler's idle loop.
 *
 * The arch_sched_* hooks are what the generic scheduler needs from the
 * hardware: the timer tick, the reschedule IPI, and per-CPU readiness.
 * Usable from assembly for the trampoline's parameter block layout.
 */
#pragma once

/* The low page the AP trampoline is copied to; the STARTUP IPI vector is
 * its page number.  The frame allocator never hands out memory below
 * 1 MiB, so the page is ours. */
#define AP_TRAMP_PHYS 0x8000

/* Offsets in the trampoline's parameter block (struct ap_tramp_params). */
#define AP_TP_BOOT_CR3 0    /* bring-up page table, below 4 GiB */
#define AP_TP_EFER 8        /* EFER bits to set (LME, NXE) */
#define AP_TP_KERNEL_CR3 16 /* paging_kernel_cr3() */
#define AP_TP_STACK 24      /* top of the AP's idle stack */
#define AP_TP_CPU 32        /* its struct cpu */
#define AP_TP_ENTRY 40      /* ap_entry64 */
#define AP_TP_SIZE 48

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct cpu;
struct thread;

struct ap_tramp_params {
	uint64_t tp_boot_cr3;
	uint64_t tp_efer;
	uint64_t tp_kernel_cr3;
	uint64_t tp_stack;
	uint64_t tp_cpu;
	uint64_t tp_entry;
};
_Static_assert(sizeof(struct ap_tramp_params) == AP_TP_SIZE, "trampoline params");

/* Starts the application processors; see above.  Prints
 * "smp: N of M CPUs online (APIC ids ...)" and the scheduler's summary.
 * Needs sched_init(), the local APIC and the ACPI tables. */
void smp_start_aps(unsigned maxcpus);

/* The C entry of an application processor, on its idle stack, with the
 * kernel page table loaded and interrupts off. */
__attribute__((noreturn)) void smp_ap_main(struct cpu *c);

/* Scheduler hooks (sched_arch.c). */
void arch_sched_init(void);               /* register the tick and IPI handlers */
void arch_sched_timer_start(unsigned hz); /* this CPU's periodic tick */
void arch_sched_kick(unsigned cpu);       /* reschedule IPI to CPU cpu */
bool arch_percpu_ready(void);             /* this_cpu() is valid here */
/* Just before switching to next, interrupts off: loads next's address
 * space and, for a process's thread, its kernel stack for entries from
 * ring 3 (usermode.c). */
void arch_sched_switch(struct thread *next);
#endif
