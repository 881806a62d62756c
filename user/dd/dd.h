/*
 * dd's pure parts, which the host tests check: reading a size operand
 * with its suffix, and writing the transfer summary as GNU dd prints it.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Records moved: whole (a full block) and partial (a short one). */
struct dd_counts {
	uint64_t dc_full_in, dc_part_in;
	uint64_t dc_full_out, dc_part_out;
	uint64_t dc_bytes; /* bytes written */
};

/* A number with an optional suffix into *out: c (1), w (2), b (512),
 * K or k or KiB (1024), M or MiB, G or GiB, T or TiB (powers of 1024),
 * kB, MB, GB, TB (powers of 1000).  False for anything else, an empty
 * string, or a value past max. */
bool dd_parse_size(const char *s, uint64_t max, uint64_t *out);

/* The three lines of the summary, as GNU dd writes them to stderr:
 *	N+M records in
 *	N+M records out
 *	B bytes (S kB, S KiB) copied, T s, R MB/s
 * with ns the time taken, into buf (len bytes, always terminated).
 * Returns the length written. */
size_t dd_summary(const struct dd_counts *c, uint64_t ns, char *buf, size_t len);

/* v scaled to the largest unit of base (1000 or 1024) that leaves it
 * under 1000, with one decimal below 100 and none above, rounded to
 * nearest, and the unit's prefix ("", "k"/"K", "M", "G", ...) into
 * buf: "1.0 kB" is dd_human(1000, 1000, "B", ...). */
void dd_human(uint64_t v, unsigned base, const char *unit, char *buf, size_t len);
