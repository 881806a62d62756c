/*
 * Interrupt and exception entry.
 *
 * One small stub per vector pushes a zero where the CPU pushes no error
 * code, then the vector number, so that every frame has the same shape,
 * and jumps to a common entry that saves the general-purpose registers
 * (struct trap_frame in arch/trap.h) and calls trap_dispatch(frame).
 * trap_stub_table[v] holds stub v's address for idt.c.
 *
 * GS: the kernel runs with GS_BASE pointing at its struct cpu.  An entry
 * from ring 3 (CS of the frame has RPL 3) swaps it in with SWAPGS and the
 * exit swaps it back.  The NMI, the double fault and the machine check can
 * arrive anywhere, even between a ring change and its SWAPGS, so their
 * "paranoid" entry looks at GS_BASE itself: a user-half value means the
 * user's GS is loaded.
 *
 * Known limit: an exception inside the NMI handler would end with IRETQ,
 * which unblocks NMIs, and a second NMI would then reuse the IST2 stack
 * under the first.  The NMI handler is kept to one line of output.
 */
#include <arch/trap.h>
#include "regs.inc"

#define MSR_GS_BASE 0xC0000101
#define FRAME_CS (TF_CS - TF_VECTOR)	/* CS above the vector, registers not yet pushed */

	.pushsection .rodata
	.balign 8
	.global trap_stub_table
trap_stub_table:
	.popsection

	.text
	.global trap_stubs
trap_stubs:
	vec = 0
	.rept T_VECTORS
	.p2align 3
1:
	/* The CPU pushes an error code for #DF, #TS, #NP, #SS, #GP, #PF,
	 * #AC, #CP, #VC and #SX only (SDM vol. 3, table 6-1). */
	.if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	.if (vec == T_NMI) || (vec == T_DF) || (vec == T_MC)
	jmp trap_entry_paranoid
	.else
	jmp trap_entry
	.endif
	.pushsection .rodata
	.quad 1b
	.popsection
	vec = vec + 1
	.endr

/* The common entry: the vector and error code are on the stack. */
trap_entry:
	testb $3, FRAME_CS(%rsp)
	jz 1f
	swapgs
1:	PUSH_REGS
	cld
	movq %rsp, %rdi
	call trap_dispatch
	POP_REGS
	testb $3, FRAME_CS(%rsp)
	jz 2f
	swapgs
2:	addq $16, %rsp			/* vector and error code */
	iretq

/* NMI, #DF and #MC, on their IST stacks; %rbx remembers a SWAPGS. */
trap_entry_paranoid:
	PUSH_REGS
	cld
	xorl %ebx, %ebx
	movl $MSR_GS_BASE, %ecx
	rdmsr
	testl %edx, %edx
	js 1f				/* kernel-half address: the kernel's GS */
	swapgs
	movl $1, %ebx
1:	movq %rsp, %rdi
	call trap_dispatch
	testl %ebx, %ebx
	jz 2f
	swapgs
2:	POP_REGS
	addq $16, %rsp
	iretq
