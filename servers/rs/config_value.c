/*
 * services.conf values (config_int.h): names, numbers with their
 * suffixes, durations, sizes, yes/no and joined words.  Each parses one
 * whole word and refuses anything else, overflow included.
 */
#include <string.h>
#include "config_int.h"

/* strlcpy, which the host C library of the unit tests may lack; callers
 * have checked that src fits. */
void
conf_copy_str(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Service names: a letter, then letters, digits, '-' or '_'; 1..23 bytes. */
int
conf_valid_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n >= RS_NAME_MAX ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '-' || c == '_')) {
			return 0;
		}
	}
	return 1;
}

/* Parses a whole word as an unsigned number (decimal, or hex with 0x)
 * followed by nothing or by one of the suffixes; *mul gets the suffix's
 * multiplier.  Returns 0 or -1 (not a number, overflow, bad suffix). */
static int
parse_num(const char *s, uint64_t *v, const char *const *suffix, const uint64_t *mult,
    uint64_t *mul)
{
	uint64_t x = 0;
	unsigned base = 10, d;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		if (*s >= '0' && *s <= '9') {
			d = *s - '0';
		} else if (base == 16 && *s >= 'a' && *s <= 'f') {
			d = *s - 'a' + 10;
		} else if (base == 16 && *s >= 'A' && *s <= 'F') {
			d = *s - 'A' + 10;
		} else {
			break;
		}
		if (x > (UINT64_MAX - d) / base) {
			return -1;
		}
		x = x * base + d;
	}
	if (digits == 0) {
		return -1;
	}
	*mul = 1;
	if (*s != '\0') {
		int i;

		for (i = 0; suffix != NULL && suffix[i] != NULL; i++) {
			if (strcmp(s, suffix[i]) == 0) {
				break;
			}
		}
		if (suffix == NULL || suffix[i] == NULL) {
			return -1;
		}
		*mul = mult[i];
	}
	if (*mul != 0 && x > UINT64_MAX / *mul) {
		return -1;
	}
	*v = x * *mul;
	return 0;
}

/* A plain number in [lo, hi]. */
int
conf_parse_range(const char *s, uint64_t lo, uint64_t hi, uint64_t *v)
{
	uint64_t mul;

	return parse_num(s, v, NULL, NULL, &mul) == 0 && *v >= lo && *v <= hi ? 0 : -1;
}

/* A duration: "0", or a number with ms or s, at most RS_TIME_MAX. */
int
conf_parse_time(const char *s, uint64_t *ns)
{
	static const char *const suf[] = { "ms", "s", NULL };
	static const uint64_t mult[] = { RS_NS_PER_MS, RS_NS_PER_S };
	uint64_t mul;

	if (parse_num(s, ns, suf, mult, &mul) != 0 || (mul == 1 && *ns != 0)) {
		return -1;
	}
	return *ns <= RS_TIME_MAX ? 0 : -1;
}

/* A byte count with an optional K or M suffix, at most max. */
int
conf_parse_size(const char *s, uint64_t max, uint64_t *v)
{
	static const char *const suf[] = { "K", "M", NULL };
	static const uint64_t mult[] = { 1024, 1024 * 1024 };
	uint64_t mul;

	return parse_num(s, v, suf, mult, &mul) == 0 && *v <= max ? 0 : -1;
}

/* yes/no; returns 1, 0 or -1. */
int
conf_parse_bool(const char *s)
{
	if (strcmp(s, "yes") == 0) {
		return 1;
	}
	return strcmp(s, "no") == 0 ? 0 : -1;
}

/* Joins w[0..n) with single spaces into dst[RS_ARGS_MAX]; -1 if too long
 * (dst is then empty). */
int
conf_join_words(char *dst, char **w, int n)
{
	size_t len = 0, l;
	int i;

	dst[0] = '\0';
	for (i = 0; i < n; i++) {
		l = strlen(w[i]);
		if (len + (i > 0) + l >= RS_ARGS_MAX) {
			dst[0] = '\0';
			return -1;
		}
		if (i > 0) {
			dst[len++] = ' ';
		}
		memcpy(dst + len, w[i], l + 1);
		len += l;
	}
	return 0;
}
