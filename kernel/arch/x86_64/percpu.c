/*
 * Per-CPU data: the boot CPU's struct cpu, the table of every started CPU,
 * and the GS set-up that makes this_cpu() work on each of them.
 *
 * The kernel keeps GS_BASE pointing at the CPU's own struct while it runs;
 * trap.S exchanges it with KERNEL_GS_BASE (SWAPGS) on entries from and exits
 * to user mode.  Until user mode exists both MSRs hold the same pointer, so
 * a SWAPGS too many or too few cannot lose the kernel's GS.
 */
#include <arch/cpu.h>
#include <arch/percpu.h>

static struct cpu boot_cpu;

struct cpu *cpus[MAX_CPUS];
unsigned cpu_count;

/* Leaf 0xB gives the full 32-bit x2APIC id when the CPU has it; else bits
 * 31:24 of leaf 1's EBX hold the xAPIC id. */
uint32_t
percpu_hw_id(void)
{
	uint32_t a, b, c, d;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a >= 0xB) {
		cpuid(0xB, 0, &a, &b, &c, &d);
		if (b != 0) {
			return d;
		}
	}
	cpuid(1, 0, &a, &b, &c, &d);
	return b >> 24;
}

void
percpu_init_cpu(struct cpu *c)
{
	c->c_self = c;
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, (uint64_t)c);
}

void
percpu_init_bsp(void)
{
	boot_cpu.c_id = 0;
	boot_cpu.c_apic_id = percpu_hw_id();
	boot_cpu.c_online = true;
	cpus[0] = &boot_cpu;
	cpu_count = 1;
	percpu_init_cpu(&boot_cpu);
}
