/*
 * Number parsing: strtoul, strtol and atoi, in bases 2 to 36 (0: decimal,
 * or octal with a leading 0, or hexadecimal with 0x).  Overflow saturates.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static int
digit_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'z') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'Z') {
		return c - 'A' + 10;
	}
	return 99;
}

/* Parses the magnitude after any sign; *neg says whether there was a '-'. */
static unsigned long
parse(const char *s, char **end, int base, bool *neg)
{
	const char *p = s, *digits;
	unsigned long v = 0;
	bool over = false;

	while (*p == ' ' || *p == '\t' || *p == '\n') {
		p++;
	}
	*neg = *p == '-';
	if (*p == '-' || *p == '+') {
		p++;
	}
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	digits = p;
	while (base >= 2 && base <= 36 && digit_value(*p) < base) {
		unsigned d = (unsigned)digit_value(*p);

		if (v > (UINT64_MAX - d) / (unsigned)base) {
			over = true;
		}
		v = v * (unsigned)base + d;
		p++;
	}
	if (end != NULL) {
		*end = (char *)(p == digits ? s : p);
	}
	return over ? UINT64_MAX : v;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
	bool neg;
	unsigned long v = parse(s, end, base, &neg);

	return neg ? -v : v;
}

long
strtol(const char *s, char **end, int base)
{
	bool neg;
	unsigned long v = parse(s, end, base, &neg);

	if (neg) {
		return v > (unsigned long)INT64_MAX ? INT64_MIN : -(long)v;
	}
	return v > (unsigned long)INT64_MAX ? INT64_MAX : (long)v;
}

int
atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
