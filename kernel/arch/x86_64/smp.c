/*
 * Starting the application processors, and stopping them on panic.
 *
 * smp_start_aps() brings the CPUs up one at a time: it copies the
 * trampoline (ap_trampoline.S) to AP_TRAMP_PHYS once, then for each CPU
 * fills in the trampoline's parameters (its struct cpu, an idle stack with
 * a guard page), sends INIT, STARTUP, STARTUP (Intel SDM vol. 3, 9.4.4),
 * and waits, bounded, for the CPU to mark itself online from
 * smp_ap_main().  One at a time keeps the single parameter block simple
 * and the c_id numbering dense and in MADT order.
 *
 * A CPU that does not answer in time is reported, sent INIT again so that
 * it cannot run the trampoline later with another CPU's parameters, and
 * left out; the boot goes on with the others.
 */
#include <stddef.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/gdt.h>
#include <arch/lapic.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <arch/usermode.h>
#include <kern/acpi.h>
#include <kern/clock.h>
#include <kern/frame.h>
#include <kern/heap.h>
#include <kern/log.h>
#include <kern/printf.h>
#include <kern/sched.h>
#include <kern/string.h>

#define AP_STACK_SIZE 16384
#define AP_WAIT_NS 2000000000UL /* TCG on a busy host can be slow */
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)

extern const char ap_tramp_start[], ap_tramp_end[], ap_tramp_params[];
extern void ap_entry64(void);

/* What every AP copies from the boot CPU before anything else. */
static uint64_t smp_bsp_cr4, smp_bsp_pat, smp_bsp_efer;

/*
 * The bring-up page table: an identity map of the first 2 MiB (where the
 * trampoline runs when paging starts) plus the kernel's upper half.  Its
 * top level must be below 4 GiB, since 32-bit code loads it into CR3.
 */
static uint64_t smp_boot_pml4, smp_boot_pdpt, smp_boot_pd;

static int
smp_build_boot_tables(void)
{
	uint64_t *pml4, *kpml4;

	smp_boot_pml4 = frame_alloc(0, FRAME_ZERO | FRAME_BELOW_4G);
	smp_boot_pdpt = frame_alloc(0, FRAME_ZERO);
	smp_boot_pd = frame_alloc(0, FRAME_ZERO);
	if (smp_boot_pml4 == 0 || smp_boot_pdpt == 0 || smp_boot_pd == 0) {
		return -1;
	}
	((uint64_t *)phys_to_virt(smp_boot_pd))[0] = 0x83; /* P, W, 2 MiB */
	((uint64_t *)phys_to_virt(smp_boot_pdpt))[0] = smp_boot_pd | 3;
	pml4 = phys_to_virt(smp_boot_pml4);
	pml4[0] = smp_boot_pdpt | 3;
	kpml4 = phys_to_virt(paging_kernel_cr3());
	for (int i = 256; i < 512; i++) {
		pml4[i] = kpml4[i];
	}
	return 0;
}

static void
smp_free_boot_tables(void)
{
	if (smp_boot_pd != 0) {
		frame_free(smp_boot_pd, 0);
	}
	if (smp_boot_pdpt != 0) {
		frame_free(smp_boot_pdpt, 0);
	}
	if (smp_boot_pml4 != 0) {
		frame_free(smp_boot_pml4, 0);
	}
}

/* Waits until c is online or the deadline passes; true if online. */
static bool
smp_wait_online(struct cpu *c, uint64_t ns)
{
	uint64_t end = clock_monotonic_ns() + ns;

	while (!__atomic_load_n(&c->c_online, __ATOMIC_ACQUIRE)) {
		if (clock_monotonic_ns() >= end) {
			return false;
		}
		cpu_relax();
	}
	return true;
}

/*
 * Starts the CPU with APIC id apic_id as c_id id.  Returns 0 when it came
 * online, a negative value otherwise (already reported).
 */
static int
smp_start_one(unsigned id, uint32_t apic_id)
{
	struct ap_tramp_params *tp;
	struct cpu *c;
	void *stack;

	c = kzalloc(sizeof(*c));
	stack = kstack_alloc(AP_STACK_SIZE);
	if (c == NULL || stack == NULL) {
		pr_err("smp: out of memory for CPU with APIC id %u\n", apic_id);
		goto fail;
	}
	c->c_self = c;
	c->c_id = id;
	c->c_apic_id = apic_id;

	tp = phys_to_virt(AP_TRAMP_PHYS + (uint64_t)(ap_tramp_params - ap_tramp_start));
	tp->tp_boot_cr3 = smp_boot_pml4;
	tp->tp_efer = smp_bsp_efer & (EFER_SCE | EFER_LME | EFER_NXE);
	tp->tp_kernel_cr3 = paging_kernel_cr3();
	tp->tp_stack = (uint64_t)stack;
	tp->tp_cpu = (uint64_t)c;
	tp->tp_entry = (uint64_t)ap_entry64;
	cpus[id] = c;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	/* INIT, 10 ms, STARTUP, 200 us, and a second STARTUP if needed. */
	lapic_send_init(apic_id);
	clock_delay_ns(10000000);
	lapic_send_startup(apic_id, AP_TRAMP_PHYS >> 12);
	clock_delay_ns(200000);
	if (!__atomic_load_n(&c->c_online, __ATOMIC_ACQUIRE)) {
		lapic_send_startup(apic_id, AP_TRAMP_PHYS >> 12);
	}
	if (smp_wait_online(c, AP_WAIT_NS)) {
		return 0;
	}
	pr_err("smp: CPU with APIC id %u did not come online within %lu ms; "
	       "going on without it\n",
	    apic_id, AP_WAIT_NS / 1000000);
	/* Park it, so that it cannot run the trampoline with later parameters.
	 * Its stack and struct stay allocated: it might still be touching them. */
	lapic_send_init(apic_id);
	clock_delay_ns(10000000);
	cpus[id] = NULL;
	return -1;

fail:
	if (stack != NULL) {
		kstack_free(stack, AP_STACK_SIZE);
	}
	kfree(c);
	return -1;
}

void
smp_start_aps(unsigned maxcpus)
{
	const struct acpi_madt_info *madt = &acpi_info()->madt;
	uint32_t bsp_apic = this_cpu()->c_apic_id;
	unsigned total = 0;
	char ids[MAX_CPUS * 4 + 12];
	size_t len;

	smp_bsp_cr4 = read_cr4();
	smp_bsp_pat = rdmsr(MSR_PAT);
	smp_bsp_efer = rdmsr(MSR_EFER);
	if (!madt->present) {
		pr_warn("smp: no ACPI MADT; running on the boot CPU only\n");
	}
	for (unsigned i = 0; i < madt->cpu_count; i++) {
		if (madt->cpus[i].enabled) {
			total++;
		}
	}
	if (total == 0) {
		total = 1;
	}
	if (total > 1 && (maxcpus == 0 || maxcpus > 1)) {
		if (smp_build_boot_tables() != 0) {
			pr_err("smp: out of memory for the bring-up page table\n");
			goto report;
		}
		memcpy(phys_to_virt(AP_TRAMP_PHYS), ap_tramp_start,
		    (size_t)(ap_tramp_end - ap_tramp_start));
		for (unsigned i = 0; i < madt->cpu_count; i++) {
			const struct acpi_cpu *ac = &madt->cpus[i];

			if (!ac->enabled || ac->apic_id == bsp_apic) {
				continue;
			}
			if ((maxcpus != 0 && cpu_count >= maxcpus) || cpu_count >= MAX_CPUS) {
				break;
			}
			if (ac->apic_id > 0xff && !lapic_x2apic_mode()) {
				pr_warn("smp: CPU with APIC id %u needs x2APIC mode; "
				        "left out\n",
				    ac->apic_id);
				continue;
			}
			if (smp_start_one(cpu_count, ac->apic_id) == 0) {
				cpu_count++;
			}
		}
		smp_free_boot_tables();
	}
report:
	len = 0;
	ids[0] = '\0';
	for (unsigned i = 0; i < MAX_CPUS && len + 12 < sizeof(ids); i++) {
		if (cpus[i] != NULL && cpus[i]->c_online) {
			len += (size_t)ksnprintf(ids + len, sizeof(ids) - len, "%s%u",
			    len ? " " : "", cpus[i]->c_apic_id);
		}
	}
	pr_info("smp: %u of %u CPUs online (APIC ids %s)\n", cpu_count, total, ids);
	sched_report();
}

/*
 * The C entry of an application processor: per-CPU data first (anything
 * that logs uses it), the boot CPU's control and memory-type settings,
 * descriptor tables, its local APIC and its scheduler.  It marks itself online last, when it can
 * take threads, and becomes its idle thread.
 */
void
smp_ap_main(struct cpu *c)
{
	percpu_init_cpu(c);
	write_cr4(smp_bsp_cr4);
	wrmsr(MSR_PAT, smp_bsp_pat);
	gdt_init_cpu(c);
	usermode_init_cpu();
	idt_load();
	lapic_init_ap();
	sched_init_cpu();
	__atomic_store_n(&c->c_online, true, __ATOMIC_RELEASE);
	sched_start();
}

/* trap_dispatch() halts a CPU that receives T_STOP. */
void
arch_stop_other_cpus(void)
{
	if (cpu_count <= 1 || !arch_percpu_ready()) {
		return;
	}
	lapic_send_ipi_all_but_self(T_STOP);
	/* Give them a moment, so that their output does not mix with ours. */
	for (volatile int i = 0; i < 1000000; i++) {
		cpu_relax();
	}
}
