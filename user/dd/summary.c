/*
 * dd's sizes and its summary (dd.h), in integer arithmetic: user
 * programs have no floating point.
 */
#include <stdio.h>
#include <string.h>
#include "dd.h"

bool
dd_parse_size(const char *s, uint64_t max, uint64_t *out)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = {
		{ "", 1 },
		{ "c", 1 },
		{ "w", 2 },
		{ "b", 512 },
		{ "K", 1024 },
		{ "k", 1024 },
		{ "KiB", 1024 },
		{ "kB", 1000 },
		{ "KB", 1000 },
		{ "M", 1024 * 1024 },
		{ "MiB", 1024 * 1024 },
		{ "MB", 1000 * 1000 },
		{ "G", 1024 * 1024 * 1024 },
		{ "GiB", 1024 * 1024 * 1024 },
		{ "GB", 1000 * 1000 * 1000 },
		{ "T", 1024ull * 1024 * 1024 * 1024 },
		{ "TiB", 1024ull * 1024 * 1024 * 1024 },
		{ "TB", 1000ull * 1000 * 1000 * 1000 },
	};
	uint64_t v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9') {
		return false;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10) {
			return false;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].suffix) == 0) {
			if (v != 0 && units[i].mult > max / v) {
				return false;
			}
			*out = v * units[i].mult;
			return *out <= max;
		}
	}
	return false;
}

void
dd_human(uint64_t v, unsigned base, const char *unit, char *buf, size_t len)
{
	static const char si[] = " kMGTPE", iec[] = " KMGTPE";
	uint64_t div = 1;
	int p = 0;

	for (;;) {
		uint64_t tenths = v / div * 10 + ((v % div) * 10 + div / 2) / div;
		uint64_t whole = v / div + (v % div >= div - div / 2 ? 1 : 0);
		char prefix[3] = "";

		if (p > 0) {
			prefix[0] = (base == 1000 ? si : iec)[p];
			prefix[1] = base == 1024 ? 'i' : '\0';
		}
		if (tenths < 1000 && p > 0) {
			snprintf(buf, len, "%lu.%lu %s%s", (unsigned long)(tenths / 10),
			    (unsigned long)(tenths % 10), prefix, unit);
			return;
		}
		/* What rounds up to 1000 is shown in the next unit. */
		if (whole < 1000 || p == 6) {
			snprintf(buf, len, "%lu %s%s", (unsigned long)whole, prefix, unit);
			return;
		}
		div *= base;
		p++;
	}
}

size_t
dd_summary(const struct dd_counts *c, uint64_t ns, char *buf, size_t len)
{
	char si[24], iec[24], rate[24], sizes[64] = "";
	uint64_t us = ns / 1000 > 0 ? ns / 1000 : 1;
	int n;

	if (c->dc_bytes >= 1024) {
		dd_human(c->dc_bytes, 1000, "B", si, sizeof(si));
		dd_human(c->dc_bytes, 1024, "B", iec, sizeof(iec));
		snprintf(sizes, sizeof(sizes), " (%s, %s)", si, iec);
	} else if (c->dc_bytes >= 1000) {
		dd_human(c->dc_bytes, 1000, "B", si, sizeof(si));
		snprintf(sizes, sizeof(sizes), " (%s)", si);
	}
	/* Bytes per second, exact while bytes stay under 18 TB. */
	if (c->dc_bytes == 0) {
		snprintf(rate, sizeof(rate), "0.0 kB/s");
	} else {
		dd_human(c->dc_bytes * 1000000 / us, 1000, "B/s", rate, sizeof(rate));
	}
	n = snprintf(buf, len,
	    "%lu+%lu records in\n%lu+%lu records out\n%lu bytes%s copied, %lu.%06lu s, %s\n",
	    (unsigned long)c->dc_full_in, (unsigned long)c->dc_part_in,
	    (unsigned long)c->dc_full_out, (unsigned long)c->dc_part_out,
	    (unsigned long)c->dc_bytes, sizes, (unsigned long)(ns / 1000000000),
	    (unsigned long)(ns / 1000 % 1000000), rate);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}
