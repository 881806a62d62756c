/*
 * The SYSCALL entry and the two ways back to ring 3.
 *
 * SYSCALL leaves the user's rip in rcx and rflags in r11, loads the kernel
 * CS and SS from STAR and clears IF, DF, TF and AC (FMASK), but changes
 * neither rsp nor GS.  The entry swaps GS in, parks the user's rsp in its
 * struct cpu, moves to the running thread's kernel stack (c_kstack_top,
 * the same as TSS rsp0) and builds a struct trap_frame there exactly as an
 * interrupt from ring 3 would have, so that handlers see every register
 * and may write any of them back.  It then calls syscall_dispatch(tf) with
 * interrupts on.
 *
 * The way back is SYSRETQ when the frame still says "64-bit user code" and
 * its rip is canonical (SYSRET with a non-canonical rcx faults in ring 0 on
 * Intel CPUs, with the user's rsp already loaded); otherwise IRETQ.
 * usermode_iret(tf) is the IRETQ half on its own, for a thread's first
 * entry into ring 3.
 */
#include <arch/percpu.h>
#include <arch/trap.h>
#include "regs.inc"

#define USER_CS 0x2B    /* GDT_UCODE | 3, see arch/gdt.h */
#define USER_SS 0x23    /* GDT_UDATA | 3 */
#define USER_CS32 0x1B  /* GDT_UCODE32 | 3 */
#define T_SYSCALL 256   /* the "vector" of a system-call frame */
#define FR_RIP (TF_CS - 8 - TF_VECTOR) /* above the vector, registers popped */
#define FR_RFLAGS (TF_CS + 8 - TF_VECTOR)
#define FR_RSP (TF_CS + 16 - TF_VECTOR)
#define TF_RIP (TF_CS - 8)
#define TF_SS (TF_CS + 24)

	.text
	.code64
	.global syscall_entry
	.type syscall_entry, @function
syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KSTACK_TOP, %rsp
	pushq $USER_SS
	pushq %gs:CPU_USER_RSP
	pushq %r11			/* rflags */
	pushq $USER_CS
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq $T_SYSCALL
	PUSH_REGS
	xorl %ebp, %ebp			/* ends kernel backtraces here */
	movq %rsp, %rdi
	sti
	call syscall_dispatch
	cli
	/* SYSRET only to canonical 64-bit user code. */
	cmpq $USER_CS, TF_CS(%rsp)
	jne 1f
	cmpq $USER_SS, TF_SS(%rsp)
	jne 1f
	movq TF_RIP(%rsp), %rcx
	shrq $47, %rcx
	jnz 1f
	POP_REGS
	movq FR_RIP(%rsp), %rcx
	movq FR_RFLAGS(%rsp), %r11
	movq FR_RSP(%rsp), %rsp
	swapgs
	sysretq
1:	POP_REGS
	swapgs
	addq $16, %rsp			/* vector and error code */
	iretq
	.size syscall_entry, . - syscall_entry

/*
 * SYSCALL from 32-bit user code comes here (CSTAR) on CPUs that allow it
 * (AMD, and QEMU's TCG).  It is no XINIM system call: the process sees it
 * as an invalid opcode at the instruction, which stops it.  Without this
 * entry CSTAR would be 0 and the CPU would jump there in ring 0.
 */
	.global syscall_entry_compat
	.type syscall_entry_compat, @function
syscall_entry_compat:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KSTACK_TOP, %rsp
	pushq $USER_SS
	pushq %gs:CPU_USER_RSP
	pushq %r11			/* rflags */
	pushq $USER_CS32
	pushq %rcx			/* rip after the 2-byte syscall */
	subq $2, (%rsp)
	pushq $0			/* error code */
	pushq $T_UD
	PUSH_REGS
	xorl %ebp, %ebp
	movq %rsp, %rdi
	call trap_dispatch		/* stops the process: no return */
	POP_REGS
	swapgs
	addq $16, %rsp
	iretq
	.size syscall_entry_compat, . - syscall_entry_compat

/* void usermode_iret(struct trap_frame *tf): interrupts off, never returns. */
	.global usermode_iret
	.type usermode_iret, @function
usermode_iret:
	cli
	movq %rdi, %rsp
	POP_REGS
	swapgs
	addq $16, %rsp
	iretq
	.size usermode_iret, . - usermode_iret
