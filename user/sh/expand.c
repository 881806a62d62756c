/*
 * Word expansion: a word as typed becomes its value.  Single quotes keep
 * everything; double quotes keep everything but $ and a backslash before
 * $ ` " or \; outside quotes a backslash keeps the next byte.  $NAME,
 * ${NAME}, $? and $$ are looked up; a $ before anything else stays.
 * Values are not split into fields.
 */
#include <string.h>
#include "sh.h"

struct out {
	char *o_buf;
	size_t o_len, o_max;
	bool o_full;
};

/* Appends n bytes, or notes that they do not fit (keeping room for the
 * NUL). */
static void
put(struct out *o, const char *s, size_t n)
{
	if (o->o_len + n + 1 > o->o_max) {
		o->o_full = true;
		return;
	}
	memcpy(o->o_buf + o->o_len, s, n);
	o->o_len += n;
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

/* A $ at s: appends its value and returns the bytes it took. */
static size_t
dollar(const char *s, struct out *o, sh_lookup_fn lookup, void *ctx)
{
	char name[128];
	const char *v;
	size_t n = 0, used;

	if (s[1] == '?' || s[1] == '$') {
		name[0] = s[1];
		name[1] = '\0';
		used = 2;
	} else if (s[1] == '{') {
		const char *e = strchr(s + 2, '}');

		if (e == NULL || !sh_valid_name(s + 2, (size_t)(e - s - 2)) ||
		    (size_t)(e - s - 2) >= sizeof(name)) {
			put(o, "$", 1);
			return 1;
		}
		n = (size_t)(e - s - 2);
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
		put(o, v, strlen(v));
	}
	return used;
}

/* Walks the word once, tracking which quote it is in; quotes themselves are
 * dropped. */
long
sh_expand(const char *w, char *buf, size_t max, sh_lookup_fn lookup, void *ctx)
{
	struct out o = { buf, 0, max, false };
	char quote = 0;

	if (max == 0) {
		return -1;
	}
	while (*w != '\0') {
		char c = *w;

		if (quote == '\'') {
			if (c == '\'') {
				quote = 0;
			} else {
				put(&o, w, 1);
			}
			w++;
		} else if (c == '$') {
			w += dollar(w, &o, lookup, ctx);
		} else if (c == '\\' && w[1] != '\0' &&
		    (quote == 0 || strchr("$`\"\\", w[1]) != NULL)) {
			put(&o, w + 1, 1);
			w += 2;
		} else if (quote == 0 && (c == '\'' || c == '"')) {
			quote = c;
			w++;
		} else if (quote == '"' && c == '"') {
			quote = 0;
			w++;
		} else {
			put(&o, w, 1);
			w++;
		}
	}
	buf[o.o_len] = '\0';
	return o.o_full ? -1 : (long)o.o_len;
}
