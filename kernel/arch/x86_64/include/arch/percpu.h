/*
 * Per-CPU data.  Each CPU owns one struct cpu, reached through GS (the
 * struct's first field points to itself), so this_cpu() is one load.  The
 * boot CPU's struct is static; application processors get theirs from
 * smp.c before they start.  Fields are written only by their own CPU unless
 * a comment says otherwise.  Usable from assembly for the offsets.
 */
#pragma once

#define MAX_CPUS 64

/* Offsets in struct cpu used by syscall.S (checked below). */
#define CPU_KSTACK_TOP 8
#define CPU_USER_RSP 16

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct thread;
struct runqueue;

/* The 64-bit TSS (Intel SDM vol. 3, 8.7). */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

/* Descriptors: null, kcode, kdata, ucode32 (unused), udata, ucode and the
 * TSS, which takes two slots; see arch/gdt.h. */
#define GDT_ENTRIES 7

struct cpu {
	struct cpu *c_self; /* must stay first: this_cpu() reads %gs:0 */
	/* For syscall.S (offsets CPU_KSTACK_TOP, CPU_USER_RSP): the kernel
	 * stack of the running user thread, set at every switch, and where
	 * the entry parks the user's rsp while it switches stacks. */
	uint64_t c_kstack_top;
	uint64_t c_user_rsp;
	unsigned c_id; /* 0 = boot CPU, dense */
	uint32_t c_apic_id;
	bool c_online;            /* set by the CPU itself, read by others */
	struct thread *c_current; /* running thread */
	struct thread *c_idle;    /* this CPU's idle thread */
	struct runqueue *c_rq;    /* this CPU's run queue (sched.c) */
	uint64_t c_ticks;         /* timer interrupts taken */
	uint64_t c_gdt[GDT_ENTRIES + 1] __attribute__((aligned(16)));
	struct tss c_tss __attribute__((aligned(16)));
	void *c_ist_df;  /* top of the double-fault stack */
	void *c_ist_nmi; /* top of the NMI stack */
	void *c_ist_mc;  /* top of the machine-check stack */
};

extern struct cpu *cpus[MAX_CPUS]; /* by c_id; NULL past cpu_count */
extern unsigned cpu_count;         /* CPUs started so far */

/*
 * Sets up the boot CPU's static struct cpu (id 0, its APIC id) as cpus[0],
 * cpu_count = 1, and points GS at it.  First thing after the console.
 */
void percpu_init_bsp(void);

/*
 * Points the calling CPU's GS base (and KERNEL_GS_BASE, which SWAPGS
 * exchanges with it) at c and sets c->c_self.  Registering c in cpus[] is
 * the caller's job (smp.c for application processors).
 */
void percpu_init_cpu(struct cpu *c);

/* The calling CPU's initial APIC id, from CPUID alone: usable even when GS
 * cannot be trusted (fault and NMI paths). */
uint32_t percpu_hw_id(void);

_Static_assert(__builtin_offsetof(struct cpu, c_kstack_top) == CPU_KSTACK_TOP, "CPU_KSTACK_TOP");
_Static_assert(__builtin_offsetof(struct cpu, c_user_rsp) == CPU_USER_RSP, "CPU_USER_RSP");

static inline struct cpu *
this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}
#endif
