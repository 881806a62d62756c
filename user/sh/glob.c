/*
 * Pathname expansion: a pattern (a word's field in pattern form, where
 * a backslash marks a byte that was quoted) becomes the paths it
 * matches.  The pattern is taken one component (between slashes) at a
 * time: a component without * ? or [ is appended as it is, one with
 * them is matched (match.c) against every name of the directory built
 * so far (opendir/readdir), and each match continues with the next
 * component.  . and .. are never matched, and a name starting with .
 * only when the component starts with a plain '.'.  The results come
 * back sorted, in the command's word list, whose limits (words, bytes)
 * give an error rather than a cut list.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

struct walk {
	char w_path[SH_WORD_MAX]; /* the path built so far */
	char w_comp[SH_WORD_MAX]; /* scratch for one component */
	struct sh_argv *w_a;
	int w_found;
	int w_err; /* the first SH_E_* met */
};

/* A copy of n bytes at s, NUL-terminated, joins the list. */
int
sh_argv_add(struct sh_argv *a, const char *s, size_t n)
{
	char *c;

	if (a->a_n == SH_ARGS) {
		return SH_E_WORDS;
	}
	if (a->a_bytes + n + 1 > SH_ARG_BYTES) {
		return SH_E_BYTES;
	}
	c = malloc(n + 1);
	if (c == NULL) {
		return SH_E_NOMEM;
	}
	memcpy(c, s, n);
	c[n] = '\0';
	a->a_v[a->a_n++] = c;
	a->a_v[a->a_n] = NULL;
	a->a_bytes += n + 1;
	return 0;
}

void
sh_argv_free(struct sh_argv *a)
{
	for (int i = 0; i < a->a_n; i++) {
		free(a->a_v[i]);
	}
	memset(a, 0, sizeof(*a));
}

const char *
sh_argv_error(int err)
{
	switch (err) {
	case SH_E_WORDS:
		return "too many words in one command (128 at most)";
	case SH_E_BYTES:
		return "arguments too long (16384 bytes at most)";
	default:
		return "out of memory";
	}
}

/* Adds the path built so far (len bytes) as a result; with a trailing
 * slash in the pattern it must be a directory, else it must exist. */
static void
found(struct walk *w, size_t len, bool dir)
{
	struct stat st;
	int err;

	w->w_path[len] = '\0';
	if (dir ? stat(w->w_path, &st) != 0 || !S_ISDIR(st.st_mode) : lstat(w->w_path, &st) != 0) {
		return;
	}
	err = sh_argv_add(w->w_a, w->w_path, len);
	if (err != 0) {
		w->w_err = err;
		return;
	}
	w->w_found++;
}

/* Appends n bytes at s to the path of len bytes: the new length, or 0
 * when the path would not fit (such a path cannot exist anyway). */
static size_t
append(struct walk *w, size_t len, const char *s, size_t n)
{
	if (len + n + 1 > sizeof(w->w_path)) {
		return 0;
	}
	memcpy(w->w_path + len, s, n);
	return len + n;
}

/* Whether a directory entry may match comp: never . or .., and a
 * hidden name only for a component starting with a plain dot. */
static bool
visible(const char *name, const char *comp)
{
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		return false;
	}
	return name[0] != '.' || comp[0] == '.' || (comp[0] == '\\' && comp[1] == '.');
}

static void step(struct walk *w, size_t len, const char *pat);

/* After a component, with the path at len: the slashes that follow, then
 * either the end of the pattern (a result) or the next component. */
static void
next(struct walk *w, size_t len, const char *rest)
{
	const char *after = rest;

	while (*after == '/') {
		after++;
	}
	if (after > rest) {
		len = append(w, len, rest, (size_t)(after - rest));
		if (len == 0) {
			return;
		}
	}
	if (*after == '\0') {
		found(w, len, after > rest);
	} else {
		step(w, len, after);
	}
}

/* One component of the pattern at pat, the path so far len bytes. */
static void
step(struct walk *w, size_t len, const char *pat)
{
	const char *end = pat;
	char *comp = w->w_comp;
	size_t n;
	DIR *d;
	struct dirent *e;

	while (*end != '\0' && *end != '/') {
		end += end[0] == '\\' && end[1] != '\0' ? 2 : 1;
	}
	n = (size_t)(end - pat);
	memcpy(comp, pat, n);
	comp[n] = '\0';
	if (!sh_glob_has_meta(comp)) {
		sh_glob_unescape(comp, comp);
		len = append(w, len, comp, strlen(comp));
		if (len != 0) {
			next(w, len, end);
		}
		return;
	}
	/* w_comp is shared with deeper steps: keep this component in the
	 * pattern itself, which stays put, and match against a copy made
	 * for each entry's test. */
	w->w_path[len] = '\0';
	d = opendir(len > 0 ? w->w_path : ".");
	if (d == NULL) {
		return;
	}
	while (w->w_err == 0 && (e = readdir(d)) != NULL) {
		size_t nl;

		memcpy(comp, pat, n);
		comp[n] = '\0';
		if (!visible(e->d_name, comp) || !sh_glob_match(comp, e->d_name)) {
			continue;
		}
		nl = append(w, len, e->d_name, strlen(e->d_name));
		if (nl != 0) {
			next(w, nl, end);
		}
	}
	closedir(d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The walk's buffers are static: one glob at a time, off the stack. */
int
sh_glob(const char *pattern, struct sh_argv *a)
{
	static struct walk w;
	int first = a->a_n;
	size_t bytes = a->a_bytes;

	w.w_a = a;
	w.w_found = 0;
	w.w_err = 0;
	if (pattern[0] == '/') {
		next(&w, 0, pattern);
	} else {
		step(&w, 0, pattern);
	}
	if (w.w_err != 0) {
		while (a->a_n > first) {
			free(a->a_v[--a->a_n]);
		}
		a->a_v[a->a_n] = NULL;
		a->a_bytes = bytes;
		return w.w_err;
	}
	qsort(a->a_v + first, (size_t)w.w_found, sizeof(char *), cmp_str);
	return w.w_found;
}
