/*
 * The ACPI table framework: checksums, the RSDP, the common header every
 * system description table starts with, and the root table's list of
 * addresses.  Pure code (see kern/acpi_parse.h).
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

/* Offsets in the RSDP. */
#define RSDP_CHECKSUM 8
#define RSDP_OEMID 9
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24

/* Offset of the length field in a table header. */
#define SDT_LENGTH 4

uint8_t
acpi_checksum(const void *bytes, size_t len)
{
	const uint8_t *p = bytes;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++) {
		sum += p[i];
	}
	return sum;
}

/* Copies a blank-padded OEM ID and drops the padding. */
static void
copy_oem_id(char dst[7], const uint8_t *src)
{
	int n = 6;

	memcpy(dst, src, 6);
	while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\0')) {
		n--;
	}
	dst[n] = '\0';
}

/*
 * RSDP layout: "RSD PTR " (8), checksum of the first 20 bytes (1), OEM ID
 * (6), revision (1), RSDT address (4); from revision 2 on also length (4),
 * XSDT address (8), extended checksum over the whole length (1).
 */
int
acpi_rsdp_parse(const void *bytes, size_t len, struct acpi_rsdp *out)
{
	const uint8_t *p = bytes;

	if (p == NULL || len < ACPI_RSDP_V1_LEN) {
		return -EINVAL;
	}
	if (memcmp(p, "RSD PTR ", 8) != 0) {
		return -ENOENT;
	}
	/* The first 20 bytes carry their own checksum in every revision. */
	if (acpi_checksum(p, ACPI_RSDP_V1_LEN) != 0) {
		return -EBADMSG;
	}
	*out = (struct acpi_rsdp){ 0 };
	out->revision = acpi_get8(p, RSDP_REVISION);
	copy_oem_id(out->oem_id, p + RSDP_OEMID);
	out->rsdt = acpi_get32(p, RSDP_RSDT);
	if (out->revision < 2) {
		return 0;
	}

	/* ACPI 2.0+: the structure is longer and has an extended checksum. */
	if (len < ACPI_RSDP_V2_LEN) {
		return -EINVAL;
	}
	uint32_t full = acpi_get32(p, RSDP_LENGTH);
	if (full < ACPI_RSDP_V2_LEN || full > len) {
		return -EINVAL;
	}
	if (acpi_checksum(p, full) != 0) {
		return -EBADMSG;
	}
	out->xsdt = acpi_get64(p, RSDP_XSDT);
	return 0;
}

/*
 * Header layout: signature (4), length including the header (4), revision
 * (1), checksum (1), OEM ID (6), OEM table ID (8), OEM revision (4),
 * creator ID (4), creator revision (4): 36 bytes.
 */
int
acpi_sdt_check(const void *bytes, size_t len)
{
	const uint8_t *p = bytes;

	if (p == NULL || len < ACPI_SDT_HEADER_LEN) {
		return -EINVAL;
	}
	uint32_t tlen = acpi_get32(p, SDT_LENGTH);
	if (tlen < ACPI_SDT_HEADER_LEN || tlen > len || tlen > ACPI_TABLE_MAX_LEN) {
		return -EINVAL;
	}
	if (acpi_checksum(p, tlen) != 0) {
		return -EBADMSG;
	}
	return (int)tlen;
}

int
acpi_root_entries(const void *bytes, size_t len, unsigned entry_size, uint64_t *addrs, unsigned max)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);

	if (tlen < 0) {
		return tlen;
	}
	/* RSDT entries are 32-bit addresses, XSDT entries 64-bit ones. */
	if (entry_size != 4 && entry_size != 8) {
		return -EINVAL;
	}
	/* A partial entry at the end is ignored rather than failing the table. */
	unsigned n = ((size_t)tlen - ACPI_SDT_HEADER_LEN) / entry_size;
	for (unsigned i = 0; i < n && i < max; i++) {
		size_t off = ACPI_SDT_HEADER_LEN + (size_t)i * entry_size;
		addrs[i] = entry_size == 4 ? acpi_get32(p, off) : acpi_get64(p, off);
	}
	return (int)n;
}
