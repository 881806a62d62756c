/*
 * ACPI glue (see kern/acpi.h): gives the pure table walk its view of
 * physical memory, prints what it found, and drives the fixed registers
 * for power-off and reset.
 */
#include <xinim/errno.h>
#include <arch/acpi_regs.h>
#include <arch/memlayout.h>
#include <kern/acpi.h>
#include <kern/acpi_parse.h>
#include <kern/bootinfo.h>
#include <kern/log.h>
#include <kern/printf.h>
#include <kern/string.h>

/* PM1 control register bits. */
#define PM1_SCI_EN 0x0001
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK (7u << PM1_SLP_TYP_SHIFT)
#define PM1_SLP_EN (1u << 13)

/* The BIOS data area word holding the EBDA's segment. */
#define BDA_EBDA_SEGMENT 0x40e

/* Only the boot page tables' direct map is there yet: the first 4 GiB. */
#define TABLE_LIMIT 0x100000000ull

static struct acpi_info info;

/*
 * The one way tables are read.  Everything ACPI lives below 4 GiB in QEMU
 * and on the PCs we target; a table above that is reported as unreachable
 * until this learns to map it.
 */
static const void *
table_map(void *ctx, uint64_t phys, size_t len)
{
	if (len == 0 || phys >= TABLE_LIMIT || len > TABLE_LIMIT - phys) {
		return NULL;
	}
	return phys_to_virt(phys);
}

/* Complaints from the walk: one warning line each, never fatal. */
static void
table_report(void *ctx, const char *msg)
{
	pr_warn("acpi: %s\n", msg);
}

/* The address space of a register, as the debug log names it. */
static const char *
space_name(const struct acpi_gas *g)
{
	switch (g->space) {
	case ACPI_SPACE_IO:
		return "io";
	case ACPI_SPACE_MEMORY:
		return "mem";
	case ACPI_SPACE_PCI_CONFIG:
		return "pci";
	default:
		return "other";
	}
}

/*
 * The interrupt picture: a one-line summary at info level (tests grep it),
 * each entry at debug level.  Without a MADT the time and SMP code fall
 * back to one CPU and the legacy PIC.
 */
static void
log_madt(const struct acpi_madt_info *m)
{
	static const char *const pol[] = { "conforms", "high", "low" };
	static const char *const trig[] = { "conforms", "edge", "level" };

	if (!m->present) {
		pr_warn("acpi: no usable MADT: one CPU, no IOAPIC\n");
		return;
	}
	pr_info("acpi: %u CPUs, %u IOAPICs, %u overrides, lapic %#lx\n", m->cpus_enabled,
	    m->ioapic_count, m->override_count, (unsigned long)m->lapic_addr);
	for (unsigned i = 0; i < m->cpu_count; i++) {
		const struct acpi_cpu *c = &m->cpus[i];
		pr_debug("acpi:   cpu uid %u apic id %u%s%s\n", c->uid, c->apic_id,
		    c->x2apic ? " (x2apic)" : "", c->enabled ? "" : " online-capable");
	}
	for (unsigned i = 0; i < m->ioapic_count; i++) {
		const struct acpi_ioapic *a = &m->ioapics[i];
		pr_debug("acpi:   ioapic id %u at %#x gsi base %u\n", a->id, a->address,
		    a->gsi_base);
	}
	for (unsigned i = 0; i < m->override_count; i++) {
		const struct acpi_override *o = &m->overrides[i];
		pr_debug("acpi:   irq %u -> gsi %u, polarity %s, trigger %s\n", o->source, o->gsi,
		    pol[o->polarity], trig[o->trigger]);
	}
	for (unsigned i = 0; i < m->lapic_nmi_count; i++) {
		const struct acpi_lapic_nmi *n = &m->lapic_nmis[i];
		if (n->uid == ACPI_UID_ALL) {
			pr_debug("acpi:   nmi on lint%u of every cpu\n", n->lint);
		} else {
			pr_debug("acpi:   nmi on lint%u of cpu uid %u\n", n->lint, n->uid);
		}
	}
	for (unsigned i = 0; i < m->nmi_source_count; i++) {
		pr_debug("acpi:   nmi source gsi %u\n", m->nmi_sources[i].gsi);
	}
}

/* The boot log's account of the tables, in the order the brief fixes:
 * tables, MADT, MCFG, HPET, then the FADT's S5 values. */
static void
log_summary(void)
{
	char list[ACPI_MAX_TABLES * 5 + 1] = "";
	size_t used = 0;

	/* The buffer holds " XXXX" for every possible table, so no truncation. */
	for (unsigned i = 0; i < info.table_count; i++) {
		used += ksnprintf(list + used, sizeof(list) - used, " %s", info.tables[i]);
	}
	pr_info("acpi: RSDP rev %u (%s), %u tables:%s\n", info.rsdp_revision,
	    info.oem_id[0] ? info.oem_id : "no OEM", info.table_count, list);
	log_madt(&info.madt);
	for (unsigned i = 0; i < info.mcfg.count; i++) {
		const struct acpi_mcfg_segment *s = &info.mcfg.segments[i];
		pr_info("acpi: MCFG segment %u buses %u-%u at %#lx\n", s->segment, s->bus_start,
		    s->bus_end, (unsigned long)s->base);
	}
	if (info.mcfg.count == 0) {
		pr_info("acpi: no MCFG: PCI configuration through port I/O only\n");
	}
	if (info.hpet.present) {
		pr_info("acpi: HPET at %#lx\n", (unsigned long)info.hpet.base);
	} else {
		pr_info("acpi: no HPET\n");
	}
	/* Power-off and reset depend on the FADT; say so when it is missing. */
	const struct acpi_fadt_info *f = &info.fadt;
	if (!f->present) {
		pr_warn("acpi: no usable FADT: no ACPI power-off or reset\n");
		return;
	}
	pr_debug("acpi: FADT rev %u, SCI irq %u, PM1a_CNT %s %#lx, reset %s\n", f->revision,
	    f->sci_irq, space_name(&f->pm1a_cnt), (unsigned long)f->pm1a_cnt.address,
	    f->reset_supported ? "yes" : "no");
	if (f->s5_valid) {
		pr_info("acpi: S5 sleep type a=%u b=%u\n", f->s5_typ_a, f->s5_typ_b);
	}
}

int
acpi_init(void)
{
	struct acpi_env env = {
		.map = table_map,
		.report = table_report,
		.rsdp_hint = boot_info.rsdp_phys,
	};
	const uint16_t *bda = table_map(NULL, BDA_EBDA_SEGMENT, 2);

	/* The EBDA's segment comes from the BIOS data area at 0x40E; on UEFI
	 * machines it is 0 or junk, which the walk's range check ignores. */
	if (bda != NULL) {
		env.ebda_segment = *bda;
	}
	int err = acpi_discover(&env, &info);
	if (err != 0) {
		/* Partial results from a failed walk are not to be trusted. */
		pr_warn("acpi: no usable tables (%s): running without ACPI\n",
		    err == -ENOENT ? "no RSDP" : "bad root table");
		memset(&info, 0, sizeof(info));
		return err;
	}
	log_summary();
	return 0;
}

const struct acpi_info *
acpi_info(void)
{
	return &info;
}

/* Writes the sleep type to one PM1 control register, keeping the other
 * bits (SCI_EN above all: clearing it would hand control back to SMM). */
static int
pm1_set(const struct acpi_gas *reg, uint8_t typ, uint16_t extra)
{
	uint64_t v = 0;
	int err = arch_acpi_read(reg, &v);

	if (err != 0) {
		return err;
	}
	v &= ~(uint64_t)(PM1_SLP_TYP_MASK | PM1_SLP_EN);
	v |= (uint64_t)typ << PM1_SLP_TYP_SHIFT | extra;
	return arch_acpi_write(reg, v);
}

/* Firmware may start in legacy (SMM) mode, where the sleep registers are
 * not the OS's: ask it to switch, and give it up to 300 ms. */
static void
enter_acpi_mode(const struct acpi_fadt_info *f)
{
	const struct acpi_gas smi = { .space = ACPI_SPACE_IO,
		.bit_width = 8,
		.address = f->smi_cmd };
	uint64_t v = 0;

	if (arch_acpi_read(&f->pm1a_cnt, &v) != 0 || (v & PM1_SCI_EN) != 0 || f->smi_cmd == 0 ||
	    f->acpi_enable == 0) {
		return;
	}
	arch_acpi_write(&smi, f->acpi_enable);
	/* The firmware sets SCI_EN when it has let go of the hardware. */
	for (int i = 0; i < 300; i++) {
		if (arch_acpi_read(&f->pm1a_cnt, &v) == 0 && (v & PM1_SCI_EN) != 0) {
			return;
		}
		arch_acpi_delay_us(1000);
	}
}

int
acpi_poweroff(void)
{
	const struct acpi_fadt_info *f = &info.fadt;

	/* Without the DSDT's S5 values there is nothing safe to write. */
	if (!f->present || !f->s5_valid || f->pm1a_cnt.address == 0) {
		return -ENODEV;
	}
	enter_acpi_mode(f);
	/* The sleep type first, then the same with SLP_EN, as ACPICA does. */
	int err = pm1_set(&f->pm1a_cnt, f->s5_typ_a, 0);
	if (err == 0 && f->pm1b_cnt.address != 0) {
		err = pm1_set(&f->pm1b_cnt, f->s5_typ_b, 0);
	}
	if (err == 0) {
		err = pm1_set(&f->pm1a_cnt, f->s5_typ_a, PM1_SLP_EN);
	}
	if (err == 0 && f->pm1b_cnt.address != 0) {
		err = pm1_set(&f->pm1b_cnt, f->s5_typ_b, PM1_SLP_EN);
	}
	if (err != 0) {
		return err;
	}
	/* The machine should be off by now; if not, let the caller fall back. */
	arch_acpi_delay_us(500000);
	return -EIO;
}

/* Like acpi_poweroff(): returns only if the machine is still running, so
 * the caller can try the chipset's own reset next. */
int
acpi_reset(void)
{
	const struct acpi_fadt_info *f = &info.fadt;

	if (!f->present || !f->reset_supported) {
		return -ENODEV;
	}
	/* One write of the reset value; the register is 8 bits wide by spec. */
	int err = arch_acpi_write(&f->reset_reg, f->reset_value);
	if (err != 0) {
		return err;
	}
	arch_acpi_delay_us(500000);
	return -EIO;
}
