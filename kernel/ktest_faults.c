/*
 * ktest=NAME switches that crash the kernel on purpose, one per kind of
 * fault the trap code must report (see kern/ktest.h).  Each case is its
 * own non-inlined function, so that the report's rip names it and its
 * backtrace runs through ktest_fault() to kmain().  The faults come from
 * inline assembly: C would call most of them undefined behaviour and the
 * compiler could fold or drop them.
 */
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/trap.h>
#include <kern/ktest.h>
#include <kern/log.h>
#include <kern/string.h>

#define KTEST_NONCANONICAL 0x8000000000000000UL
/* Lower half, above the boot identity map: never mapped for the kernel. */
#define KTEST_UNMAPPED_STACK 0x00007ffffffff000UL

#define KTEST_FN static __attribute__((noinline)) int

/* A `ret` in a writable data page: runs only while NX is not enforced. */
static uint8_t nx_code[16] __attribute__((section(".data"), aligned(16))) = { 0xC3 };

/*
 * The boot page tables map the first 4 GiB at address 0 too, so a null
 * pointer does not fault before paging_init() drops that identity map.
 * Until then the test drops it itself: the kernel is about to die anyway
 * and runs entirely from higher-half addresses.
 */
static void
ktest_unmap_null_page(void)
{
	uint64_t *pml4 = phys_to_virt(read_cr3() & ~0xFFFUL);

	if ((pml4[0] & 1) == 0) {
		return;
	}
	kprintf("ktest: page 0 is mapped (boot page tables); removing the identity map\n");
	pml4[0] = 0;
	write_cr3(read_cr3());
}

KTEST_FN
ktest_fault_pagefault(void)
{
	uint64_t null = 0;

	ktest_unmap_null_page();
	__asm__ volatile("movq $0, (%0)" : : "r"(null) : "memory");
	return 0;
}

KTEST_FN
ktest_fault_gpf(void)
{
	uint64_t v;

	__asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(KTEST_NONCANONICAL) : "memory");
	return (int)v;
}

KTEST_FN
ktest_fault_ud(void)
{
	__asm__ volatile("ud2");
	return 0;
}

KTEST_FN
ktest_fault_divzero(void)
{
	uint32_t quotient;

	__asm__ volatile("xorl %%edx, %%edx\n\tdivl %1"
	                 : "=a"(quotient)
	                 : "r"(0u), "a"(1u)
	                 : "rdx");
	return (int)quotient;
}

KTEST_FN
ktest_fault_breakpoint(void)
{
	__asm__ volatile("int3");
	return 0;
}

/* A kernel stack overflow in miniature: with rsp on an unmapped page the
 * push faults, the CPU cannot push the page fault's frame either, and
 * that is a double fault, which only its IST stack lets us report.  The
 * function keeps a frame (rbp) so that the backtrace still reaches kmain. */
KTEST_FN
ktest_fault_doublefault(void)
{
	__asm__ volatile("movq %0, %%rsp\n\tpushq $0"
	                 :
	                 : "r"(KTEST_UNMAPPED_STACK), "r"(__builtin_frame_address(0))
	                 : "memory");
	__builtin_unreachable();
}

KTEST_FN
ktest_fault_nx(void)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)nx_code;

	fn();
	kprintf("ktest: nx not enforced (code in a data page ran)\n");
	return 0;
}

/* Writes a byte of kernel text with its own value: harmless if the write
 * goes through, a protection page fault once text is read-only. */
KTEST_FN
ktest_fault_wp(void)
{
	volatile uint8_t *text = (volatile uint8_t *)(uintptr_t)&ktest_fault;

	*text = *text;
	kprintf("ktest: wp not enforced (kernel text is writable)\n");
	return 0;
}

static volatile unsigned ktest_trap_hits;
static volatile uint64_t ktest_trap_rbx;

static void
ktest_count_trap(struct trap_frame *f)
{
	ktest_trap_hits++;
	ktest_trap_rbx = f->rbx;
}

/* Not a fault: checks that handled traps return.  A breakpoint with a
 * handler registered and a software interrupt on a device vector must
 * each reach their handler with the registers of the interrupted code,
 * and come back with every register intact. */
KTEST_FN
ktest_fault_trapreturn(void)
{
	const uint64_t magic = 0x1122334455667788UL;
	uint64_t rbx_after, r15_after;

	trap_register(T_BP, ktest_count_trap);
	trap_register(T_IRQ_BASE, ktest_count_trap);
	__asm__ volatile("movq %2, %%rbx\n\t"
	                 "movq %2, %%r15\n\t"
	                 "int3\n\t"
	                 "int %3\n\t"
	                 "movq %%rbx, %0\n\t"
	                 "movq %%r15, %1"
	                 : "=r"(rbx_after), "=r"(r15_after)
	                 : "r"(magic), "i"(T_IRQ_BASE)
	                 : "rbx", "r15", "memory");
	trap_register(T_BP, NULL);
	trap_register(T_IRQ_BASE, NULL);
	if (ktest_trap_hits != 2 || ktest_trap_rbx != magic || rbx_after != magic ||
	    r15_after != magic) {
		kprintf("ktest: trapreturn FAILED: %u traps, rbx seen 0x%lx, after 0x%lx, "
		        "r15 after 0x%lx\n",
		    ktest_trap_hits, ktest_trap_rbx, rbx_after, r15_after);
		return 0;
	}
	kprintf("ktest: trapreturn OK\n");
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
} ktest_faults[] = {
	{ "pagefault", ktest_fault_pagefault },
	{ "gpf", ktest_fault_gpf },
	{ "ud", ktest_fault_ud },
	{ "divzero", ktest_fault_divzero },
	{ "breakpoint", ktest_fault_breakpoint },
	{ "doublefault", ktest_fault_doublefault },
	{ "nx", ktest_fault_nx },
	{ "wp", ktest_fault_wp },
	{ "trapreturn", ktest_fault_trapreturn },
};

int
ktest_fault(const char *name)
{
	for (size_t i = 0; i < sizeof(ktest_faults) / sizeof(ktest_faults[0]); i++) {
		if (strcmp(name, ktest_faults[i].name) == 0) {
			kprintf("ktest: %s\n", name);
			return ktest_faults[i].fn();
		}
	}
	return -1;
}
