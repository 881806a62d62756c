/*
 * The first instruction of every program.  The loader (the kernel for rs,
 * elf_spawn() for the others) enters here with argc in rdi and argv in
 * rsi; __libc_start() calls main and exits with its result.
 */
	.section .text.start, "ax"
	.global _start
	.type _start, @function
_start:
	xorl %ebp, %ebp			/* ends backtraces */
	andq $-16, %rsp			/* the ABI's alignment before a call */
	call __libc_start
	ud2
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
