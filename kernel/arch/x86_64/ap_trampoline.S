/*
 * First instructions of an application processor.
 *
 * smp.c copies the bytes from ap_tramp_start to ap_tramp_end to the low
 * page AP_TRAMP_PHYS, fills in the parameter block at its end, and sends
 * the AP a STARTUP IPI whose vector is that page's number.  The AP starts
 * there in real mode with CS = page number << 8 and IP = 0 (Intel SDM
 * vol. 3, 9.4 "Multiple-processor initialization").  This code:
 *
 *   1. loads its own GDT and enters 32-bit protected mode;
 *   2. turns on PAE, loads the bring-up page table (the kernel's upper
 *      half plus an identity map of the first 2 MiB, so that this page is
 *      still mapped when paging starts), sets EFER.LME and EFER.NXE like
 *      the boot CPU, and turns on paging: long mode;
 *   3. in 64-bit code, jumps to ap_entry64 in the kernel image, which
 *      switches to the kernel's own page table and stack and calls
 *      smp_ap_main(cpu).
 *
 * The copy runs at a fixed physical address, so it only refers to itself
 * through TR(label), that label's address in the copy.
 */
#include <arch/memlayout.h>
#include <arch/smp.h>

#define TR(x) (AP_TRAMP_PHYS + ((x) - ap_tramp_start))

	.section .rodata
	.global ap_tramp_start, ap_tramp_end, ap_tramp_params
	.code16
ap_tramp_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl TR(tr_gdt_ptr)
	movl %cr0, %eax
	orl $1, %eax			/* PE */
	movl %eax, %cr0
	ljmpl $0x08, $TR(tr_pm32)

	.code32
tr_pm32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
	movl %cr4, %eax
	orl $(1 << 5), %eax		/* PAE */
	movl %eax, %cr4
	movl TR(ap_tramp_params + AP_TP_BOOT_CR3), %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx		/* EFER */
	rdmsr
	orl TR(ap_tramp_params + AP_TP_EFER), %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010000, %eax		/* PG, WP */
	movl %eax, %cr0
	ljmpl $0x18, $TR(tr_lm64)

	.code64
tr_lm64:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq TR(ap_tramp_params + AP_TP_ENTRY), %rax
	jmp *%rax

	.align 8
tr_gdt:
	.quad 0
	.quad 0x00CF9A000000FFFF	/* 0x08: 32-bit code */
	.quad 0x00CF92000000FFFF	/* 0x10: data */
	.quad 0x00AF9A000000FFFF	/* 0x18: 64-bit code */
tr_gdt_end:
tr_gdt_ptr:
	.short tr_gdt_end - tr_gdt - 1
	.long TR(tr_gdt)

	/* Filled by smp.c for each AP; layout in arch/smp.h. */
	.align 8
ap_tramp_params:
	.skip AP_TP_SIZE
ap_tramp_end:

/*
 * Kernel-side continuation, at its linked (upper-half) address: take the
 * stack and struct cpu smp.c left in the parameters, load the kernel's
 * page table (the identity map of the bring-up table goes away with it),
 * and call smp_ap_main(cpu).
 */
	.text
	.global ap_entry64
	.type ap_entry64, @function
ap_entry64:
	movq $TR(ap_tramp_params), %rbx	/* still identity mapped */
	movq AP_TP_STACK(%rbx), %rsp
	movq AP_TP_CPU(%rbx), %rdi
	movq AP_TP_KERNEL_CR3(%rbx), %rax
	movq %rax, %cr3
	xorl %ebp, %ebp
	call smp_ap_main
1:	cli
	hlt
	jmp 1b
	.size ap_entry64, . - ap_entry64
