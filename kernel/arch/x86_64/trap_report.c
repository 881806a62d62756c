/*
 * The fault report: what the kernel prints for an exception it cannot
 * handle.  Tests match it, so its shape is fixed:
 *
 *   EXCEPTION 14 #PF (page fault) on cpu 0, thread boot
 *     error code 0x2 (write, not present, supervisor)
 *     rip 0xffffffff80104321 ktest_fault_pagefault+0x11
 *     cr2 0x0000000000000000  cr3 0x...  rflags 0x...
 *     rax 0x... rbx 0x... rcx 0x... rdx 0x...
 *     rsi 0x... rdi 0x... rbp 0x... rsp 0x...
 *     r8 0x... r9 0x... r10 0x... r11 0x...
 *     r12 0x... r13 0x... r14 0x... r15 0x...
 *     cs 0x8 ss 0x10
 *     backtrace:
 *       #0 0xffffffff80104321 ktest_fault_pagefault+0x11
 *       #1 0xffffffff80101234 kmain+0x1a4
 *
 * The error code line appears only for the vectors that have one, and its
 * parenthesis only when the code says something (trapinfo_error_decode).
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/trap.h>
#include <kern/ksyms.h>
#include <kern/log.h>
#include "trapinfo.h"

/* The CPU's id from GS_BASE, without trusting it: -1 if GS does not hold a
 * kernel address whose struct points to itself. */
static int
report_cpu_id(void)
{
	uint64_t gs = rdmsr(MSR_GS_BASE);
	const struct cpu *c = (const struct cpu *)gs;

	if ((gs >> 63) == 0 || (gs & 7) != 0 || c->c_self != c) {
		return -1;
	}
	return (int)c->c_id;
}

static void
report_header(const struct trap_frame *f)
{
	unsigned v = (unsigned)f->vector;
	const char *thread = sched_current_name();
	int cpu = report_cpu_id();
	char buf[96];

	if (thread == NULL) {
		thread = "?";
	}
	if (cpu >= 0) {
		kprintf("EXCEPTION %u %s (%s) on cpu %d, thread %s\n", v, trapinfo_mnemonic(v),
		    trapinfo_name(v), cpu, thread);
	} else {
		kprintf("EXCEPTION %u %s (%s) on cpu ?, thread %s\n", v, trapinfo_mnemonic(v),
		    trapinfo_name(v), thread);
	}
	if (!trapinfo_has_error(v)) {
		return;
	}
	if (trapinfo_error_decode(v, f->error, buf, sizeof(buf)) > 0) {
		kprintf("  error code 0x%lx (%s)\n", f->error, buf);
	} else {
		kprintf("  error code 0x%lx\n", f->error);
	}
}

void
trap_report(const struct trap_frame *f)
{
	uint64_t cr2 = read_cr2();
	uint64_t off = 0;
	const char *sym;

	report_header(f);
	sym = ksyms_lookup(f->rip, &off);
	if (sym != NULL) {
		kprintf("  rip 0x%016lx %s+0x%lx\n", f->rip, sym, off);
	} else {
		kprintf("  rip 0x%016lx (%s)\n", f->rip,
		    trap_from_user(f) ? "user" : "outside kernel text");
	}
	kprintf("  cr2 0x%016lx  cr3 0x%016lx  rflags 0x%016lx\n", cr2, read_cr3(), f->rflags);
	kprintf("  rax 0x%016lx rbx 0x%016lx rcx 0x%016lx rdx 0x%016lx\n", f->rax, f->rbx, f->rcx,
	    f->rdx);
	kprintf("  rsi 0x%016lx rdi 0x%016lx rbp 0x%016lx rsp 0x%016lx\n", f->rsi, f->rdi, f->rbp,
	    f->rsp);
	kprintf("  r8 0x%016lx r9 0x%016lx r10 0x%016lx r11 0x%016lx\n", f->r8, f->r9, f->r10,
	    f->r11);
	kprintf("  r12 0x%016lx r13 0x%016lx r14 0x%016lx r15 0x%016lx\n", f->r12, f->r13, f->r14,
	    f->r15);
	kprintf("  cs 0x%lx ss 0x%lx\n", f->cs, f->ss);
	if (trap_from_user(f)) {
		kprintf("  backtrace: (user mode)\n");
		return;
	}
	arch_backtrace_at(f->rip, f->rsp, f->rbp);
}
