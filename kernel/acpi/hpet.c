/*
 * The HPET table: one High Precision Event Timer block.
 *
 *   36  event timer block ID (4): bits 31:16 PCI vendor, bit 13 counter is
 *       64 bits, bits 12:8 number of comparators minus one
 *   40  base address (Generic Address Structure, must be system memory)
 *   52  HPET number (1)
 *   53  minimum clock tick in periodic mode (2)
 *
 * Pure code.
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

#define HPET_BLOCK_ID 36
#define HPET_BASE 40
#define HPET_NUMBER 52
#define HPET_MIN_TICK 53
#define HPET_LEN 56

int
acpi_hpet_parse(const void *bytes, size_t len, struct acpi_hpet_info *out)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);

	memset(out, 0, sizeof(*out));
	if (tlen < 0) {
		return tlen;
	}
	if (memcmp(p, "HPET", 4) != 0) {
		return -ENOENT;
	}
	if (tlen < HPET_LEN) {
		return -EINVAL;
	}
	struct acpi_gas base = acpi_get_gas(p, HPET_BASE);
	if (base.space != ACPI_SPACE_MEMORY || base.address == 0) {
		return -EINVAL;
	}
	uint32_t id = acpi_get32(p, HPET_BLOCK_ID);
	out->base = base.address;
	out->number = acpi_get8(p, HPET_NUMBER);
	out->min_tick = acpi_get16(p, HPET_MIN_TICK);
	out->vendor = id >> 16;
	out->counter64 = (id & (1u << 13)) != 0;
	out->comparators = ((id >> 8) & 0x1f) + 1;
	out->present = true;
	return 0;
}
