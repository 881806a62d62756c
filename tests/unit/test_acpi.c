/*
 * ACPI table decoders on hand-made tables: the valid forms firmware uses,
 * and malformed ones (bad checksums, impossible lengths, broken entries,
 * truncated AML) that must come back as errors without a crash.
 */
/* unit-sources: kernel/acpi/tables.c kernel/acpi/madt.c kernel/acpi/mcfg.c kernel/acpi/hpet.c kernel/acpi/fadt.c kernel/acpi/aml_s5.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include "acpi_builder.h"

static void
test_rsdp(void **state)
{
	uint8_t b[36];
	struct acpi_rsdp r;

	put_rsdp(b, 0, 0x7fe1000, 0);
	assert_int_equal(acpi_rsdp_parse(b, 20, &r), 0);
	assert_int_equal(r.revision, 0);
	assert_int_equal(r.rsdt, 0x7fe1000);
	assert_int_equal(r.xsdt, 0);
	assert_string_equal(r.oem_id, "QEMU");

	put_rsdp(b, 2, 0x1000, 0x123456789000ull);
	assert_int_equal(acpi_rsdp_parse(b, 36, &r), 0);
	assert_int_equal(r.xsdt, 0x123456789000ull);
	/* A v2 RSDP must have its 36 bytes readable. */
	assert_int_equal(acpi_rsdp_parse(b, 20, &r), -EINVAL);

	b[30] ^= 1; /* breaks only the extended checksum */
	assert_int_equal(acpi_rsdp_parse(b, 36, &r), -EBADMSG);
	put_rsdp(b, 2, 0x1000, 0x2000);
	put32(b, 20, 20); /* a length shorter than the v2 structure */
	fix_sum(b, 36, 32);
	assert_int_equal(acpi_rsdp_parse(b, 36, &r), -EINVAL);

	put_rsdp(b, 0, 0x1000, 0);
	b[16] ^= 0xff;
	assert_int_equal(acpi_rsdp_parse(b, 20, &r), -EBADMSG);
	memcpy(b, "RSD PTX ", 8);
	assert_int_equal(acpi_rsdp_parse(b, 20, &r), -ENOENT);
	assert_int_equal(acpi_rsdp_parse(b, 10, &r), -EINVAL);
}

static void
test_sdt_check(void **state)
{
	uint8_t t[64];

	put_header(t, "TEST", 40, 1);
	seal(t);
	assert_int_equal(acpi_sdt_check(t, sizeof(t)), 40);
	assert_int_equal(acpi_sdt_check(t, 39), -EINVAL); /* length past the buffer */
	assert_int_equal(acpi_sdt_check(t, 20), -EINVAL); /* header cut short */
	put32(t, 4, 30);                                  /* shorter than the header itself */
	seal(t);
	assert_int_equal(acpi_sdt_check(t, sizeof(t)), -EINVAL);
	put32(t, 4, 40);
	seal(t);
	t[37] ^= 0x10;
	assert_int_equal(acpi_sdt_check(t, sizeof(t)), -EBADMSG);
	assert_int_equal(acpi_checksum("\x01\xff", 2), 0);
}

static void
test_root_entries(void **state)
{
	uint8_t t[64];
	uint64_t a[4];

	put_header(t, "XSDT", 36 + 16, 1);
	put64(t, 36, 0x1000);
	put64(t, 44, 0x100000000ull);
	seal(t);
	assert_int_equal(acpi_root_entries(t, sizeof(t), 8, a, 4), 2);
	assert_int_equal(a[0], 0x1000);
	assert_int_equal(a[1], 0x100000000ull);

	/* As an RSDT the same bytes are four 32-bit entries; max caps stores. */
	memcpy(t, "RSDT", 4);
	seal(t);
	memset(a, 0, sizeof(a));
	assert_int_equal(acpi_root_entries(t, sizeof(t), 4, a, 2), 4);
	assert_int_equal(a[0], 0x1000);
	assert_int_equal(a[1], 0);
	assert_int_equal(acpi_root_entries(t, sizeof(t), 3, a, 2), -EINVAL);
}

/* A MADT with one entry of every kind the decoder knows. */
static size_t
build_madt(uint8_t *t)
{
	size_t o = 44;

	put_header(t, "APIC", 0, 4);
	put32(t, 36, 0xfee00000);
	put32(t, 40, 1);
	/* Local APICs: enabled, online-capable, and unusable (skipped). */
	uint8_t lapics[3][8] = {
		{ 0, 8, 0, 1, 1, 0, 0, 0 },
		{ 0, 8, 1, 2, 2, 0, 0, 0 },
		{ 0, 8, 2, 3, 0, 0, 0, 0 },
	};
	for (int i = 0; i < 3; i++, o += 8) {
		memcpy(t + o, lapics[i], 8);
	}
	put8(t, o, 9); /* x2APIC, enabled, APIC ID 300 */
	put8(t, o + 1, 16);
	put16(t, o + 2, 0);
	put32(t, o + 4, 300);
	put32(t, o + 8, 1);
	put32(t, o + 12, 7);
	o += 16;
	put8(t, o, 1); /* IOAPIC id 4 */
	put8(t, o + 1, 12);
	put8(t, o + 2, 4);
	put32(t, o + 4, 0xfec00000);
	put32(t, o + 8, 24);
	o += 12;
	put8(t, o, 2); /* ISA 9 -> GSI 20, active low, level */
	put8(t, o + 1, 10);
	put8(t, o + 2, 0);
	put8(t, o + 3, 9);
	put32(t, o + 4, 20);
	put16(t, o + 8, 0xf);
	o += 10;
	put8(t, o, 3); /* NMI source GSI 5, active high, edge */
	put8(t, o + 1, 8);
	put16(t, o + 2, 0x5);
	put32(t, o + 4, 5);
	o += 8;
	put8(t, o, 4); /* local APIC NMI on LINT1 of every CPU */
	put8(t, o + 1, 6);
	put8(t, o + 2, 0xff);
	put16(t, o + 3, 0);
	put8(t, o + 5, 1);
	o += 6;
	put8(t, o, 10); /* x2APIC NMI on LINT0 of UID 7 */
	put8(t, o + 1, 12);
	put16(t, o + 2, 0);
	put32(t, o + 4, 7);
	put8(t, o + 8, 0);
	o += 12;
	put8(t, o, 5); /* the 64-bit local APIC address */
	put8(t, o + 1, 12);
	put64(t, o + 4, 0x1fee00000ull);
	o += 12;
	put8(t, o, 0x7f); /* an unknown type, skipped by its length */
	put8(t, o + 1, 3);
	o += 3;
	put32(t, 4, (uint32_t)o);
	seal(t);
	return o;
}

static void
test_madt(void **state)
{
	uint8_t t[256];
	struct acpi_madt_info m;
	size_t len = build_madt(t);

	assert_int_equal(acpi_madt_parse(t, len, &m), 0);
	assert_true(m.present);
	assert_true(m.pcat_compat);
	assert_int_equal(m.lapic_addr, 0x1fee00000ull);
	assert_int_equal(m.cpu_count, 3);
	assert_int_equal(m.cpus_enabled, 2);
	assert_int_equal(m.cpus[0].apic_id, 1);
	assert_true(m.cpus[0].enabled);
	assert_int_equal(m.cpus[1].apic_id, 2);
	assert_false(m.cpus[1].enabled);
	assert_true(m.cpus[1].online_capable);
	assert_int_equal(m.cpus[2].apic_id, 300);
	assert_int_equal(m.cpus[2].uid, 7);
	assert_true(m.cpus[2].x2apic);
	assert_int_equal(m.ioapic_count, 1);
	assert_int_equal(m.ioapics[0].id, 4);
	assert_int_equal(m.ioapics[0].address, 0xfec00000);
	assert_int_equal(m.ioapics[0].gsi_base, 24);
	assert_int_equal(m.override_count, 1);
	assert_int_equal(m.overrides[0].source, 9);
	assert_int_equal(m.overrides[0].gsi, 20);
	assert_int_equal(m.overrides[0].polarity, ACPI_POLARITY_LOW);
	assert_int_equal(m.overrides[0].trigger, ACPI_TRIGGER_LEVEL);
	assert_int_equal(m.nmi_source_count, 1);
	assert_int_equal(m.nmi_sources[0].gsi, 5);
	assert_int_equal(m.nmi_sources[0].polarity, ACPI_POLARITY_HIGH);
	assert_int_equal(m.nmi_sources[0].trigger, ACPI_TRIGGER_EDGE);
	assert_int_equal(m.lapic_nmi_count, 2);
	assert_int_equal(m.lapic_nmis[0].uid, ACPI_UID_ALL);
	assert_int_equal(m.lapic_nmis[0].lint, 1);
	assert_int_equal(m.lapic_nmis[1].uid, 7);
	assert_int_equal(m.lapic_nmis[1].lint, 0);
	assert_int_equal(m.dropped, 0);
}

static void
test_madt_malformed(void **state)
{
	uint8_t t[256];
	struct acpi_madt_info m;
	size_t len = build_madt(t);

	/* Entry length 0 would loop forever if it were believed. */
	t[44 + 1] = 0;
	seal(t);
	assert_int_equal(acpi_madt_parse(t, len, &m), -EINVAL);
	assert_false(m.present);

	/* The last entry runs past the table's end. */
	build_madt(t);
	t[len - 3 + 1] = 4;
	seal(t);
	assert_int_equal(acpi_madt_parse(t, len, &m), -EINVAL);

	/* An IOAPIC entry too short for its fields. */
	build_madt(t);
	t[44 + 24 + 16 + 1] = 8;
	seal(t);
	assert_int_equal(acpi_madt_parse(t, len, &m), -EINVAL);

	/* One stray byte after the last entry. */
	build_madt(t);
	put32(t, 4, (uint32_t)len + 1);
	t[len] = 0;
	seal(t);
	assert_int_equal(acpi_madt_parse(t, len + 1, &m), -EINVAL);

	/* Too short to hold the local APIC address, and a bad checksum. */
	put_header(t, "APIC", 40, 1);
	seal(t);
	assert_int_equal(acpi_madt_parse(t, 40, &m), -EINVAL);
	build_madt(t);
	t[50] ^= 1;
	assert_int_equal(acpi_madt_parse(t, len, &m), -EBADMSG);
	build_madt(t);
	memcpy(t, "APIX", 4);
	seal(t);
	assert_int_equal(acpi_madt_parse(t, len, &m), -ENOENT);
}

static void
test_madt_overflow(void **state)
{
	static uint8_t t[44 + 70 * 8];
	struct acpi_madt_info m;

	put_header(t, "APIC", sizeof(t), 1);
	for (int i = 0; i < 70; i++) {
		uint8_t e[8] = { 0, 8, (uint8_t)i, (uint8_t)i, 1, 0, 0, 0 };
		memcpy(t + 44 + 8 * i, e, 8);
	}
	seal(t);
	assert_int_equal(acpi_madt_parse(t, sizeof(t), &m), 0);
	assert_int_equal(m.cpu_count, ACPI_MAX_CPUS);
	assert_int_equal(m.dropped, 70 - ACPI_MAX_CPUS);
}

static void
test_mcfg(void **state)
{
	uint8_t t[76];
	struct acpi_mcfg_info m;

	put_header(t, "MCFG", 76, 1);
	put64(t, 44, 0xb0000000);
	put16(t, 52, 0);
	put8(t, 54, 0);
	put8(t, 55, 255);
	put64(t, 60, 0x4000000000ull);
	put16(t, 68, 1);
	put8(t, 70, 16);
	put8(t, 71, 31);
	seal(t);
	assert_int_equal(acpi_mcfg_parse(t, sizeof(t), &m), 0);
	assert_int_equal(m.count, 2);
	assert_int_equal(m.segments[0].base, 0xb0000000);
	assert_int_equal(m.segments[0].bus_end, 255);
	assert_int_equal(m.segments[1].segment, 1);
	assert_int_equal(m.segments[1].bus_start, 16);
	assert_int_equal(m.segments[1].base, 0x4000000000ull);

	put8(t, 71, 15); /* last bus before the first */
	seal(t);
	assert_int_equal(acpi_mcfg_parse(t, sizeof(t), &m), -EINVAL);
	put_header(t, "MCFG", 70, 1); /* a partial entry */
	seal(t);
	assert_int_equal(acpi_mcfg_parse(t, sizeof(t), &m), -EINVAL);
	assert_int_equal(m.count, 0);
}

static void
test_hpet(void **state)
{
	uint8_t t[56];
	struct acpi_hpet_info h;

	put_header(t, "HPET", 56, 1);
	put32(t, 36, 0x8086a201);
	put_gas(t, 40, ACPI_SPACE_MEMORY, 64, 0xfed00000);
	put8(t, 52, 0);
	put16(t, 53, 0x80);
	seal(t);
	assert_int_equal(acpi_hpet_parse(t, sizeof(t), &h), 0);
	assert_true(h.present);
	assert_int_equal(h.base, 0xfed00000);
	assert_int_equal(h.comparators, 3);
	assert_true(h.counter64);
	assert_int_equal(h.vendor, 0x8086);
	assert_int_equal(h.min_tick, 0x80);

	put_gas(t, 40, ACPI_SPACE_IO, 64, 0xfed00000); /* not memory */
	seal(t);
	assert_int_equal(acpi_hpet_parse(t, sizeof(t), &h), -EINVAL);
	put_header(t, "HPET", 50, 1);
	seal(t);
	assert_int_equal(acpi_hpet_parse(t, sizeof(t), &h), -EINVAL);
	assert_false(h.present);
}

static void
test_fadt_v1(void **state)
{
	uint8_t t[116];
	struct acpi_fadt_info f;

	memset(t, 0, sizeof(t));
	put_header(t, "FACP", 116, 1);
	put32(t, 40, 0x7fe0040);
	put16(t, 46, 9);
	put32(t, 48, 0xb2);
	put8(t, 52, 0xf1);
	put32(t, 64, 0x604);
	put8(t, 89, 2);
	put32(t, 76, 0x608);
	put8(t, 91, 4);
	put32(t, 112, 1u << 10); /* flagged, but v1 has no reset register */
	seal(t);
	assert_int_equal(acpi_fadt_parse(t, sizeof(t), &f), 0);
	assert_true(f.present);
	assert_int_equal(f.sci_irq, 9);
	assert_int_equal(f.smi_cmd, 0xb2);
	assert_int_equal(f.acpi_enable, 0xf1);
	assert_int_equal(f.dsdt, 0x7fe0040);
	assert_int_equal(f.pm1a_cnt.space, ACPI_SPACE_IO);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_int_equal(f.pm1a_cnt.bit_width, 16);
	assert_int_equal(f.pm1b_cnt.address, 0);
	assert_int_equal(f.pm_timer.address, 0x608);
	assert_int_equal(f.pm_timer.bit_width, 32);
	assert_false(f.reset_supported);

	put_header(t, "FACP", 100, 1); /* shorter than ACPI 1.0's FADT */
	seal(t);
	assert_int_equal(acpi_fadt_parse(t, sizeof(t), &f), -EINVAL);
	assert_false(f.present);
}

static void
test_fadt_v5(void **state)
{
	uint8_t t[268];
	struct acpi_fadt_info f;

	memset(t, 0, sizeof(t));
	put_header(t, "FACP", sizeof(t), 5);
	put32(t, 40, 0x1000);
	put32(t, 64, 0x604);
	put8(t, 89, 0); /* no length: a 16-bit default */
	put32(t, 112, 1u << 10);
	put_gas(t, 116, ACPI_SPACE_IO, 8, 0xcf9);
	put8(t, 128, 0x06);
	put64(t, 140, 0x100002000ull);
	put_gas(t, 172, ACPI_SPACE_MEMORY, 16, 0xfe000404);
	put_gas(t, 184, ACPI_SPACE_IO, 16, 0x1004);
	seal(t);
	assert_int_equal(acpi_fadt_parse(t, sizeof(t), &f), 0);
	assert_int_equal(f.revision, 5);
	assert_int_equal(f.dsdt, 0x100002000ull);
	assert_int_equal(f.pm1a_cnt.space, ACPI_SPACE_MEMORY);
	assert_int_equal(f.pm1a_cnt.address, 0xfe000404);
	assert_int_equal(f.pm1b_cnt.address, 0x1004);
	assert_true(f.reset_supported);
	assert_int_equal(f.reset_reg.address, 0xcf9);
	assert_int_equal(f.reset_value, 6);

	/* A zero X_PM1a falls back to the legacy port. */
	put_gas(t, 172, 0, 0, 0);
	put64(t, 140, 0);
	seal(t);
	assert_int_equal(acpi_fadt_parse(t, sizeof(t), &f), 0);
	assert_int_equal(f.pm1a_cnt.address, 0x604);
	assert_int_equal(f.pm1a_cnt.bit_width, 16);
	assert_int_equal(f.dsdt, 0x1000);
}

static void
test_s5(void **state)
{
	uint8_t t[128];
	uint8_t a = 9, b = 9;

	/* QEMU's form: Name(_S5_, Package(4){Zero, Zero, Zero, Zero}). */
	static const uint8_t qemu[] = { 0x10, 0x05, '\\', '_', 'S', 'B', '_', 0x08, '_', 'S', '5',
		'_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
	size_t len = put_dsdt(t, qemu, sizeof(qemu));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), 0);
	assert_int_equal(a, 0);
	assert_int_equal(b, 0);

	/* A root prefix, BytePrefix and OneOp, after a mere reference. */
	static const uint8_t mixed[] = { 0x70, '_', 'S', '5', '_', 0x60, 0x08, '\\', '_', 'S', '5',
		'_', 0x12, 0x07, 0x02, 0x0a, 0x05, 0x01, 0x00, 0x00 };
	len = put_dsdt(t, mixed, sizeof(mixed));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 1);

	/* A two-byte PkgLength and a WordPrefix. */
	static const uint8_t longer[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x48, 0x00, 0x02, 0x0b,
		0x07, 0x00, 0x0a, 0x03 };
	uint8_t big[36 + 0x48];
	memset(big, 0, sizeof(big));
	memcpy(big + 36, longer, sizeof(longer));
	put_header(big, "DSDT", sizeof(big), 2);
	seal(big);
	assert_int_equal(acpi_s5_parse(big, sizeof(big), &a, &b), 0);
	assert_int_equal(a, 7);
	assert_int_equal(b, 3);
}

static void
test_s5_malformed(void **state)
{
	uint8_t t[128];
	uint8_t a, b;
	size_t len;

	/* The package claims more bytes than the table has. */
	static const uint8_t past_end[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x30, 0x02, 0x00,
		0x00 };
	len = put_dsdt(t, past_end, sizeof(past_end));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -EINVAL);

	/* The table ends inside a BytePrefix element. */
	static const uint8_t cut[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 0x0a, 0x05,
		0x0a };
	len = put_dsdt(t, cut, sizeof(cut));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -EINVAL);

	/* A package of one element, and one of non-constant elements. */
	static const uint8_t one[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x03, 0x01, 0x00 };
	len = put_dsdt(t, one, sizeof(one));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -EINVAL);
	static const uint8_t odd[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x05, 0x02, 'A', 'B', 'C' };
	len = put_dsdt(t, odd, sizeof(odd));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -EINVAL);

	/* The name at the very end of the table, with no PackageOp. */
	static const uint8_t tail[] = { 0x00, 0x08, '_', 'S', '5', '_' };
	len = put_dsdt(t, tail, sizeof(tail));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -ENOENT);

	static const uint8_t none[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x03, 0x01, 0x00 };
	len = put_dsdt(t, none, sizeof(none));
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -ENOENT);
	t[40] ^= 1;
	assert_int_equal(acpi_s5_parse(t, len, &a, &b), -EBADMSG);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdp),
		cmocka_unit_test(test_sdt_check),
		cmocka_unit_test(test_root_entries),
		cmocka_unit_test(test_madt),
		cmocka_unit_test(test_madt_malformed),
		cmocka_unit_test(test_madt_overflow),
		cmocka_unit_test(test_mcfg),
		cmocka_unit_test(test_hpet),
		cmocka_unit_test(test_fadt_v1),
		cmocka_unit_test(test_fadt_v5),
		cmocka_unit_test(test_s5),
		cmocka_unit_test(test_s5_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
