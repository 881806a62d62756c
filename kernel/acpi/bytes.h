/*
 * Little-endian field loads for the ACPI decoders.  Tables are byte
 * arrays with no alignment promise, so every load goes through memcpy,
 * which the compiler turns into one plain move on x86.
 */
#pragma once
#include <stdint.h>
#include <kern/acpi.h>
#include <kern/string.h>

static inline uint8_t
acpi_get8(const uint8_t *p, size_t off)
{
	return p[off];
}

static inline uint16_t
acpi_get16(const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static inline uint32_t
acpi_get32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static inline uint64_t
acpi_get64(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* A 12-byte Generic Address Structure at p + off. */
static inline struct acpi_gas
acpi_get_gas(const uint8_t *p, size_t off)
{
	struct acpi_gas g = {
		.space = p[off],
		.bit_width = p[off + 1],
		.bit_offset = p[off + 2],
		.access_size = p[off + 3],
		.address = acpi_get64(p, off + 4),
	};
	return g;
}

/* MPS INTI flags, shared by overrides and NMI entries: bits 1:0 polarity,
 * bits 3:2 trigger mode; the reserved value 2 reads as "conforms". */
static inline enum acpi_polarity
acpi_inti_polarity(uint16_t flags)
{
	switch (flags & 3) {
	case 1:
		return ACPI_POLARITY_HIGH;
	case 3:
		return ACPI_POLARITY_LOW;
	default:
		return ACPI_POLARITY_CONFORMS;
	}
}

static inline enum acpi_trigger
acpi_inti_trigger(uint16_t flags)
{
	switch ((flags >> 2) & 3) {
	case 1:
		return ACPI_TRIGGER_EDGE;
	case 3:
		return ACPI_TRIGGER_LEVEL;
	default:
		return ACPI_TRIGGER_CONFORMS;
	}
}
