/*
 * Arithmetic expansion, $((EXPR)): signed 64-bit integers with
 * + - * / % (division by zero is an error), unary - + !, comparisons
 * < <= > >= == != (1 or 0), && and || (both sides evaluated), and
 * parentheses.  An operand is a decimal number, a variable name or
 * $NAME ($1, $# too); a variable that is unset or empty is 0, one that
 * holds no number is an error.  Pure code, tested on the host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define ARITH_DEPTH 32 /* parentheses and unary operators nested */

struct arith {
	const char *a_s;
	sh_lookup_fn a_lookup;
	void *a_ctx;
	char *a_err;
	size_t a_errlen;
	bool a_bad;
	int a_depth;
};

static long long a_or(struct arith *a);

/* Notes the first error; the value is then meaningless. */
static long long
a_fail(struct arith *a, const char *what)
{
	if (!a->a_bad) {
		snprintf(a->a_err, a->a_errlen, "%s", what);
	}
	a->a_bad = true;
	return 0;
}

static void
skip(struct arith *a)
{
	while (*a->a_s == ' ' || *a->a_s == '\t' || *a->a_s == '\n') {
		a->a_s++;
	}
}

/* Whether the operator op comes next (then consumed). */
static bool
take(struct arith *a, const char *op)
{
	size_t n = strlen(op);

	skip(a);
	if (strncmp(a->a_s, op, n) != 0) {
		return false;
	}
	/* < is not the start of <=, & alone is no operator. */
	if (n == 1 && (op[0] == '<' || op[0] == '>') && a->a_s[1] == '=') {
		return false;
	}
	a->a_s += n;
	return true;
}

/* A variable's value as a number. */
static long long
a_var(struct arith *a, const char *name)
{
	const char *v = a->a_lookup(name, a->a_ctx);
	char *end;
	long long x;

	if (v == NULL || v[0] == '\0') {
		return 0;
	}
	errno = 0;
	x = strtoll(v, &end, 10);
	if (*end != '\0' || errno != 0) {
		return a_fail(a, "a variable holds no number");
	}
	return x;
}

/* A number, a name, $NAME, a parenthesised expression or a unary one. */
static long long
a_unary(struct arith *a)
{
	char name[64];
	size_t n = 0;
	long long v;

	skip(a);
	if (++a->a_depth > ARITH_DEPTH) {
		return a_fail(a, "expression nested too deeply");
	}
	if (take(a, "(")) {
		v = a_or(a);
		if (!take(a, ")")) {
			v = a_fail(a, "')' expected");
		}
	} else if (take(a, "-")) {
		v = -(unsigned long long)a_unary(a);
	} else if (take(a, "+")) {
		v = a_unary(a);
	} else if (take(a, "!")) {
		v = !a_unary(a);
	} else if (*a->a_s >= '0' && *a->a_s <= '9') {
		char *end;

		errno = 0;
		v = strtoll(a->a_s, &end, 10);
		a->a_s = end;
		if (errno != 0) {
			v = a_fail(a, "number too big");
		}
	} else {
		const char *s = a->a_s + (*a->a_s == '$');
		bool special = *a->a_s == '$' && (*s == '#' || (*s >= '0' && *s <= '9'));

		while (n + 1 < sizeof(name) &&
		    (special ? n == 0 :
		               (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		                   (n > 0 && *s >= '0' && *s <= '9')))) {
			name[n++] = *s++;
		}
		name[n] = '\0';
		a->a_s = s;
		v = n > 0 ? a_var(a, name) : a_fail(a, "operand expected");
	}
	a->a_depth--;
	return v;
}

/* * / %. */
static long long
a_mul(struct arith *a)
{
	long long v = a_unary(a);

	for (;;) {
		char op = (take(a, "*") ? '*' : take(a, "/") ? '/' : take(a, "%") ? '%' : 0);
		long long r;

		if (op == 0 || a->a_bad) {
			return v;
		}
		r = a_unary(a);
		if (op == '*') {
			v = (long long)((unsigned long long)v * (unsigned long long)r);
		} else if (r == 0 || (v == (-9223372036854775807LL - 1) && r == -1)) {
			return a_fail(a, "division by zero or overflow");
		} else {
			v = op == '/' ? v / r : v % r;
		}
	}
}

/* + -. */
static long long
a_add(struct arith *a)
{
	long long v = a_mul(a);

	for (;;) {
		if (take(a, "+")) {
			v = (long long)((unsigned long long)v + (unsigned long long)a_mul(a));
		} else if (take(a, "-")) {
			v = (long long)((unsigned long long)v - (unsigned long long)a_mul(a));
		} else {
			return v;
		}
	}
}

/* < <= > >= == !=. */
static long long
a_cmp(struct arith *a)
{
	long long v = a_add(a);

	for (;;) {
		if (take(a, "<=")) {
			v = v <= a_add(a);
		} else if (take(a, ">=")) {
			v = v >= a_add(a);
		} else if (take(a, "<")) {
			v = v < a_add(a);
		} else if (take(a, ">")) {
			v = v > a_add(a);
		} else if (take(a, "==")) {
			v = v == a_add(a);
		} else if (take(a, "!=")) {
			v = v != a_add(a);
		} else {
			return v;
		}
	}
}

/* && then ||. */
static long long
a_and(struct arith *a)
{
	long long v = a_cmp(a);

	while (take(a, "&&")) {
		long long r = a_cmp(a);

		v = v && r;
	}
	return v;
}

static long long
a_or(struct arith *a)
{
	long long v = a_and(a);

	while (take(a, "||")) {
		long long r = a_and(a);

		v = v || r;
	}
	return v;
}

int
sh_arith(const char *expr, long long *val, sh_lookup_fn lookup, void *ctx, char *err, size_t errlen)
{
	struct arith a = { expr, lookup, ctx, err, errlen, false, 0 };

	*val = a_or(&a);
	skip(&a);
	if (!a.a_bad && *a.a_s != '\0') {
		a_fail(&a, "syntax error in expression");
	}
	return a.a_bad ? -1 : 0;
}
