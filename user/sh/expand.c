/*
 * Word expansion: a word as typed becomes its value.  Single quotes keep
 * everything; double quotes keep everything but $ and a backslash before
 * $ ` " or \; outside quotes a backslash keeps the next byte.  $NAME,
 * ${NAME}, $?, $$, $0..$9, ${NN}, $#, $@ and $* are looked up, $((EXPR))
 * is computed (arith.c; an error is said on stderr); a $
 * before anything else stays.  Values are not split at blanks, but $@
 * (and an unquoted $*) gives one field per positional parameter, and
 * in pattern form the bytes that were quoted are marked with a
 * backslash, so that globbing (glob.c) treats them as plain bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct out {
	char *o_buf;
	size_t o_len, o_max;
	bool o_full;
	unsigned o_flags; /* SH_X_* */
	int o_fields;     /* fields ended so far */
	bool o_open;      /* the current field exists (bytes or quotes seen) */
	bool o_bad;       /* a $((...)) failed */
};

/* Appends n bytes, or notes that they do not fit (keeping room for the
 * NUL). */
static void
put(struct out *o, const char *s, size_t n)
{
	o->o_open = true;
	if (o->o_len + n + 1 > o->o_max) {
		o->o_full = true;
		return;
	}
	memcpy(o->o_buf + o->o_len, s, n);
	o->o_len += n;
}

/* Appends n bytes of text; in pattern form a backslash goes before each
 * byte globbing would see as special when the text was quoted (and
 * before any backslash, which is never special by itself). */
static void
put_text(struct out *o, const char *s, size_t n, bool quoted)
{
	for (size_t i = 0; i < n; i++) {
		if ((o->o_flags & SH_X_PATTERN) != 0 &&
		    (s[i] == '\\' || (quoted && strchr("*?[]", s[i]) != NULL))) {
			put(o, "\\", 1);
		}
		put(o, s + i, 1);
	}
}

/* Ends the current field: its NUL is part of the output. */
static void
end_field(struct out *o)
{
	if (o->o_len + 1 > o->o_max) {
		o->o_full = true;
		return;
	}
	o->o_buf[o->o_len++] = '\0';
	o->o_fields++;
	o->o_open = false;
}

/* Bytes a variable name may start with, and those it may hold. */
static bool
name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* A name: a letter or _ then letters, digits or _. */
bool
sh_valid_name(const char *name, size_t len)
{
	if (len == 0 || !name_start(name[0])) {
		return false;
	}
	for (size_t i = 1; i < len; i++) {
		if (!name_char(name[i])) {
			return false;
		}
	}
	return true;
}

/* NAME=... with a valid NAME before the first '='. */
bool
sh_is_assignment(const char *word, size_t *namelen)
{
	const char *eq = strchr(word, '=');

	if (eq == NULL || !sh_valid_name(word, (size_t)(eq - word))) {
		return false;
	}
	*namelen = (size_t)(eq - word);
	return true;
}

/* $@ or $*: the positional parameters, looked up as "#" and "1".."N".
 * Each starts a field of its own where fields are kept apart ("$@"
 * always, $* unquoted), else they are joined by blanks. */
static void
params(struct out *o, bool split, bool quoted, sh_lookup_fn lookup, void *ctx)
{
	const char *cnt = lookup("#", ctx);
	int n = cnt != NULL ? atoi(cnt) : 0;

	for (int i = 1; i <= n; i++) {
		char num[16];
		const char *v;

		snprintf(num, sizeof(num), "%d", i);
		v = lookup(num, ctx);
		if (i > 1) {
			if (split && (o->o_flags & SH_X_FIELDS) != 0) {
				end_field(o);
			} else {
				put(o, " ", 1);
			}
		}
		o->o_open = true;
		put_text(o, v != NULL ? v : "", v != NULL ? strlen(v) : 0, quoted);
	}
}

/* Whether n bytes at s are all digits (and there is at least one). */
static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return n > 0;
}

/* The length of $((...)) at s, 0 when it has no end. */
size_t
sh_arith_len(const char *s)
{
	int depth = 0;

	for (size_t i = 1; s[i] != '\0'; i++) {
		if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')' && --depth == 0) {
			return i + 1;
		}
	}
	return 0;
}

/* $((EXPR)) at s (n bytes): its value, or a message and o_bad. */
static void
arith(const char *s, size_t n, struct out *o, sh_lookup_fn lookup, void *ctx)
{
	char expr[SH_LINE_MAX + 1], err[80], num[24];
	long long v;

	snprintf(expr, sizeof(expr), "%.*s", (int)(n - 5), s + 3);
	if (sh_arith(expr, &v, lookup, ctx, err, sizeof(err)) != 0) {
		if (!o->o_bad) {
			fprintf(stderr, "sh: $((%s)): %s\n", expr, err);
		}
		o->o_bad = true;
		return;
	}
	snprintf(num, sizeof(num), "%lld", v);
	put_text(o, num, strlen(num), false);
}

/* A $ at s: appends its value and returns the bytes it took. */
static size_t
dollar(const char *s, struct out *o, bool quoted, sh_lookup_fn lookup, void *ctx)
{
	char name[128];
	const char *v;
	size_t n = 0, used;

	if (s[1] == '(' && s[2] == '(' && (n = sh_arith_len(s)) >= 5 && s[n - 2] == ')') {
		arith(s, n, o, lookup, ctx);
		return n;
	}
	n = 0;
	if (s[1] == '@' || s[1] == '*') {
		params(o, s[1] == '@' || !quoted, quoted, lookup, ctx);
		return 2;
	}
	if ((s[1] != '\0' && strchr("?$#", s[1]) != NULL) || (s[1] >= '0' && s[1] <= '9')) {
		name[0] = s[1];
		name[1] = '\0';
		used = 2;
	} else if (s[1] == '{') {
		const char *e = strchr(s + 2, '}');

		n = e != NULL ? (size_t)(e - s - 2) : 0;
		if (e == NULL || n >= sizeof(name) ||
		    !(sh_valid_name(s + 2, n) || all_digits(s + 2, n) ||
		        (n == 1 && strchr("?$#", s[2]) != NULL))) {
			put(o, "$", 1);
			return 1;
		}
		memcpy(name, s + 2, n);
		name[n] = '\0';
		used = n + 3;
	} else {
		while (name_char(s[1 + n]) && n + 1 < sizeof(name)) {
			n++;
		}
		if (n == 0 || !name_start(s[1])) {
			put(o, "$", 1);
			return 1;
		}
		memcpy(name, s + 1, n);
		name[n] = '\0';
		used = n + 1;
	}
	v = lookup(name, ctx);
	if (v != NULL) {
		put_text(o, v, strlen(v), quoted);
	}
	return used;
}

/* Walks the word once, tracking which quote it is in; quotes themselves are
 * dropped, but make a field even when nothing is between them ("$@" alone
 * excepted: with no parameters it is no field at all). */
static void
walk(const char *w, struct out *o, sh_lookup_fn lookup, void *ctx)
{
	char quote = 0;

	while (*w != '\0') {
		char c = *w;

		if (quote == '\'') {
			if (c == '\'') {
				quote = 0;
			} else {
				put_text(o, w, 1, true);
			}
			w++;
		} else if (quote == 0 && strncmp(w, "\"$@\"", 4) == 0) {
			params(o, true, true, lookup, ctx);
			w += 4;
		} else if (c == '$') {
			w += dollar(w, o, quote != 0, lookup, ctx);
		} else if (c == '\\' && w[1] != '\0' &&
		    (quote == 0 || strchr("$`\"\\", w[1]) != NULL)) {
			put_text(o, w + 1, 1, true);
			w += 2;
		} else if (quote == 0 && (c == '\'' || c == '"')) {
			quote = c;
			o->o_open = true;
			w++;
		} else if (quote == '"' && c == '"') {
			quote = 0;
			w++;
		} else {
			put_text(o, w, 1, quote != 0);
			w++;
		}
	}
}

/* One word, one value: no fields, no pattern marks. */
long
sh_expand(const char *w, char *buf, size_t max, sh_lookup_fn lookup, void *ctx)
{
	struct out o = { buf, 0, max, false, 0, 0, false, false };

	if (max == 0) {
		return -1;
	}
	walk(w, &o, lookup, ctx);
	buf[o.o_len] = '\0';
	if (o.o_bad) {
		return SH_E_ARITH;
	}
	return o.o_full ? -1 : (long)o.o_len;
}

/* The fields, each NUL-terminated, back to back; a word that expanded to
 * nothing unquoted ($UNSET, "$@" without parameters) makes none. */
int
sh_expand_fields(const char *w, char *buf, size_t max, unsigned flags, sh_lookup_fn lookup,
    void *ctx)
{
	struct out o = { buf, 0, max, false, flags | SH_X_FIELDS, 0, false, false };

	if (max == 0) {
		return -1;
	}
	walk(w, &o, lookup, ctx);
	if (o.o_open) {
		end_field(&o);
	}
	if (o.o_bad) {
		return SH_E_ARITH;
	}
	return o.o_full ? -1 : o.o_fields;
}
