/*
 * The shell's variables: a small table of "NAME=value" strings with an
 * exported flag, kept in the order they were first set.  The exported
 * ones make a child's environment.  The positional parameters ($0, $1..)
 * live here too, as pointers into the argument vector they came from.
 */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
	char *v_str; /* "NAME=value", malloc'd */
	size_t v_namelen;
	bool v_exported;
};

static struct var vars[SH_VARS];
static int nvars;

static const char *pos0 = "sh"; /* $0 */
static char **pos;              /* $1..$npos */
static int npos;

/* $0 becomes arg0, $1..$argc the strings of argv. */
void
sh_pos_set(const char *arg0, int argc, char **argv)
{
	pos0 = arg0;
	pos = argv;
	npos = argc;
}

const char *
sh_pos_get(int i)
{
	if (i == 0) {
		return pos0;
	}
	return i > 0 && i <= npos ? pos[i - 1] : NULL;
}

int
sh_pos_count(void)
{
	return npos;
}

/* $n+1 becomes $1; nothing moves when there are fewer than n. */
int
sh_pos_shift(int n)
{
	if (n < 0 || n > npos) {
		return -1;
	}
	pos += n;
	npos -= n;
	return 0;
}

/* The variable named by len bytes of name, or NULL. */
static struct var *
find(const char *name, size_t len)
{
	for (int i = 0; i < nvars; i++) {
		if (vars[i].v_namelen == len && memcmp(vars[i].v_str, name, len) == 0) {
			return &vars[i];
		}
	}
	return NULL;
}

/* A new value replaces the old string whole; exporting is sticky: set
 * without export keeps a variable exported. */
int
sh_var_set(const char *name, const char *value, bool exported)
{
	size_t nl = strlen(name), vl = strlen(value);
	struct var *v = find(name, nl);
	char *s;

	if (!sh_valid_name(name, nl) || (v == NULL && nvars == SH_VARS)) {
		return -1;
	}
	s = malloc(nl + vl + 2);
	if (s == NULL) {
		return -1;
	}
	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, value, vl + 1);
	if (v == NULL) {
		v = &vars[nvars++];
		v->v_exported = false;
	} else {
		free(v->v_str);
	}
	v->v_str = s;
	v->v_namelen = nl;
	v->v_exported = v->v_exported || exported;
	return 0;
}

/* The value after NAME=, or NULL. */
const char *
sh_var_get(const char *name)
{
	struct var *v = find(name, strlen(name));

	return v != NULL ? v->v_str + v->v_namelen + 1 : NULL;
}

/* Removes the variable, keeping the order of the rest. */
void
sh_var_unset(const char *name)
{
	struct var *v = find(name, strlen(name));

	if (v == NULL) {
		return;
	}
	free(v->v_str);
	nvars--;
	for (; v < &vars[nvars]; v++) {
		v[0] = v[1];
	}
}

/* export NAME: marks it exported, making it empty when it was unset. */
int
sh_var_export(const char *name)
{
	struct var *v = find(name, strlen(name));

	if (v == NULL) {
		return sh_var_set(name, "", true);
	}
	v->v_exported = true;
	return 0;
}

/* The exported variables' strings, as they are stored. */
void
sh_var_environ(char **envp, size_t max)
{
	size_t n = 0;

	for (int i = 0; i < nvars && n + 1 < max; i++) {
		if (vars[i].v_exported) {
			envp[n++] = vars[i].v_str;
		}
	}
	envp[n] = NULL;
}

/* Each variable's name (cut to 255 bytes), value and export flag. */
void
sh_var_each(void (*fn)(const char *name, const char *value, bool exported, void *ctx), void *ctx)
{
	for (int i = 0; i < nvars; i++) {
		char name[256];
		size_t n =
		    vars[i].v_namelen < sizeof(name) - 1 ? vars[i].v_namelen : sizeof(name) - 1;

		memcpy(name, vars[i].v_str, n);
		name[n] = '\0';
		fn(name, vars[i].v_str + vars[i].v_namelen + 1, vars[i].v_exported, ctx);
	}
}
