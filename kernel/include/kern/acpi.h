/*
 * ACPI: what the firmware's static tables say about the machine.
 *
 * acpi_init() finds the RSDP, walks the RSDT or XSDT and decodes the tables
 * the kernel needs: MADT (CPUs, IOAPICs, interrupt overrides, NMIs), MCFG
 * (PCI Express configuration space), HPET, and FADT (power management
 * registers, reset register, and the S5 sleep values from the DSDT).  A
 * table with a bad checksum, an impossible length or a malformed entry is
 * reported on the console and skipped; acpi_init() never panics.  The
 * results are read-only after acpi_init() and need no lock.
 *
 * There is no AML interpreter: the only thing taken from the DSDT is the
 * `_S5_` package, found by pattern.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define ACPI_MAX_CPUS 64
#define ACPI_MAX_IOAPICS 8
#define ACPI_MAX_OVERRIDES 16
#define ACPI_MAX_LAPIC_NMIS 16
#define ACPI_MAX_NMI_SOURCES 4
#define ACPI_MAX_MCFG 8
#define ACPI_MAX_TABLES 32

/* The processor UID of a local APIC NMI entry that applies to every CPU. */
#define ACPI_UID_ALL 0xffffffffu

/* Generic Address Structure: where a firmware register lives. */
enum acpi_space {
	ACPI_SPACE_MEMORY = 0,
	ACPI_SPACE_IO = 1,
	ACPI_SPACE_PCI_CONFIG = 2,
};

struct acpi_gas {
	uint8_t space; /* enum acpi_space, or another raw value */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size; /* 0 undefined, 1 byte, 2 word, 3 dword, 4 qword */
	uint64_t address;    /* 0: the register does not exist */
};

/* Interrupt source override flags, decoded (MPS INTI flags). */
enum acpi_polarity {
	ACPI_POLARITY_CONFORMS, /* the bus's default (ISA: active high) */
	ACPI_POLARITY_HIGH,
	ACPI_POLARITY_LOW,
};

enum acpi_trigger {
	ACPI_TRIGGER_CONFORMS, /* the bus's default (ISA: edge) */
	ACPI_TRIGGER_EDGE,
	ACPI_TRIGGER_LEVEL,
};

/* One processor entry (local APIC or local x2APIC) that can run. */
struct acpi_cpu {
	uint32_t apic_id;
	uint32_t uid;        /* ACPI processor UID */
	bool enabled;        /* usable now */
	bool online_capable; /* disabled, but may be brought up later */
	bool x2apic;         /* came from an x2APIC entry */
};

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;  /* physical MMIO base */
	uint32_t gsi_base; /* first global system interrupt it serves */
};

/* "ISA IRQ source is wired to global system interrupt gsi." */
struct acpi_override {
	uint8_t bus; /* always 0 (ISA) */
	uint8_t source;
	uint32_t gsi;
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

/* A local APIC LINT pin that is wired to NMI. */
struct acpi_lapic_nmi {
	uint32_t uid; /* ACPI_UID_ALL for every processor */
	uint8_t lint; /* 0 or 1 */
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

/* A global system interrupt that is an NMI. */
struct acpi_nmi_source {
	uint32_t gsi;
	enum acpi_polarity polarity;
	enum acpi_trigger trigger;
};

struct acpi_madt_info {
	bool present;
	bool pcat_compat;    /* dual 8259s present: mask them */
	uint64_t lapic_addr; /* after the 64-bit override entry, if any */
	unsigned cpu_count;
	unsigned cpus_enabled;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned ioapic_count;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned override_count;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	unsigned lapic_nmi_count;
	struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
	unsigned nmi_source_count;
	struct acpi_nmi_source nmi_sources[ACPI_MAX_NMI_SOURCES];
	unsigned dropped; /* entries that did not fit in the arrays */
};

/* One PCI segment group's ECAM window. */
struct acpi_mcfg_segment {
	uint64_t base; /* address of bus 0's configuration space */
	uint16_t segment;
	uint8_t bus_start, bus_end;
};

struct acpi_mcfg_info {
	unsigned count;
	struct acpi_mcfg_segment segments[ACPI_MAX_MCFG];
};

struct acpi_hpet_info {
	bool present;
	uint64_t base;  /* physical MMIO base */
	uint8_t number; /* HPET sequence number */
	uint8_t comparators;
	bool counter64;
	uint16_t vendor;
	uint16_t min_tick; /* minimum periodic tick, in counter units */
};

struct acpi_fadt_info {
	bool present;
	uint8_t revision;
	uint16_t sci_irq;
	uint32_t flags;
	uint32_t smi_cmd; /* port to switch into ACPI mode, 0: none */
	uint8_t acpi_enable;
	struct acpi_gas pm1a_cnt, pm1b_cnt; /* address 0: absent */
	struct acpi_gas pm_timer;
	bool reset_supported; /* flags.RESET_REG_SUP and a usable register */
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint64_t dsdt; /* physical, X_DSDT preferred */
	bool s5_valid; /* the DSDT had a readable _S5_ package */
	uint8_t s5_typ_a, s5_typ_b;
};

struct acpi_info {
	uint64_t rsdp_phys;
	uint8_t rsdp_revision;
	char oem_id[7];       /* trailing blanks removed */
	unsigned table_count; /* tables listed in the root, good or not */
	char tables[ACPI_MAX_TABLES][5];
	struct acpi_madt_info madt;
	struct acpi_mcfg_info mcfg;
	struct acpi_hpet_info hpet;
	struct acpi_fadt_info fadt;
};

/* Finds and decodes the tables and logs a summary.  Returns 0, or a negative
 * error when there is no usable RSDP (the machine then runs without ACPI). */
int acpi_init(void);

/* The decoded tables; all fields are zero if acpi_init() failed or has not
 * run.  Never NULL. */
const struct acpi_info *acpi_info(void);

/* Enters S5 (soft off) through PM1a/PM1b.  Returns only on failure, with a
 * negative error: -ENODEV without a FADT or _S5_, -EIO if still running. */
int acpi_poweroff(void);

/* Resets through the FADT reset register.  Returns only on failure:
 * -ENODEV without one, -ENOTSUP for an address space it cannot use, -EIO. */
int acpi_reset(void);
