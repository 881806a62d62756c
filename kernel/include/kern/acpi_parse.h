/*
 * The pure half of the ACPI module: decoders that take a table's bytes and
 * a length and fill a result structure, and the table walk, which reaches
 * memory only through a caller-supplied mapping callback.  Nothing here
 * touches hardware, so all of it runs in the host unit tests.
 *
 * Every decoder checks lengths before reading and returns 0 or a negative
 * error: -EINVAL for an impossible length or a malformed entry, -EBADMSG
 * for a bad checksum, -ENOENT when a signature or name is not there.  On
 * error the result structure holds partial data the caller must discard.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <kern/acpi.h>

#define ACPI_SDT_HEADER_LEN 36
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36
/* A sanity bound on one table (DSDTs of big servers stay well below). */
#define ACPI_TABLE_MAX_LEN (16u << 20)

struct acpi_rsdp {
	uint8_t revision;
	char oem_id[7];
	uint32_t rsdt; /* physical address */
	uint64_t xsdt; /* physical address, 0 before ACPI 2.0 */
};

/* Sum of len bytes modulo 256: 0 for a valid table. */
uint8_t acpi_checksum(const void *bytes, size_t len);

/* Validates an RSDP (signature, v1 checksum, and for revision >= 2 the
 * length and extended checksum).  len is how many bytes are readable. */
int acpi_rsdp_parse(const void *bytes, size_t len, struct acpi_rsdp *out);

/* Checks a system description table: header fits, length field between the
 * header size and len, checksum.  Returns the table's length or an error. */
int acpi_sdt_check(const void *bytes, size_t len);

/* The root table's entries: entry_size 4 for the RSDT, 8 for the XSDT.
 * Stores up to max addresses; returns how many entries the table holds. */
int acpi_root_entries(const void *bytes, size_t len, unsigned entry_size, uint64_t *addrs,
    unsigned max);

int acpi_madt_parse(const void *bytes, size_t len, struct acpi_madt_info *out);
int acpi_mcfg_parse(const void *bytes, size_t len, struct acpi_mcfg_info *out);
int acpi_hpet_parse(const void *bytes, size_t len, struct acpi_hpet_info *out);

/* Fills everything in *out but the S5 values, which come from the DSDT. */
int acpi_fadt_parse(const void *bytes, size_t len, struct acpi_fadt_info *out);

/* Finds `Name(_S5_, Package(){a, b, ...})` in a DSDT's AML and returns the
 * first two elements.  -ENOENT if absent, -EINVAL if truncated or odd. */
int acpi_s5_parse(const void *bytes, size_t len, uint8_t *typ_a, uint8_t *typ_b);

/*
 * How the walk reaches memory.  map returns a pointer to len readable bytes
 * at physical address phys, or NULL if that range cannot be read; the
 * pointer stays valid until acpi_discover() returns.  report receives one
 * complaint, formatted, without a newline.
 */
struct acpi_env {
	const void *(*map)(void *ctx, uint64_t phys, size_t len);
	void (*report)(void *ctx, const char *msg);
	void *ctx;
	uint64_t rsdp_hint;    /* from the boot loader; 0: search */
	uint16_t ebda_segment; /* from the BIOS data area; 0: none */
};

/* Locates the RSDP: the hint if it is valid, else the first KiB of the EBDA
 * and 0xE0000-0xFFFFF on 16-byte boundaries.  Returns its physical address
 * via *phys and the decoded fields, or -ENOENT. */
int acpi_find_rsdp(const struct acpi_env *env, uint64_t *phys, struct acpi_rsdp *out);

/* The whole walk: RSDP, root table (XSDT when revision >= 2), then each
 * table it knows.  Bad tables are reported through env->report and left
 * out.  Returns 0, or a negative error if there is no usable root. */
int acpi_discover(const struct acpi_env *env, struct acpi_info *out);
