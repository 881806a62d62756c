/*
 * Segments and the task state segment.  Each CPU has its own GDT (in its
 * struct cpu) because each has its own TSS.  The layout is fixed by what
 * SYSCALL and SYSRET expect (Intel SDM vol. 3, 5.8.8):
 *
 *   0x00  null
 *   0x08  kernel code, 64-bit      SYSCALL: CS = STAR[47:32]
 *   0x10  kernel data              SYSCALL: SS = STAR[47:32] + 8
 *   0x18  user code, 32-bit        SYSRET to 32 bits: CS = STAR[63:48]
 *   0x20  user data                SYSRET: SS = STAR[63:48] + 8
 *   0x28  user code, 64-bit        SYSRET to 64 bits: CS = STAR[63:48] + 16
 *   0x30  TSS (16 bytes: two slots)
 *
 * so STAR = (GDT_UCODE32 << 48) | (GDT_KCODE << 32).  User selectors carry
 * RPL 3: user code is 0x2B, user data 0x23.  The 32-bit user code segment
 * exists only for that arithmetic; nothing runs in it.
 *
 * The TSS gives three interrupt stacks of IST_STACK_SIZE bytes each:
 * IST1 for the double fault (so a kernel stack overflow is still
 * reported), IST2 for the NMI and IST3 for the machine check.  rsp0, the
 * stack for entries from user mode, is set by the scheduler at each switch.
 */
#pragma once
#include <stdint.h>
#include <arch/percpu.h>

#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_UCODE32 0x18
#define GDT_UDATA 0x20
#define GDT_UCODE 0x28
#define GDT_TSS 0x30
#define GDT_USER_RPL 3

#define IST_DF 1
#define IST_NMI 2
#define IST_MC 3
#define IST_STACK_SIZE 16384

/*
 * Fills c's GDT and TSS, loads them on the calling CPU, reloads CS (far
 * return), SS, DS and ES, and loads the task register.  FS and GS are left
 * alone: loading a selector would clear the GS base percpu_init_cpu() set.
 * The IST stacks come from c_ist_* when the caller set all three (so a
 * struct cpu must start zeroed); otherwise static ones (boot CPU),
 * kstack_alloc() (guarded), or a static reserve for 7 application
 * processors while kstack_alloc() is unavailable; past that, a panic.
 */
void gdt_init_cpu(struct cpu *c);

/* Sets the stack c switches to on an entry from user mode (TSS rsp0). */
static inline void
gdt_set_kernel_stack(struct cpu *c, uint64_t top)
{
	c->c_tss.rsp[0] = top;
}
