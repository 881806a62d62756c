/*
 * The test builtin (also named [): evaluates an expression of its words.
 * Primaries: -e -f -d -r -w -x -s -L FILE, -z -n STRING, STRING,
 * S1 = S2, S1 != S2, N1 -eq -ne -lt -le -gt -ge N2; combined by !, -a
 * (binds tighter), -o and ( ).  Status 0 true, 1 false, 2 with a message
 * for an expression it cannot read.  Only files are looked at, so it is
 * tested on the host too (tests/unit/test_sh_parse.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

/* The words being read: w[pos..n-1]; bad is set on the first error. */
struct texpr {
	char **w;
	int n, pos;
	bool bad;
};

static bool t_or(struct texpr *t);

/* Reports an error once; the value is then meaningless. */
static bool
t_fail(struct texpr *t, const char *what, const char *word)
{
	if (!t->bad) {
		fprintf(stderr, "sh: test: %s%s%s\n", what, word != NULL ? ": " : "",
		    word != NULL ? word : "");
	}
	t->bad = true;
	return false;
}

/* An integer operand; t->bad when it is none. */
static long
t_num(struct texpr *t, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || errno != 0) {
		t_fail(t, "integer expected", s);
		return 0;
	}
	return v;
}

/* Whether s is a binary operator. */
static bool
is_binary(const char *s)
{
	static const char *const ops[] = { "=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge" };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(s, ops[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* a OP b, OP a binary operator. */
static bool
t_binary(struct texpr *t, const char *a, const char *op, const char *b)
{
	long x, y;

	if (strcmp(op, "=") == 0) {
		return strcmp(a, b) == 0;
	}
	if (strcmp(op, "!=") == 0) {
		return strcmp(a, b) != 0;
	}
	x = t_num(t, a);
	y = t_num(t, b);
	switch (op[2]) {
	case 'q':
		return x == y;
	case 'e':
		return op[1] == 'n' ? x != y : op[1] == 'l' ? x <= y : x >= y;
	default:
		return op[1] == 'l' ? x < y : x > y;
	}
}

/* -X ARG, X one of the unary operators' letters. */
static bool
t_unary(struct texpr *t, char op, const char *arg)
{
	struct stat st;

	switch (op) {
	case 'z':
		return arg[0] == '\0';
	case 'n':
		return arg[0] != '\0';
	case 'r':
		return access(arg, R_OK) == 0;
	case 'w':
		return access(arg, W_OK) == 0;
	case 'x':
		return access(arg, X_OK) == 0;
	case 'L':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	default:
		break;
	}
	if (stat(arg, &st) != 0) {
		return false;
	}
	return op == 'e' || (op == 'f' && S_ISREG(st.st_mode)) ||
	    (op == 'd' && S_ISDIR(st.st_mode)) || (op == 's' && st.st_size > 0);
}

/* Whether s is a unary operator. */
static bool
is_unary(const char *s)
{
	return s[0] == '-' && s[1] != '\0' && s[2] == '\0' && strchr("efdrwxsLzn", s[1]) != NULL;
}

/* A primary, or ! and a primary. */
static bool
t_prim(struct texpr *t)
{
	char **w = t->w + t->pos;
	int left = t->n - t->pos;

	if (left <= 0) {
		return t_fail(t, "argument expected", NULL);
	}
	if (strcmp(w[0], "!") == 0 && left > 1) {
		t->pos++;
		return !t_prim(t);
	}
	if (left >= 3 && is_binary(w[1])) {
		t->pos += 3;
		return t_binary(t, w[0], w[1], w[2]);
	}
	if (strcmp(w[0], "(") == 0 && left > 1) {
		bool v;

		t->pos++;
		v = t_or(t);
		if (t->pos >= t->n || strcmp(t->w[t->pos], ")") != 0) {
			return t_fail(t, "')' expected", NULL);
		}
		t->pos++;
		return v;
	}
	if (is_unary(w[0]) && left > 1) {
		t->pos += 2;
		return t_unary(t, w[0][1], w[1]);
	}
	t->pos++;
	return w[0][0] != '\0';
}

/* Primaries joined by -a. */
static bool
t_and(struct texpr *t)
{
	bool v = t_prim(t);

	while (!t->bad && t->pos < t->n && strcmp(t->w[t->pos], "-a") == 0) {
		t->pos++;
		v = t_prim(t) && v;
	}
	return v;
}

/* -a groups joined by -o. */
static bool
t_or(struct texpr *t)
{
	bool v = t_and(t);

	while (!t->bad && t->pos < t->n && strcmp(t->w[t->pos], "-o") == 0) {
		t->pos++;
		v = t_and(t) || v;
	}
	return v;
}

int
sh_test(int argc, char **argv)
{
	struct texpr t = { argv + 1, argc - 1, 0, false };
	bool v;

	if (strcmp(argv[0], "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			fprintf(stderr, "sh: [: ']' missing\n");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0) {
		return 1;
	}
	v = t_or(&t);
	if (!t.bad && t.pos < t.n) {
		t_fail(&t, "unexpected word", t.w[t.pos]);
	}
	if (t.bad) {
		return 2;
	}
	return v ? 0 : 1;
}
