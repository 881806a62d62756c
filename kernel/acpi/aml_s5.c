/*
 * The S5 (soft off) sleep type values, taken from the DSDT without an AML
 * interpreter.  Firmware declares them as a named package at the root:
 *
 *   08 [5c] '_S5_' 12 <PkgLength> <NumElements> <element> <element> ...
 *   NameOp [\] name PackageOp
 *
 * where each element is an integer constant: ZeroOp (00), OneOp (01), or a
 * BytePrefix (0a), WordPrefix (0b), DWordPrefix (0c) or QWordPrefix (0e)
 * followed by that many little-endian bytes.  The first two elements are
 * SLP_TYPa and SLP_TYPb, 3-bit values.  Every read is bounded by both the
 * table and the package's own length.  Pure code.
 */
#include <xinim/errno.h>
#include <kern/acpi_parse.h>
#include <kern/string.h>
#include "bytes.h"

#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_ROOT_CHAR 0x5c
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0a
#define AML_WORD_PREFIX 0x0b
#define AML_DWORD_PREFIX 0x0c
#define AML_QWORD_PREFIX 0x0e

/*
 * Decodes a PkgLength at p[*pos], limit bytes available in all.  The lead
 * byte's bits 7:6 say how many bytes follow; with none, bits 5:0 are the
 * length, else bits 3:0 are its low nibble and each following byte adds
 * 8 more bits.  The length counts the PkgLength bytes themselves.
 */
static int
read_pkg_length(const uint8_t *p, size_t limit, size_t *pos, size_t *length)
{
	size_t i = *pos;

	if (i >= limit) {
		return -EINVAL;
	}
	uint8_t lead = p[i];
	unsigned follow = lead >> 6;
	if (follow > limit - i - 1) {
		return -EINVAL;
	}
	size_t v;
	if (follow == 0) {
		v = lead & 0x3f;
	} else {
		v = lead & 0x0f;
		for (unsigned k = 0; k < follow; k++) {
			v |= (size_t)p[i + 1 + k] << (4 + 8 * k);
		}
	}
	*pos = i + 1 + follow;
	*length = v;
	return 0;
}

/* Decodes one integer element at p[*pos], not reading at or past end. */
static int
read_integer(const uint8_t *p, size_t end, size_t *pos, uint64_t *value)
{
	size_t i = *pos;
	unsigned size;

	if (i >= end) {
		return -EINVAL;
	}
	switch (p[i]) {
	case AML_ZERO_OP:
		*value = 0;
		*pos = i + 1;
		return 0;
	case AML_ONE_OP:
		*value = 1;
		*pos = i + 1;
		return 0;
	case AML_BYTE_PREFIX:
		size = 1;
		break;
	case AML_WORD_PREFIX:
		size = 2;
		break;
	case AML_DWORD_PREFIX:
		size = 4;
		break;
	case AML_QWORD_PREFIX:
		size = 8;
		break;
	default:
		/* Not a constant (a method call, a name...): out of our reach. */
		return -EINVAL;
	}
	if (size > end - i - 1) {
		return -EINVAL;
	}
	uint64_t v = 0;
	for (unsigned k = 0; k < size; k++) {
		v |= (uint64_t)p[i + 1 + k] << (8 * k);
	}
	*value = v;
	*pos = i + 1 + size;
	return 0;
}

/* Decodes the package whose PackageOp is at p[op]. */
static int
parse_package(const uint8_t *p, size_t tlen, size_t op, uint8_t *typ_a, uint8_t *typ_b)
{
	size_t pos = op + 1;
	size_t pkg_len;
	uint64_t a, b;

	if (read_pkg_length(p, tlen, &pos, &pkg_len) != 0) {
		return -EINVAL;
	}
	/* The package ends pkg_len bytes after its PkgLength started. */
	size_t end = op + 1 + pkg_len;
	if (pkg_len == 0 || end > tlen || pos >= end) {
		return -EINVAL;
	}
	uint8_t count = p[pos++];
	if (count < 2) {
		return -EINVAL;
	}
	if (read_integer(p, end, &pos, &a) != 0 || read_integer(p, end, &pos, &b) != 0) {
		return -EINVAL;
	}
	if (a > 7 || b > 7) {
		return -EINVAL;
	}
	*typ_a = (uint8_t)a;
	*typ_b = (uint8_t)b;
	return 0;
}

int
acpi_s5_parse(const void *bytes, size_t len, uint8_t *typ_a, uint8_t *typ_b)
{
	const uint8_t *p = bytes;
	int tlen = acpi_sdt_check(bytes, len);
	int err = -ENOENT;

	if (tlen < 0) {
		return tlen;
	}
	if (memcmp(p, "DSDT", 4) != 0 && memcmp(p, "SSDT", 4) != 0) {
		return -ENOENT;
	}
	/*
	 * The name may also appear inside methods or as a reference, so a hit
	 * only counts when NameOp precedes it and PackageOp follows it; a
	 * declaration that is there but unreadable is remembered as -EINVAL
	 * while the search goes on.
	 */
	for (size_t i = ACPI_SDT_HEADER_LEN + 1; i + 5 <= (size_t)tlen; i++) {
		if (memcmp(p + i, "_S5_", 4) != 0) {
			continue;
		}
		bool named = p[i - 1] == AML_NAME_OP ||
		    (p[i - 1] == AML_ROOT_CHAR && i >= ACPI_SDT_HEADER_LEN + 2 &&
		        p[i - 2] == AML_NAME_OP);
		if (!named || p[i + 4] != AML_PACKAGE_OP) {
			continue;
		}
		err = parse_package(p, (size_t)tlen, i + 4, typ_a, typ_b);
		if (err == 0) {
			return 0;
		}
	}
	return err;
}
