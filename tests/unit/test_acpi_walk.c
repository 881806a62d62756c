/*
 * The ACPI table walk over a fake physical memory: a BIOS area, an EBDA
 * and one block of tables.  Checks the RSDP search order, the XSDT/RSDT
 * choice and fallback, and that a root entry pointing nowhere, a bad
 * checksum or an impossible length costs only that table, with a report.
 */
/* unit-sources: kernel/acpi/walk.c kernel/acpi/tables.c kernel/acpi/madt.c kernel/acpi/mcfg.c kernel/acpi/hpet.c kernel/acpi/fadt.c kernel/acpi/aml_s5.c kernel/lib/printf.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include "acpi_builder.h"

#define BIOS_BASE 0xe0000
#define EBDA_BASE 0x9fc00
#define TABLES_BASE 0x7fe0000

/* Offsets of each table in the tables block. */
enum {
	AT_RSDT = 0x000,
	AT_MADT = 0x100,
	AT_FADT = 0x200,
	AT_HPET = 0x400,
	AT_MCFG = 0x500,
	AT_DSDT = 0x600,
	AT_XSDT = 0x800,
	AT_RSDP = 0xf00,
};

static uint8_t bios[0x20000];
static uint8_t ebda[1024];
static uint8_t tables[0x1000];

struct fake {
	int reports;
	char last[160];
};

static struct fake fake;

static const void *
fake_map(void *ctx, uint64_t phys, size_t len)
{
	const struct {
		uint64_t base;
		uint8_t *bytes;
		size_t size;
	} regions[] = {
		{ BIOS_BASE, bios, sizeof(bios) },
		{ EBDA_BASE, ebda, sizeof(ebda) },
		{ TABLES_BASE, tables, sizeof(tables) },
	};

	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		if (phys >= regions[i].base && phys - regions[i].base <= regions[i].size &&
		    len <= regions[i].size - (phys - regions[i].base)) {
			return regions[i].bytes + (phys - regions[i].base);
		}
	}
	return NULL;
}

static void
fake_report(void *ctx, const char *msg)
{
	struct fake *f = ctx;

	f->reports++;
	snprintf(f->last, sizeof(f->last), "%s", msg);
}

static struct acpi_env
env_for(uint64_t hint, uint16_t ebda_seg)
{
	struct acpi_env e = {
		.map = fake_map,
		.report = fake_report,
		.ctx = &fake,
		.rsdp_hint = hint,
		.ebda_segment = ebda_seg,
	};
	return e;
}

/* A root table at off listing the given tables (offsets into the block). */
static void
put_root(size_t off, const char *sig, unsigned entry, const uint64_t *addrs, int n)
{
	uint8_t *t = tables + off;

	put_header(t, sig, 36 + entry * n, 1);
	for (int i = 0; i < n; i++) {
		if (entry == 4) {
			put32(t, 36 + 4 * i, (uint32_t)addrs[i]);
		} else {
			put64(t, 36 + 8 * i, addrs[i]);
		}
	}
	seal(t);
}

/* A small machine: 2 CPUs, 1 IOAPIC, an HPET, one ECAM window, a FADT
 * with PM1a at 0x604 and a DSDT whose _S5_ is {5, 5}. */
static void
build_machine(void)
{
	static const uint8_t aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02, 0x0a, 0x05, 0x0a,
		0x05 };
	uint8_t *t;

	memset(bios, 0, sizeof(bios));
	memset(ebda, 0, sizeof(ebda));
	memset(tables, 0, sizeof(tables));
	fake = (struct fake){ 0 };

	t = tables + AT_MADT;
	put_header(t, "APIC", 44 + 8 + 8 + 12, 3);
	put32(t, 36, 0xfee00000);
	uint8_t cpus[16] = { 0, 8, 0, 0, 1, 0, 0, 0, 0, 8, 1, 1, 1, 0, 0, 0 };
	memcpy(t + 44, cpus, 16);
	put8(t, 60, 1);
	put8(t, 61, 12);
	put32(t, 64, 0xfec00000);
	seal(t);

	t = tables + AT_FADT;
	put_header(t, "FACP", 244, 3);
	put32(t, 40, TABLES_BASE + AT_DSDT);
	put32(t, 64, 0x604);
	put8(t, 89, 2);
	seal(t);

	t = tables + AT_HPET;
	put_header(t, "HPET", 56, 1);
	put_gas(t, 40, ACPI_SPACE_MEMORY, 64, 0xfed00000);
	seal(t);

	t = tables + AT_MCFG;
	put_header(t, "MCFG", 60, 1);
	put64(t, 44, 0xb0000000);
	put8(t, 55, 255);
	seal(t);

	put_dsdt(tables + AT_DSDT, aml, sizeof(aml));

	const uint64_t all[] = { TABLES_BASE + AT_FADT, TABLES_BASE + AT_MADT,
		TABLES_BASE + AT_HPET, TABLES_BASE + AT_MCFG };
	put_root(AT_RSDT, "RSDT", 4, all, 4);
	put_root(AT_XSDT, "XSDT", 8, all, 4);
}

static void
test_rsdt_from_bios_area(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, 0);

	build_machine();
	put_rsdp(bios + 0x5a0, 0, TABLES_BASE + AT_RSDT, 0);
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(fake.reports, 0);
	assert_int_equal(info.rsdp_phys, BIOS_BASE + 0x5a0);
	assert_int_equal(info.rsdp_revision, 0);
	assert_string_equal(info.oem_id, "QEMU");
	assert_int_equal(info.table_count, 4);
	assert_string_equal(info.tables[0], "FACP");
	assert_string_equal(info.tables[3], "MCFG");
	assert_true(info.madt.present);
	assert_int_equal(info.madt.cpus_enabled, 2);
	assert_int_equal(info.madt.ioapic_count, 1);
	assert_int_equal(info.mcfg.count, 1);
	assert_int_equal(info.mcfg.segments[0].base, 0xb0000000);
	assert_true(info.hpet.present);
	assert_true(info.fadt.present);
	assert_true(info.fadt.s5_valid);
	assert_int_equal(info.fadt.s5_typ_a, 5);
	assert_int_equal(info.fadt.s5_typ_b, 5);
}

static void
test_rsdp_in_ebda(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, EBDA_BASE >> 4);

	build_machine();
	put_rsdp(ebda + 0x40, 0, TABLES_BASE + AT_RSDT, 0);
	put_rsdp(bios + 0x100, 0, 0xdead0000, 0); /* must not be reached */
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.rsdp_phys, EBDA_BASE + 0x40);
	assert_int_equal(info.table_count, 4);
}

static void
test_xsdt_preferred(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(TABLES_BASE + AT_RSDP, 0);
	const uint64_t madt_only[] = { TABLES_BASE + AT_MADT };

	build_machine();
	put_root(AT_RSDT, "RSDT", 4, madt_only, 1);
	put_rsdp(tables + AT_RSDP, 2, TABLES_BASE + AT_RSDT, TABLES_BASE + AT_XSDT);
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.rsdp_phys, TABLES_BASE + AT_RSDP);
	assert_int_equal(info.rsdp_revision, 2);
	assert_int_equal(info.table_count, 4);

	/* A broken XSDT falls back to the RSDT, with a report. */
	tables[AT_XSDT + 40] ^= 1;
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.table_count, 1);
	assert_string_equal(info.tables[0], "APIC");
	assert_true(fake.reports >= 1);
	assert_non_null(strstr(fake.last, "bad checksum"));
}

static void
test_bad_hint_searches(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(TABLES_BASE + AT_RSDP, 0);

	build_machine();
	put_rsdp(bios + 0x1000, 0, TABLES_BASE + AT_RSDT, 0);
	memcpy(tables + AT_RSDP, "garbage!", 8);
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.rsdp_phys, BIOS_BASE + 0x1000);
	assert_int_equal(fake.reports, 1);

	/* A hint into unmapped memory is survived the same way. */
	e.rsdp_hint = 0xfff00000;
	assert_int_equal(acpi_discover(&e, &info), 0);
}

static void
test_no_rsdp(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, 0);

	build_machine();
	/* The right signature with a wrong checksum is not an RSDP. */
	put_rsdp(bios + 0x200, 0, TABLES_BASE + AT_RSDT, 0);
	bios[0x200 + 8] ^= 1;
	assert_int_equal(acpi_discover(&e, &info), -ENOENT);
	assert_int_equal(info.table_count, 0);
}

static void
test_rsdt_nowhere(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, 0);

	build_machine();
	put_rsdp(bios + 0x10, 0, 0xdead0000, 0);
	assert_int_equal(acpi_discover(&e, &info), -EFAULT);
	assert_non_null(strstr(fake.last, "unreachable"));

	/* A root whose header is readable but whose length runs off the end. */
	put_rsdp(bios + 0x10, 0, TABLES_BASE + 0xf80, 0);
	put_header(tables + 0xf80, "RSDT", 0x100, 1);
	assert_int_equal(acpi_discover(&e, &info), -EFAULT);
}

static void
test_bad_tables_skipped(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, 0);
	const uint64_t list[] = { TABLES_BASE + AT_MADT, 0xdead0000, 0, TABLES_BASE + AT_MCFG,
		TABLES_BASE + AT_HPET, TABLES_BASE + AT_FADT };

	build_machine();
	tables[AT_MADT + 50] ^= 1;            /* bad checksum */
	put32(tables + AT_MCFG, 4, 10);       /* impossible length */
	tables[AT_HPET + 40] = ACPI_SPACE_IO; /* malformed, resealed */
	seal(tables + AT_HPET);
	tables[AT_DSDT + 36 + 7] = 1; /* one-element _S5_ */
	seal(tables + AT_DSDT);
	put_root(AT_RSDT, "RSDT", 4, list, 6);
	put_rsdp(bios, 0, TABLES_BASE + AT_RSDT, 0);

	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.table_count, 6);
	assert_string_equal(info.tables[1], "????");
	assert_string_equal(info.tables[2], "????");
	assert_false(info.madt.present);
	assert_int_equal(info.madt.cpu_count, 0);
	assert_int_equal(info.mcfg.count, 0);
	assert_false(info.hpet.present);
	assert_true(info.fadt.present);
	assert_false(info.fadt.s5_valid);
	/* MADT, unreachable, null, MCFG, HPET, _S5_. */
	assert_int_equal(fake.reports, 6);
}

static void
test_too_many_tables(void **state)
{
	struct acpi_info info;
	struct acpi_env e = env_for(0, 0);
	uint64_t list[40];

	build_machine();
	for (int i = 0; i < 40; i++) {
		list[i] = TABLES_BASE + AT_HPET;
	}
	put_root(AT_XSDT, "XSDT", 8, list, 40);
	put_rsdp(bios, 2, 0, TABLES_BASE + AT_XSDT);
	assert_int_equal(acpi_discover(&e, &info), 0);
	assert_int_equal(info.table_count, ACPI_MAX_TABLES);
	assert_true(info.hpet.present);
	assert_int_equal(fake.reports, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdt_from_bios_area),
		cmocka_unit_test(test_rsdp_in_ebda),
		cmocka_unit_test(test_xsdt_preferred),
		cmocka_unit_test(test_bad_hint_searches),
		cmocka_unit_test(test_no_rsdp),
		cmocka_unit_test(test_rsdt_nowhere),
		cmocka_unit_test(test_bad_tables_skipped),
		cmocka_unit_test(test_too_many_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
