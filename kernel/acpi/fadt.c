/*
 * The FADT ("FACP"): fixed hardware registers and the DSDT's address.
 *
 * The table grew with each ACPI revision, so each field is read only when
 * the table is long enough to hold it; the 64-bit "X_" forms (Generic
 * Address Structures) are preferred over the old 32-bit port numbers when
 * present and non-zero.  ACPI 1.0's 116 bytes (up to the flags) are the
 * minimum accepted.  Pure code.
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

/* Byte offsets of the fields used, and the table length that covers each. */
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_PM_TMR 76
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_FLAGS 112
#define FADT_MIN_LEN 116
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_X_PM1A_CNT 172
#define FADT_X_PM1B_CNT 184
#define FADT_X_PM_TMR 208
#define GAS_LEN 12

#define FADT_RESET_REG_SUP (1u << 10)

/*
 * A register given both as a legacy port (width in bytes from its _LEN
 * field, default_bits if that is unset) and as an optional X_ GAS: the GAS
 * wins when the table has it and it is non-zero.
 */
static struct acpi_gas
pick_register(const uint8_t *p, size_t tlen, size_t legacy_off, size_t len_off, size_t x_off,
    uint8_t default_bits)
{
	uint8_t bytes = acpi_get8(p, len_off);
	struct acpi_gas g = { 0 };

	if (tlen >= x_off + GAS_LEN) {
		g = acpi_get_gas(p, x_off);
		if (g.address != 0) {
			return g;
		}
	}
	g = (struct acpi_gas){
		.space = ACPI_SPACE_IO,
		.bit_width = bytes != 0 && bytes <= 8 ? (uint8_t)(bytes * 8) : default_bits,
		.address = acpi_get32(p, legacy_off),
	};
	return g;
}

int
acpi_fadt_parse(const void *bytes, size_t len, struct acpi_fadt_info *out)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);

	memset(out, 0, sizeof(*out));
	if (tlen < 0) {
		return tlen;
	}
	if (memcmp(p, "FACP", 4) != 0) {
		return -ENOENT;
	}
	if (tlen < FADT_MIN_LEN) {
		return -EINVAL;
	}
	size_t n = (size_t)tlen;

	out->revision = acpi_get8(p, 8);
	out->sci_irq = acpi_get16(p, FADT_SCI_INT);
	out->smi_cmd = acpi_get32(p, FADT_SMI_CMD);
	out->acpi_enable = acpi_get8(p, FADT_ACPI_ENABLE);
	out->flags = acpi_get32(p, FADT_FLAGS);
	/* PM1 control registers are 16 bits wide, the PM timer 32. */
	out->pm1a_cnt = pick_register(p, n, FADT_PM1A_CNT, FADT_PM1_CNT_LEN, FADT_X_PM1A_CNT, 16);
	out->pm1b_cnt = pick_register(p, n, FADT_PM1B_CNT, FADT_PM1_CNT_LEN, FADT_X_PM1B_CNT, 16);
	out->pm_timer = pick_register(p, n, FADT_PM_TMR, FADT_PM_TMR_LEN, FADT_X_PM_TMR, 32);

	out->dsdt = acpi_get32(p, FADT_DSDT);
	if (n >= FADT_X_DSDT + 8 && acpi_get64(p, FADT_X_DSDT) != 0) {
		out->dsdt = acpi_get64(p, FADT_X_DSDT);
	}

	/* The reset register exists from ACPI 2.0 on, and only if flagged. */
	if ((out->flags & FADT_RESET_REG_SUP) != 0 && n > FADT_RESET_VALUE) {
		out->reset_reg = acpi_get_gas(p, FADT_RESET_REG);
		out->reset_value = acpi_get8(p, FADT_RESET_VALUE);
		out->reset_supported = out->reset_reg.address != 0;
	}
	out->present = true;
	return 0;
}
