/*
 * time_init(): the interrupt controllers and clocks, set up from what the
 * ACPI tables describe (kern/acpi.h).  The hardware modules take plain
 * addresses; this file is the only one that reads the MADT and the HPET
 * table for them.  Order matters: the 8259s are silenced before anything
 * else, the reference clock is needed to measure the TSC, and the
 * monotonic clock to measure the local APIC timer.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/hpet.h>
#include <arch/ioapic.h>
#include <arch/lapic.h>
#include <arch/pic.h>
#include <arch/tsc.h>
#include <kern/acpi.h>
#include <kern/clock.h>
#include <kern/log.h>

/* Where every PC chipset puts its first IOAPIC, for machines without a
 * MADT. */
#define IOAPIC_DEFAULT_PHYS 0xFEC00000

/* An override's polarity and trigger as IOAPIC_* flags, "conforms to the
 * bus" meaning the ISA defaults (active high, edge). */
static unsigned
override_flags(const struct acpi_override *o)
{
	unsigned flags = IOAPIC_EDGE | IOAPIC_HIGH;

	if (o->polarity == ACPI_POLARITY_LOW) {
		flags |= IOAPIC_LOW;
	}
	if (o->trigger == ACPI_TRIGGER_LEVEL) {
		flags |= IOAPIC_LEVEL;
	}
	return flags;
}

/* The local APIC and every IOAPIC of the MADT, with its overrides.
 * Returns 0, or the local APIC's error (then nothing else is set up). */
static int
apics_init(const struct acpi_madt_info *madt)
{
	int err;

	err = lapic_init(madt->present ? madt->lapic_addr : 0);
	if (err != 0) {
		return err;
	}
	if (!madt->present) {
		pr_warn("apic: no MADT, assuming one IOAPIC at %#x\n", IOAPIC_DEFAULT_PHYS);
		ioapic_add(0, IOAPIC_DEFAULT_PHYS, 0);
		return 0;
	}
	/* An IOAPIC that fails to register has already said why. */
	for (unsigned i = 0; i < madt->ioapic_count; i++) {
		const struct acpi_ioapic *io = &madt->ioapics[i];

		ioapic_add(io->id, io->address, io->gsi_base);
	}
	for (unsigned i = 0; i < madt->override_count; i++) {
		const struct acpi_override *o = &madt->overrides[i];

		if (o->bus != 0) {
			pr_warn("apic: override on bus %u (not ISA) ignored\n", o->bus);
			continue;
		}
		ioapic_set_override(o->source, o->gsi, override_flags(o));
	}
	return 0;
}

/*
 * The TSC's rate against the reference `clock=` asks for (the HPET by
 * default), falling back to the other one if it is missing or fails.
 * Returns the rate, or 0; *refname says which reference measured it.
 */
static uint64_t
tsc_measure(enum clock_ref ref, const char **refname)
{
	uint64_t hz = 0;

	if (ref != CLOCK_REF_PIT && hpet_present()) {
		hz = tsc_calibrate(TSC_REF_HPET);
		*refname = "HPET";
	}
	if (hz == 0) {
		if (ref == CLOCK_REF_HPET) {
			pr_warn("clock: clock=hpet but no working HPET, using the PIT\n");
		}
		hz = tsc_calibrate(TSC_REF_PIT);
		*refname = "PIT";
	}
	if (hz == 0 && ref == CLOCK_REF_PIT && hpet_present()) {
		hz = tsc_calibrate(TSC_REF_HPET);
		*refname = "HPET";
	}
	return hz;
}

void
time_init(enum clock_ref ref)
{
	const struct acpi_info *acpi = acpi_info();
	const char *refname = "nothing";
	uint64_t hz;
	bool invariant;

	pic_disable();
	if (apics_init(&acpi->madt) != 0) {
		pr_err("apic: no local APIC: no interrupts, no timer\n");
		return;
	}
	pr_info("apic: local APIC 0x%x at %#lx (%s), %u IOAPIC(s), PIC masked\n", lapic_id(),
	    lapic_phys(), lapic_x2apic_mode() ? "x2APIC" : "xAPIC", ioapic_count());
	/* The HPET is set up even under clock=pit: the self-test checks the
	 * clock against it. */
	if (acpi->hpet.present) {
		hpet_init(acpi->hpet.base);
	}
	hz = tsc_measure(ref, &refname);
	invariant = tsc_invariant();
	if (hz == 0 || clock_init(hz, invariant) != 0) {
		pr_err("clock: no usable clock: time stands still\n");
		return;
	}
	pr_info("clock: TSC %lu.%03lu MHz (calibrated against %s), %s\n", hz / 1000000,
	    hz / 1000 % 1000, refname, invariant ? "invariant" : "not invariant");
	hz = lapic_timer_calibrate();
	pr_debug("apic: timer %lu Hz\n", hz);
}
