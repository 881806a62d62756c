/*
 * The MADT ("APIC"): the interrupt controllers and the processors.
 *
 * After the header come the local APIC address and flags, then a list of
 * variable-length entries, each starting with a type byte and a length
 * byte.  Entry types this decoder knows:
 *
 *   0  processor local APIC       8 bytes
 *   1  I/O APIC                  12 bytes
 *   2  interrupt source override 10 bytes
 *   3  NMI source                 8 bytes
 *   4  local APIC NMI             6 bytes
 *   5  local APIC address override 12 bytes
 *   9  processor local x2APIC    16 bytes
 *  10  local x2APIC NMI          12 bytes
 *
 * Other types are skipped by their length.  An entry shorter than its type
 * needs, of length 0 or 1, or running past the table's end fails the table.
 * Pure code.
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

#define MADT_LAPIC_ADDR 36
#define MADT_FLAGS 40
#define MADT_ENTRIES 44
#define MADT_PCAT_COMPAT 0x1

/* Processor entry flags. */
#define CPU_ENABLED 0x1
#define CPU_ONLINE_CAPABLE 0x2

enum {
	ENT_LAPIC = 0,
	ENT_IOAPIC = 1,
	ENT_OVERRIDE = 2,
	ENT_NMI_SOURCE = 3,
	ENT_LAPIC_NMI = 4,
	ENT_LAPIC_ADDR = 5,
	ENT_X2APIC = 9,
	ENT_X2APIC_NMI = 10,
};

/* The length each known entry type needs at least; 0 for unknown types. */
static unsigned
entry_min_len(uint8_t type)
{
	switch (type) {
	case ENT_LAPIC:
		return 8;
	case ENT_IOAPIC:
		return 12;
	case ENT_OVERRIDE:
		return 10;
	case ENT_NMI_SOURCE:
		return 8;
	case ENT_LAPIC_NMI:
		return 6;
	case ENT_LAPIC_ADDR:
		return 12;
	case ENT_X2APIC:
		return 16;
	case ENT_X2APIC_NMI:
		return 12;
	default:
		return 0;
	}
}

/* Records a processor unless it can never run or its APIC ID is already
 * known (firmware may list a CPU in both the xAPIC and x2APIC forms). */
static void
add_cpu(struct acpi_madt_info *m, uint32_t apic_id, uint32_t uid, uint32_t flags, bool x2apic)
{
	if ((flags & (CPU_ENABLED | CPU_ONLINE_CAPABLE)) == 0) {
		return;
	}
	for (unsigned i = 0; i < m->cpu_count; i++) {
		if (m->cpus[i].apic_id == apic_id) {
			return;
		}
	}
	if (m->cpu_count == ACPI_MAX_CPUS) {
		m->dropped++;
		return;
	}
	struct acpi_cpu *c = &m->cpus[m->cpu_count++];
	c->apic_id = apic_id;
	c->uid = uid;
	c->enabled = (flags & CPU_ENABLED) != 0;
	c->online_capable = !c->enabled && (flags & CPU_ONLINE_CAPABLE) != 0;
	c->x2apic = x2apic;
	if (c->enabled) {
		m->cpus_enabled++;
	}
}

static void
add_lapic_nmi(struct acpi_madt_info *m, uint32_t uid, uint16_t flags, uint8_t lint)
{
	if (m->lapic_nmi_count == ACPI_MAX_LAPIC_NMIS) {
		m->dropped++;
		return;
	}
	struct acpi_lapic_nmi *n = &m->lapic_nmis[m->lapic_nmi_count++];
	n->uid = uid;
	n->lint = lint;
	n->polarity = acpi_inti_polarity(flags);
	n->trigger = acpi_inti_trigger(flags);
}

/* Decodes one entry whose length has already been checked. */
static void
parse_entry(struct acpi_madt_info *m, const uint8_t *e)
{
	switch (e[0]) {
	case ENT_LAPIC:
		add_cpu(m, acpi_get8(e, 3), acpi_get8(e, 2), acpi_get32(e, 4), false);
		break;
	case ENT_X2APIC:
		add_cpu(m, acpi_get32(e, 4), acpi_get32(e, 12), acpi_get32(e, 8), true);
		break;
	case ENT_IOAPIC:
		if (m->ioapic_count == ACPI_MAX_IOAPICS) {
			m->dropped++;
			break;
		}
		m->ioapics[m->ioapic_count++] = (struct acpi_ioapic){
			.id = acpi_get8(e, 2),
			.address = acpi_get32(e, 4),
			.gsi_base = acpi_get32(e, 8),
		};
		break;
	case ENT_OVERRIDE:
		if (m->override_count == ACPI_MAX_OVERRIDES) {
			m->dropped++;
			break;
		}
		m->overrides[m->override_count++] = (struct acpi_override){
			.bus = acpi_get8(e, 2),
			.source = acpi_get8(e, 3),
			.gsi = acpi_get32(e, 4),
			.polarity = acpi_inti_polarity(acpi_get16(e, 8)),
			.trigger = acpi_inti_trigger(acpi_get16(e, 8)),
		};
		break;
	case ENT_NMI_SOURCE:
		if (m->nmi_source_count == ACPI_MAX_NMI_SOURCES) {
			m->dropped++;
			break;
		}
		m->nmi_sources[m->nmi_source_count++] = (struct acpi_nmi_source){
			.gsi = acpi_get32(e, 4),
			.polarity = acpi_inti_polarity(acpi_get16(e, 2)),
			.trigger = acpi_inti_trigger(acpi_get16(e, 2)),
		};
		break;
	case ENT_LAPIC_NMI: {
		/* An 8-bit UID; 0xff means every processor. */
		uint8_t uid = acpi_get8(e, 2);
		add_lapic_nmi(m, uid == 0xff ? ACPI_UID_ALL : uid, acpi_get16(e, 3),
		    acpi_get8(e, 5));
		break;
	}
	case ENT_X2APIC_NMI:
		add_lapic_nmi(m, acpi_get32(e, 4), acpi_get16(e, 2), acpi_get8(e, 8));
		break;
	case ENT_LAPIC_ADDR:
		m->lapic_addr = acpi_get64(e, 4);
		break;
	default:
		break;
	}
}

int
acpi_madt_parse(const void *bytes, size_t len, struct acpi_madt_info *out)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);

	memset(out, 0, sizeof(*out));
	if (tlen < 0) {
		return tlen;
	}
	if (memcmp(p, "APIC", 4) != 0) {
		return -ENOENT;
	}
	if (tlen < MADT_ENTRIES) {
		return -EINVAL;
	}
	/* Flags bit 0: the machine also has 8259 PICs, to be masked. */
	out->lapic_addr = acpi_get32(p, MADT_LAPIC_ADDR);
	out->pcat_compat = (acpi_get32(p, MADT_FLAGS) & MADT_PCAT_COMPAT) != 0;

	/*
	 * The address override may come after the processor entries, so the
	 * 32-bit address above is only a default that an entry replaces.
	 */
	size_t off = MADT_ENTRIES;
	while (off < (size_t)tlen) {
		if ((size_t)tlen - off < 2) {
			return -EINVAL;
		}
		/* Every entry must hold its own type and length, fit in what is
		 * left of the table, and be long enough for its fields. */
		uint8_t type = p[off];
		uint8_t elen = p[off + 1];
		if (elen < 2 || elen > (size_t)tlen - off || elen < entry_min_len(type)) {
			return -EINVAL;
		}
		parse_entry(out, p + off);
		off += elen;
	}
	out->present = true;
	return 0;
}
