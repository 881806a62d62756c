/*
 * Local APIC: enabling it on each CPU, acknowledging interrupts, sending
 * IPIs (including the INIT/STARTUP sequence) and logging APIC errors.  The
 * timer lives in lapic_timer.c.  Entry points: lapic_init() on the boot
 * CPU, lapic_init_ap() on the others, then the IPI and EOI calls.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/paging.h>
#include <arch/trap.h>
#include <kern/log.h>
#include <xinim/errno.h>
#include "lapic_reg.h"

#define APIC_BASE_EXTD (1ULL << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ULL << 11)   /* globally enabled */
#define APIC_BASE_ADDR_MASK 0x000FFFFFFFFFF000ULL

#define CPUID1_EDX_APIC (1U << 9)
#define CPUID1_ECX_X2APIC (1U << 21)

#define ICR_DM_INIT (5U << 8)
#define ICR_DM_STARTUP (6U << 8)
#define ICR_PENDING (1U << 12) /* delivery status: send pending */
#define ICR_ASSERT (1U << 14)
#define ICR_ALL_BUT_SELF (3U << 18)

#define LAPIC_MMIO_SIZE 0x1000
/* MMIO reads of the ICR before a pending IPI counts as stuck: over 100 ms
 * at the ~100 ns an APIC register read takes. */
#define ICR_WAIT_SPINS 1000000

/* Set once by lapic_init() on the boot CPU, before any other CPU runs;
 * read-only afterwards. */
volatile uint8_t *lapic_mmio;
bool lapic_x2;
static uint64_t lapic_base_phys;

/* The error handler: the ESR latches errors until written, so write, then
 * read what has accumulated. */
static void
lapic_error_trap(struct trap_frame *f)
{
	uint32_t esr;

	lapic_write(LAPIC_ESR, 0);
	esr = lapic_read(LAPIC_ESR);
	pr_err("apic: error %#x on APIC %u\n", esr, lapic_id());
}

/* A spurious interrupt is one withdrawn before it could be delivered:
 * nothing to do, and nothing to acknowledge (the dispatcher sends no EOI
 * for this vector). */
static void
lapic_spurious_trap(struct trap_frame *f)
{
}

/* Sets up the calling CPU's APIC once the mode is known: all LVT entries
 * masked except the error vector and, on the boot CPU, LINT1 as NMI. */
static void
lapic_setup_local(bool boot_cpu)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	unsigned max_lvt;

	if ((base & APIC_BASE_EN) == 0) {
		base |= APIC_BASE_EN;
		wrmsr(MSR_APIC_BASE, base);
	}
	/* xAPIC to x2APIC is one of the allowed mode transitions. */
	if (lapic_x2 && (base & APIC_BASE_EXTD) == 0) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
	}
	max_lvt = (lapic_read(LAPIC_VER) >> 16) & 0xFF;
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | T_LAPIC_TIMER);
	if (max_lvt >= 4) {
		lapic_write(LAPIC_LVT_PERF, LVT_MASKED);
	}
	if (max_lvt >= 5) {
		lapic_write(LAPIC_LVT_THERMAL, LVT_MASKED);
	}
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, boot_cpu ? LVT_DM_NMI : LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, T_LAPIC_ERROR);
	/* Two writes: the first clears latched errors from firmware. */
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | T_SPURIOUS);
	/* Drop anything the firmware left in service. */
	lapic_write(LAPIC_EOI, 0);
}

/*
 * The mode is chosen once for all CPUs: x2APIC when the CPU supports it
 * (its 32-bit ids and MSR access need no mapping), or when the firmware
 * already switched to it, since leaving x2APIC needs a full disable.
 */
int
lapic_init(uint64_t phys)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid(1, 0, &a, &b, &c, &d);
	if ((d & CPUID1_EDX_APIC) == 0) {
		pr_err("apic: this CPU has no local APIC\n");
		return -ENODEV;
	}
	base = rdmsr(MSR_APIC_BASE);
	/* Firmware may hand over in x2APIC mode; then it must stay. */
	lapic_x2 = (c & CPUID1_ECX_X2APIC) != 0 || (base & APIC_BASE_EXTD) != 0;
	if (phys == 0) {
		phys = base & APIC_BASE_ADDR_MASK;
	} else if (phys != (base & APIC_BASE_ADDR_MASK)) {
		pr_warn("apic: ACPI says %#lx, APIC base MSR says %#lx; using the MSR\n", phys,
		    (uint64_t)(base & APIC_BASE_ADDR_MASK));
		phys = base & APIC_BASE_ADDR_MASK;
	}
	lapic_base_phys = phys;
	if (!lapic_x2) {
		lapic_mmio = vm_map_mmio(phys, LAPIC_MMIO_SIZE);
		if (lapic_mmio == NULL) {
			pr_err("apic: cannot map the local APIC at %#lx\n", phys);
			return -ENOMEM;
		}
	}
	trap_register(T_LAPIC_ERROR, lapic_error_trap);
	trap_register(T_SPURIOUS, lapic_spurious_trap);
	lapic_setup_local(true);
	return 0;
}

void
lapic_init_ap(void)
{
	lapic_setup_local(false);
}

/* xAPIC keeps the 8-bit id in bits 24-31; x2APIC uses all 32 bits. */
uint32_t
lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	return lapic_x2 ? id : id >> 24;
}

bool
lapic_x2apic_mode(void)
{
	return lapic_x2;
}

uint64_t
lapic_phys(void)
{
	return lapic_base_phys;
}

/* Any write to EOI acknowledges; x2APIC requires the value 0. */
void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Waits for the xAPIC's previous IPI to leave; x2APIC has no pending
 * state to wait for.  Returns 0, or -ETIMEDOUT when it stays pending. */
static int
lapic_icr_wait(void)
{
	if (lapic_x2) {
		return 0;
	}
	for (int i = 0; i < ICR_WAIT_SPINS; i++) {
		if ((lapic_read(LAPIC_ICR_LO) & ICR_PENDING) == 0) {
			return 0;
		}
		cpu_relax();
	}
	return -ETIMEDOUT;
}

/*
 * Sends one IPI: the low ICR word (vector, delivery mode, shorthand) to
 * dest.  In xAPIC mode the ICR is two registers and writing the low one
 * sends, so the pair is written with interrupts off: an interrupt handler
 * sending its own IPI in between would change the destination.
 */
static int
lapic_icr_send(uint32_t dest, uint32_t low, bool wait_after)
{
	bool was;
	int err;

	if (!lapic_x2 && dest > 0xFF) {
		pr_err("apic: APIC id %u cannot be addressed in xAPIC mode\n", dest);
		return -ERANGE;
	}
	was = irq_save();
	err = lapic_icr_wait();
	if (err == 0) {
		if (lapic_x2) {
			wrmsr(LAPIC_X2APIC_MSR + (LAPIC_ICR_LO >> 4), ((uint64_t)dest << 32) | low);
		} else {
			lapic_write(LAPIC_ICR_HI, dest << 24);
			lapic_write(LAPIC_ICR_LO, low);
		}
		if (wait_after) {
			err = lapic_icr_wait();
		}
	}
	irq_restore(was);
	if (err != 0) {
		pr_err("apic: IPI %#x to APIC %u not delivered\n", low, dest);
	}
	return err;
}

int
lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	return lapic_icr_send(apic_id, vector, false);
}

int
lapic_send_ipi_all_but_self(uint8_t vector)
{
	return lapic_icr_send(0, ICR_ALL_BUT_SELF | vector, false);
}

/* INIT, edge-triggered with level "assert": the form every processor
 * since the Pentium 4 expects (no de-assert IPI afterwards). */
int
lapic_send_init(uint32_t apic_id)
{
	return lapic_icr_send(apic_id, ICR_DM_INIT | ICR_ASSERT, true);
}

/* STARTUP: the vector field is the page number the AP starts at, in
 * real mode at page << 12. */
int
lapic_send_startup(uint32_t apic_id, uint8_t page)
{
	return lapic_icr_send(apic_id, ICR_DM_STARTUP | ICR_ASSERT | page, true);
}
