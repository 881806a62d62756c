/*
 * Interrupts and exceptions.  Every one of the 256 vectors enters through a
 * stub in trap.S that builds a struct trap_frame on the stack (the CPU's
 * part, an error code, the vector and all general-purpose registers) and
 * calls trap_dispatch().  Vectors are laid out as follows:
 *
 *   0-31     CPU exceptions: fatal in the kernel unless a handler is
 *            registered; from user mode they go to trap_user_fault()
 *   32-47    the legacy 8259 PICs (remapped here and masked; only their
 *            spurious interrupts can arrive, and they are ignored)
 *   48-239   device interrupts (IOAPIC, MSI)
 *   0xF0..   local APIC vectors: timer, IPIs, error, spurious
 *
 * Device and APIC vectors get lapic_eoi() after their handler, except the
 * spurious vector, which must not be acknowledged.  Handlers run with
 * interrupts disabled, on the interrupted stack (the double fault, NMI and
 * machine check use their own IST stacks, see arch/gdt.h).
 * Usable from assembly for the constants.
 */
#pragma once

#define T_DE 0  /* divide error */
#define T_DB 1  /* debug */
#define T_NMI 2 /* non-maskable interrupt */
#define T_BP 3  /* breakpoint (int3) */
#define T_OF 4  /* overflow (into) */
#define T_BR 5  /* bound range exceeded */
#define T_UD 6  /* invalid opcode */
#define T_NM 7  /* device (FPU) not available */
#define T_DF 8  /* double fault */
#define T_TS 10 /* invalid TSS */
#define T_NP 11 /* segment not present */
#define T_SS 12 /* stack-segment fault */
#define T_GP 13 /* general protection */
#define T_PF 14 /* page fault */
#define T_MF 16 /* x87 floating-point error */
#define T_AC 17 /* alignment check */
#define T_MC 18 /* machine check */
#define T_XM 19 /* SIMD floating-point error */
#define T_VE 20 /* virtualization exception */
#define T_CP 21 /* control protection */
#define T_EXCEPTIONS 32

#define T_PIC_BASE 32 /* legacy PIC IRQs 0-15 */
#define T_PIC_END 48
#define T_IRQ_BASE 48 /* first device vector */
#define T_IRQ_END 240 /* one past the last device vector */
#define T_LAPIC_TIMER 0xF0
#define T_RESCHED 0xF1 /* IPI: run the scheduler */
#define T_STOP 0xF2    /* IPI: panic elsewhere, halt now */
#define T_LAPIC_ERROR 0xFE
#define T_SPURIOUS 0xFF
#define T_VECTORS 256

/* Offsets in struct trap_frame used by trap.S. */
#define TF_VECTOR 120
#define TF_CS 144
#define TF_SIZE 176

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * The saved state of an interrupted context, lowest address first: the
 * registers trap.S pushes (rax first, so r15 ends lowest), the vector and
 * error code (0 where the CPU pushes none), then what the CPU pushed.
 */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(__builtin_offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == TF_CS, "TF_CS");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

typedef void (*trap_handler_fn)(struct trap_frame *f);

/* Builds the shared IDT and loads it on the calling (boot) CPU. */
void idt_init(void);
/* Loads the shared IDT on the calling CPU (application processors). */
void idt_load(void);

/*
 * Installs handler for vector (NULL removes it).  For an exception the
 * handler replaces the default report; it may call trap_fatal() when it
 * cannot resolve the fault.  Registering over another handler is logged.
 */
void trap_register(unsigned vector, trap_handler_fn handler);

/* Called from trap.S only. */
void trap_dispatch(struct trap_frame *f);

/*
 * Prints the report of the exception in f: vector and name, CPU and
 * thread, decoded error code, registers, control registers, backtrace.
 * Tests parse it; the format is in trap_report.c.
 */
void trap_report(const struct trap_frame *f);

/* Stops the other CPUs, prints trap_report(f), then panic_finish().  A
 * fault while doing so prints one line and ends the same way; a third
 * halts.  A CPU faulting while another reports just halts. */
__attribute__((noreturn)) void trap_fatal(struct trap_frame *f);

/*
 * An exception taken in user mode with no handler for it: prints one line
 * ("proc NAME (ep N): #PF page fault at rip ... addr ... — stopped") and
 * ends the process (cause EXIT_FAULT, or EXIT_IOPORT for a port access
 * without the privilege); its parent is told.  Does not return for a
 * process; a ring-3 fault outside any process is fatal (trap_user.c).
 */
void trap_user_fault(struct trap_frame *f);

/* True when f was interrupted in ring 3. */
static inline int
trap_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

/* Acknowledges the current local APIC interrupt (lapic.c). */
void lapic_eoi(void);
/* The name of the thread running on this CPU (kern/sched.h). */
const char *sched_current_name(void);
#endif
