/*
 * Pattern matching for pathname expansion, as fnmatch() does it without
 * flags: * matches any run of bytes, ? any one byte, [...] one byte of
 * a set ([abc], ranges [a-z], [!x] or [^x] for the rest; a ] first in
 * the set is a member; a [ without its ] is a plain [), and \c is a
 * plain c everywhere.  Bytes compare as unsigned; no locale.  The
 * caller splits paths at / and applies the leading-dot rule.
 */
#include <string.h>
#include "sh.h"

/* Reads one set member's byte at *p (a \ takes the next); advances *p. */
static unsigned char
set_byte(const char **p)
{
	if (**p == '\\' && (*p)[1] != '\0') {
		(*p)++;
	}
	return (unsigned char)*(*p)++;
}

/* A set at p (just after its [): whether c is in it; *end is set past
 * the closing ], or to NULL when there is none (the [ is then plain). */
static bool
match_set(const char *p, unsigned char c, const char **end)
{
	bool neg = false, in = false;

	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	/* The first member may be ], so the test for the end comes after. */
	do {
		unsigned char lo, hi;

		if (*p == '\0') {
			*end = NULL;
			return false;
		}
		lo = set_byte(&p);
		hi = lo;
		if (*p == '-' && p[1] != ']' && p[1] != '\0') {
			p++;
			hi = set_byte(&p);
		}
		if (c >= lo && c <= hi) {
			in = true;
		}
	} while (*p != ']');
	*end = p + 1;
	return in != neg;
}

/* The usual greedy walk with one backtrack point: after a *, a failed
 * match retries with the * taking one more byte.  Only the last * needs
 * remembering, since a later * can absorb anything an earlier one would
 * have. */
bool
sh_glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		const char *end = NULL;

		if (*p == '*') {
			while (*p == '*') {
				p++;
			}
			star_p = p;
			star_s = s;
			continue;
		}
		if (*s == '\0') {
			if (*p == '\0') {
				return true;
			}
		} else if (*p == '?') {
			p++;
			s++;
			continue;
		} else if (*p == '[' && match_set(p + 1, (unsigned char)*s, &end)) {
			p = end;
			s++;
			continue;
		} else if (*p == '[' && end == NULL && *s == '[') {
			p++;
			s++;
			continue;
		} else if (*p == '\\' && p[1] != '\0' && p[1] == *s) {
			p += 2;
			s++;
			continue;
		} else if (*p != '\0' && *p != '[' && *p != '\\' && *p == *s) {
			p++;
			s++;
			continue;
		} else if (*p == '\\' && p[1] == '\0' && *s == '\\') {
			p++;
			s++;
			continue;
		}
		/* A mismatch: let the last * take one more byte, if any. */
		if (star_p == NULL || *star_s == '\0') {
			return false;
		}
		p = star_p;
		s = ++star_s;
	}
}

/* Same scan as the matcher's: a [ counts only when its ] follows. */
bool
sh_glob_has_meta(const char *p)
{
	for (; *p != '\0'; p++) {
		const char *end = NULL;

		if (*p == '\\' && p[1] != '\0') {
			p++;
		} else if (*p == '*' || *p == '?') {
			return true;
		} else if (*p == '[') {
			match_set(p + 1, 0, &end);
			if (end != NULL) {
				return true;
			}
		}
	}
	return false;
}

/* Each \c becomes c. */
void
sh_glob_unescape(const char *p, char *out)
{
	while (*p != '\0') {
		if (*p == '\\' && p[1] != '\0') {
			p++;
		}
		*out++ = *p++;
	}
	*out = '\0';
}
