/*
 * Raw system calls (the ABI is include/xinim/syscall.h): the call number
 * in rax, arguments in rdi, rsi, rdx, r10, r8, r9, the result in rax;
 * rcx and r11 are clobbered.  Every other register survives a non-IPC
 * call.  The IPC calls, which move whole messages in registers, are in
 * libsys/ipc.h.
 */
#pragma once
#include <stdint.h>
#include <xinim/syscall.h>

static inline int64_t
sys_call6(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t rax __asm__("rax") = nr;
	register uint64_t rdi __asm__("rdi") = a0;
	register uint64_t rsi __asm__("rsi") = a1;
	register uint64_t rdx __asm__("rdx") = a2;
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	register uint64_t r9 __asm__("r9") = a5;

	__asm__ volatile("syscall"
	                 : "+r"(rax)
	                 : "r"(rdi), "r"(rsi), "r"(rdx), "r"(r10), "r"(r8), "r"(r9)
	                 : "rcx", "r11", "memory");
	return (int64_t)rax;
}

static inline int64_t
sys_call0(uint64_t nr)
{
	return sys_call6(nr, 0, 0, 0, 0, 0, 0);
}

static inline int64_t
sys_call1(uint64_t nr, uint64_t a0)
{
	return sys_call6(nr, a0, 0, 0, 0, 0, 0);
}

static inline int64_t
sys_call2(uint64_t nr, uint64_t a0, uint64_t a1)
{
	return sys_call6(nr, a0, a1, 0, 0, 0, 0);
}

static inline int64_t
sys_call3(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	return sys_call6(nr, a0, a1, a2, 0, 0, 0);
}

static inline int64_t
sys_call4(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return sys_call6(nr, a0, a1, a2, a3, 0, 0);
}

/* Kernel call kc (KC_*, xinim/kcall.h) with up to five arguments. */
static inline int64_t
sys_kcall(unsigned kc, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	return sys_call6(SYS_KCALL_BASE + kc, a0, a1, a2, a3, a4, 0);
}

/* Does nothing; returns 0.  For measuring the entry path. */
static inline int64_t
sys_null(void)
{
	return sys_call0(SYS_NULL);
}

/* Gives up the rest of the time slice. */
static inline void
sys_yield(void)
{
	sys_call0(SYS_YIELD);
}

/* Ends the calling process with status; the parent sees it in its
 * exit_info (cause EXIT_NORMAL). */
__attribute__((noreturn)) static inline void
sys_exit(int status)
{
	sys_call1(SYS_EXIT, (uint64_t)(int64_t)status);
	for (;;) {
		__asm__ volatile("ud2");
	}
}
