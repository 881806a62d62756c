/*
 * Helpers for the ACPI unit tests: build tables byte by byte the way
 * firmware lays them out, then fix their checksums.  Little-endian stores
 * through memcpy, like the decoders' loads.
 */
#pragma once
#include <stdint.h>
#include <string.h>

static inline void
put8(uint8_t *p, size_t off, uint8_t v)
{
	p[off] = v;
}

static inline void
put16(uint8_t *p, size_t off, uint16_t v)
{
	memcpy(p + off, &v, 2);
}

static inline void
put32(uint8_t *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, 4);
}

static inline void
put64(uint8_t *p, size_t off, uint64_t v)
{
	memcpy(p + off, &v, 8);
}

/* A Generic Address Structure at p + off. */
static inline void
put_gas(uint8_t *p, size_t off, uint8_t space, uint8_t width, uint64_t addr)
{
	p[off] = space;
	p[off + 1] = width;
	p[off + 2] = 0;
	p[off + 3] = 0;
	put64(p, off + 4, addr);
}

/* Sets the byte at sum_off so that the first len bytes add up to 0. */
static inline void
fix_sum(uint8_t *p, size_t len, size_t sum_off)
{
	uint8_t s = 0;

	p[sum_off] = 0;
	for (size_t i = 0; i < len; i++) {
		s += p[i];
	}
	p[sum_off] = (uint8_t)(0x100 - s);
}

/* A 36-byte table header; the checksum is fixed by seal(). */
static inline void
put_header(uint8_t *p, const char *sig, uint32_t len, uint8_t rev)
{
	memset(p, 0, 36);
	memcpy(p, sig, 4);
	put32(p, 4, len);
	p[8] = rev;
	memcpy(p + 10, "XINIMT", 6);
	memcpy(p + 16, "TESTTBL ", 8);
}

static inline void
seal(uint8_t *p)
{
	uint32_t len;

	memcpy(&len, p + 4, 4);
	fix_sum(p, len, 9);
}

/* An RSDP of the given revision (0 or 2) with both checksums fixed. */
static inline void
put_rsdp(uint8_t *p, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	memset(p, 0, 36);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "QEMU  ", 6);
	p[15] = rev;
	put32(p, 16, rsdt);
	fix_sum(p, 20, 8);
	if (rev >= 2) {
		put32(p, 20, 36);
		put64(p, 24, xsdt);
		fix_sum(p, 36, 32);
	}
}

/* A DSDT whose AML is the given bytes. */
static inline size_t
put_dsdt(uint8_t *p, const uint8_t *aml, size_t aml_len)
{
	put_header(p, "DSDT", (uint32_t)(36 + aml_len), 2);
	memcpy(p + 36, aml, aml_len);
	seal(p);
	return 36 + aml_len;
}
