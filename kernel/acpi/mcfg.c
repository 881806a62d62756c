/*
 * The MCFG table: where each PCI segment group's memory-mapped (ECAM)
 * configuration space lives.  After the header and 8 reserved bytes come
 * 16-byte allocation entries: base address (8), segment (2), first bus (1),
 * last bus (1), reserved (4).  Pure code.
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

#define MCFG_ENTRIES 44
#define MCFG_ENTRY_LEN 16

int
acpi_mcfg_parse(const void *bytes, size_t len, struct acpi_mcfg_info *out)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);

	memset(out, 0, sizeof(*out));
	if (tlen < 0) {
		return tlen;
	}
	if (memcmp(p, "MCFG", 4) != 0) {
		return -ENOENT;
	}
	if (tlen < MCFG_ENTRIES || (tlen - MCFG_ENTRIES) % MCFG_ENTRY_LEN != 0) {
		return -EINVAL;
	}
	for (size_t off = MCFG_ENTRIES; off < (size_t)tlen; off += MCFG_ENTRY_LEN) {
		struct acpi_mcfg_segment s = {
			.base = acpi_get64(p, off),
			.segment = acpi_get16(p, off + 8),
			.bus_start = acpi_get8(p, off + 10),
			.bus_end = acpi_get8(p, off + 11),
		};
		/* An inverted bus range or a null base cannot be used. */
		if (s.bus_end < s.bus_start || s.base == 0) {
			return -EINVAL;
		}
		if (out->count < ACPI_MAX_MCFG) {
			out->segments[out->count++] = s;
		}
	}
	return 0;
}
