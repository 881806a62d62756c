/*
 * Ring-3 plumbing (see arch/usermode.h): the SYSCALL MSRs, the first iretq
 * into a process, and the address-space switch the scheduler asks for.
 */
#include <arch/cpu.h>
#include <arch/gdt.h>
#include <arch/iobitmap.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <arch/usermode.h>
#include <arch/uvm.h>
#include <kern/proc.h>
#include <kern/string.h>
#include <kern/thread.h>

#define MSR_STAR 0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_CSTAR 0xC0000083
#define MSR_FMASK 0xC0000084
#define MSR_TSC_AUX 0xC0000103
#define CPUID_RDTSCP (1U << 27) /* leaf 0x80000001, edx */
#define EFER_SCE (1ULL << 0)
#define RFLAGS_TF (1ULL << 8)
#define RFLAGS_DF (1ULL << 10)
#define RFLAGS_AC (1ULL << 18)
#define RFLAGS_RESERVED1 (1ULL << 1)
#define CPUID_7_EBX_SMEP (1u << 7)
#define CR4_SMEP (1ULL << 20)
#define CR0_EM (1ULL << 2)

extern void syscall_entry(void);
extern void syscall_entry_compat(void);
__attribute__((noreturn)) void usermode_iret(struct trap_frame *tf);

_Static_assert((GDT_UCODE | GDT_USER_RPL) == 0x2B && (GDT_UDATA | GDT_USER_RPL) == 0x23 &&
        (GDT_UCODE32 | GDT_USER_RPL) == 0x1B,
    "syscall.S hard-codes the user selectors");

/* RDTSCP (and RDPID) give user programs the CPU they run on: c_id, for
 * benchmarks that must know where they were placed. */
static void
usermode_init_tsc_aux(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001) {
		return;
	}
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	if ((d & CPUID_RDTSCP) != 0) {
		wrmsr(MSR_TSC_AUX, this_cpu()->c_id);
	}
}

/*
 * SMEP where the CPU has it: the kernel then faults if it ever executes a
 * user page, which it never means to.  SMAP (no direct access to user
 * pages either) would suit the kernel as well, since it reaches user
 * memory only through the direct map (kern/vm.h), but QEMU's TCG treats
 * the stack reads of a far return in ring 3 as supervisor accesses and
 * faults them under SMAP, so it stays off.
 */
static void
usermode_protect_kernel(void)
{
	uint32_t a, b = 0, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < 7) {
		return;
	}
	cpuid(7, 0, &a, &b, &c, &d);
	if ((b & CPUID_7_EBX_SMEP) != 0) {
		write_cr4(read_cr4() | CR4_SMEP);
	}
}

/*
 * No FPU for user code: the switch path saves no x87, MMX or SSE state, so
 * a process using those registers would read what another left there and
 * could leave it a pending x87 exception.  CR0.EM makes x87 instructions
 * raise #NM and MMX ones #UD; SSE is #UD already, CR4.OSFXSR being clear.
 * The kernel itself is built with general registers only.
 */
static void
usermode_no_fpu(void)
{
	write_cr0(read_cr0() | CR0_EM);
}

void
usermode_init_cpu(void)
{
	usermode_protect_kernel();
	usermode_no_fpu();
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, ((uint64_t)GDT_UCODE32 << 48) | ((uint64_t)GDT_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)syscall_entry_compat);
	wrmsr(MSR_FMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC);
	/* The kernel's GS stays in GS_BASE while it runs; KERNEL_GS_BASE
	 * holds the user's, swapped in by every exit to ring 3. */
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	usermode_init_tsc_aux();
}

void
usermode_enter(uint64_t rip, uint64_t rsp, uint64_t rdi, uint64_t rsi)
{
	struct trap_frame tf;

	memset(&tf, 0, sizeof(tf));
	tf.rip = rip;
	tf.rsp = rsp;
	tf.rdi = rdi;
	tf.rsi = rsi;
	tf.cs = GDT_UCODE | GDT_USER_RPL;
	tf.ss = GDT_UDATA | GDT_USER_RPL;
	tf.rflags = RFLAGS_IF | RFLAGS_RESERVED1;
	usermode_iret(&tf);
}

/* Interrupts off: c_kstack_top and rsp0 must match the running thread
 * whenever ring 3 can be entered or left. */
static void
usermode_load(struct cpu *c, struct thread *t)
{
	if (t->t_proc != NULL) {
		c->c_kstack_top = (uint64_t)t->t_stack_top;
		gdt_set_kernel_stack(c, (uint64_t)t->t_stack_top);
		uvm_activate(t->t_proc->p_cr3);
		iobitmap_load(t->t_proc->p_iobitmap, t->t_proc->p_endpoint);
	} else {
		uvm_activate(uvm_kernel_cr3());
	}
}

void
arch_sched_switch(struct thread *next)
{
	usermode_load(this_cpu(), next);
}

void
usermode_switch_self(void)
{
	bool was = irq_save();
	struct cpu *c = this_cpu();

	usermode_load(c, c->c_current);
	irq_restore(was);
}
