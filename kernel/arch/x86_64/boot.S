/*
 * First instructions of the kernel.
 *
 * Both Multiboot loaders enter _start32 in 32-bit protected mode with paging
 * off: QEMU's -kernel through the Multiboot 1 header (a.out kludge, since it
 * refuses ELF64), GRUB through the Multiboot 2 header.  EAX holds the
 * loader's magic and EBX the physical address of its information block; both
 * are passed unchanged to kmain(), which tells the two protocols apart.
 *
 * This file builds the boot page tables (see arch/memlayout.h), enters long
 * mode, jumps to the higher half and calls kmain() on the boot stack.
 */
#include <arch/memlayout.h>

#define MB1_MAGIC 0x1BADB002
#define MB1_FLAGS 0x00010003	/* page-aligned modules, memory map, a.out kludge */
#define MB2_MAGIC 0xE85250D6

#define PHYS(sym) ((sym) - KERNEL_VMA)

	.section .multiboot, "a"
	.align 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header		/* header_addr */
	.long __kernel_phys_start	/* load_addr */
	.long __load_end_phys		/* load_end_addr */
	.long __bss_end_phys		/* bss_end_addr */
	.long _start32			/* entry_addr */

	.align 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* i386 protected mode */
	.long mb2_end - mb2_header
	.long -(MB2_MAGIC + (mb2_end - mb2_header))
	.align 8			/* module alignment tag */
	.short 6, 0
	.long 8
	.align 8			/* end tag */
	.short 0, 0
	.long 8
mb2_end:

	.section .boot.text, "ax"
	.code32
	.global _start32
_start32:
	cli
	cld
	mov %eax, %edi
	mov %ebx, %esi
	mov $PHYS(boot_stack_top), %esp

	/* Long mode is required; say so on COM1 and stop if it is missing. */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode

	/* Zero the boot page tables (6 pages), whatever the loader did. */
	push %edi
	mov $PHYS(boot_pml4), %edi
	mov $(6 * 1024), %ecx
	xor %eax, %eax
	rep stosl
	pop %edi

	/* boot_pd: 2048 entries of 2 MiB pages covering the first 4 GiB. */
	mov $PHYS(boot_pd), %ebx
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax			/* present, writable, 2 MiB */
	mov %eax, (%ebx, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax			/* bits 32..: (i * 2 MiB) >> 32 */
	mov %eax, 4(%ebx, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 1b

	/* boot_pdpt: four 1 GiB slots pointing at the four directories. */
	mov $PHYS(boot_pdpt), %ebx
	mov $PHYS(boot_pd), %eax
	or $3, %eax
	xor %ecx, %ecx
2:	mov %eax, (%ebx, %ecx, 8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jb 2b

	/* boot_pdpt_hi: -2 GiB and -1 GiB map the first two GiB. */
	mov $PHYS(boot_pdpt_hi), %ebx
	mov $PHYS(boot_pd), %eax
	or $3, %eax
	mov %eax, (510 * 8)(%ebx)
	add $4096, %eax
	mov %eax, (511 * 8)(%ebx)

	mov $PHYS(boot_pml4), %ebx
	mov $PHYS(boot_pdpt), %eax
	or $3, %eax
	mov %eax, (%ebx)			/* identity, for the jump */
	mov %eax, (256 * 8)(%ebx)		/* PHYS_MAP_BASE */
	mov $PHYS(boot_pdpt_hi), %eax
	or $3, %eax
	mov %eax, (511 * 8)(%ebx)		/* KERNEL_VMA */

	mov %cr4, %eax
	or $(1 << 5), %eax			/* PAE */
	mov %eax, %cr4
	mov %ebx, %cr3
	mov $0xC0000080, %ecx			/* EFER.LME */
	rdmsr
	or $(1 << 8), %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax			/* PG, WP, PE */
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $start64_low

no_long_mode:
	mov $no_lm_msg, %esi
3:	lodsb
	test %al, %al
	jz 4f
	mov $0x3F8, %dx
	out %al, %dx
	jmp 3b
4:	hlt
	jmp 4b

	.code64
start64_low:
	movabs $start64, %rax
	jmp *%rax

	.section .boot.data, "a"
	.align 8
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF	/* 0x08: 64-bit code */
	.quad 0x00CF92000000FFFF	/* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
no_lm_msg:
	.asciz "XINIM: this CPU has no long mode (x86_64); cannot boot.\r\n"

	.text
	.code64
start64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	movabs $boot_stack_top, %rsp
	xor %ebp, %ebp
	mov %edi, %edi			/* zero-extend magic and info address */
	mov %esi, %esi
	call kmain
5:	cli
	hlt
	jmp 5b

	.bss
	.align 4096
	.global boot_pml4
boot_pml4:	.skip 4096
boot_pdpt:	.skip 4096
boot_pdpt_hi:	.skip 4096
boot_pd:	.skip 4 * 4096
	.align 16
	.global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:
