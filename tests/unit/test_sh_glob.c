/* unit-sources: user/sh/match.c user/sh/glob.c user/sh/expand.c user/sh/vars.c user/sh/arith.c */
/*
 * The shell's pathname expansion and positional parameters (user/sh):
 * the matcher, the pattern form expansion makes (quoted bytes marked),
 * fields from $@ and $*, the directory walk over a scratch directory
 * on the host (sorted results, hidden names, several components, no
 * match, the word and byte limits), and shift.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../user/sh/sh.h"

static void
test_match(void **state)
{
	static const struct {
		const char *pat, *name;
		bool want;
	} cases[] = {
		{ "abc", "abc", true },
		{ "abc", "abd", false },
		{ "*", "", true },
		{ "*", "anything", true },
		{ "a*", "a", true },
		{ "a*", "ba", false },
		{ "*.c", "main.c", true },
		{ "*.c", "main.h", false },
		{ "a*b*c", "aXbYbZc", true },
		{ "a*b*c", "aXbYbZ", false },
		{ "**x", "yyx", true },
		{ "?", "a", true },
		{ "?", "", false },
		{ "??", "a", false },
		{ "a?c", "abc", true },
		{ "[abc]", "b", true },
		{ "[abc]", "d", false },
		{ "[a-z]1", "q1", true },
		{ "[a-z]1", "Q1", false },
		{ "[!x]", "y", true },
		{ "[!x]", "x", false },
		{ "[^x]", "x", false },
		{ "[]x]", "]", true },
		{ "[!]]", "]", false },
		{ "[a-]", "-", true },
		{ "[\\]]", "]", true },
		{ "[", "[", true },
		{ "[ab", "[ab", true },
		{ "[ab", "a", false },
		{ "\\*", "*", true },
		{ "\\*", "x", false },
		{ "a\\?", "a?", true },
		{ "a\\?", "ab", false },
		{ "\\[a]", "[a]", true },
		{ "x\\", "x\\", true },
		{ "*\\*", "ab*", true },
		{ "[0-9][0-9]*", "42abc", true },
		{ "\xe9*", "\xe9t\xe9", true },
		{ "[\x80-\xff]", "\xe9", true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sh_glob_match(cases[i].pat, cases[i].name) != cases[i].want) {
			fail_msg("'%s' on '%s': want %d", cases[i].pat, cases[i].name,
			    cases[i].want);
		}
	}
	assert_true(sh_glob_has_meta("a*"));
	assert_true(sh_glob_has_meta("[ab]"));
	assert_false(sh_glob_has_meta("[ab"));
	assert_false(sh_glob_has_meta("a\\*b\\?\\[x]"));
	assert_false(sh_glob_has_meta("plain"));
}

/* Random patterns and names of the bytes that matter, against the host
 * C library's fnmatch() without flags, which means the same.  Left out:
 * patterns ending in a lone backslash (invalid for fnmatch), a [ with no
 * ] after it (glibc fails some of those where POSIX has a plain [), and
 * [. [= [: inside sets (collating symbols and classes, which the shell
 * does not have: the alphabet has no . = or :). */
static void
test_match_random(void **state)
{
	static const char pat_bytes[] = "ab*?[]!^-\\";
	static const char name_bytes[] = "ab]![-^\\.*";
	char pat[12], name[8];
	int bad = 0;

	srand(7);
	for (int round = 0; round < 200000; round++) {
		int pl = rand() % (int)(sizeof(pat) - 1), nl = rand() % (int)(sizeof(name) - 1);
		int want, slashes = 0;

		for (int i = 0; i < pl; i++) {
			pat[i] = pat_bytes[rand() % (int)(sizeof(pat_bytes) - 1)];
		}
		pat[pl] = '\0';
		for (int i = pl - 1; i >= 0 && pat[i] == '\\'; i--) {
			slashes++;
		}
		if (slashes % 2 == 1 ||
		    (strchr(pat, '[') != NULL && strchr(strrchr(pat, '['), ']') == NULL)) {
			continue;
		}
		for (int i = 0; i < nl; i++) {
			name[i] = name_bytes[rand() % (int)(sizeof(name_bytes) - 1)];
		}
		name[nl] = '\0';
		want = fnmatch(pat, name, 0) == 0;
		if (sh_glob_match(pat, name) != want && bad++ < 10) {
			print_message("'%s' on '%s': fnmatch says %d\n", pat, name, want);
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_unescape(void **state)
{
	char buf[32];

	sh_glob_unescape("a\\*b\\\\c\\", buf);
	assert_string_equal(buf, "a*b\\c\\");
	strcpy(buf, "\\[x\\]");
	sh_glob_unescape(buf, buf);
	assert_string_equal(buf, "[x]");
}

static char *pos_argv[] = { "one", "two words", "*", NULL };

static const char *
lookup(const char *name, void *ctx)
{
	static char num[8];

	if (name[0] >= '0' && name[0] <= '9') {
		return sh_pos_get(atoi(name));
	}
	if (strcmp(name, "#") == 0) {
		snprintf(num, sizeof(num), "%d", sh_pos_count());
		return num;
	}
	if (strcmp(name, "STAR") == 0) {
		return "a*";
	}
	if (strcmp(name, "E") == 0) {
		return "";
	}
	return NULL;
}

/* The fields of w, joined by '|' for comparison; "" for none. */
static const char *
fields(const char *w, unsigned flags, int want_n)
{
	static char buf[256], joined[256];
	int n = sh_expand_fields(w, buf, sizeof(buf), flags, lookup, NULL);
	const char *f = buf;

	assert_int_equal(n, want_n);
	joined[0] = '\0';
	for (int i = 0; i < n; i++, f += strlen(f) + 1) {
		if (i > 0) {
			strcat(joined, "|");
		}
		strcat(joined, f);
	}
	return joined;
}

static void
test_fields(void **state)
{
	char small[4], out[64];

	sh_pos_set("script", 3, pos_argv);
	assert_string_equal(fields("plain", 0, 1), "plain");
	assert_string_equal(fields("$0:$1:$3:$4", 0, 1), "script:one:*:");
	assert_string_equal(fields("$#", 0, 1), "3");
	assert_string_equal(fields("${2}x", 0, 1), "two wordsx");
	assert_string_equal(fields("$@", 0, 3), "one|two words|*");
	assert_string_equal(fields("\"$@\"", 0, 3), "one|two words|*");
	assert_string_equal(fields("<$@>", 0, 3), "<one|two words|*>");
	assert_string_equal(fields("$*", 0, 3), "one|two words|*");
	assert_string_equal(fields("\"$*\"", 0, 1), "one two words *");
	assert_string_equal(fields("$UNSET", 0, 0), "");
	assert_string_equal(fields("$E", 0, 0), "");
	assert_string_equal(fields("\"$E\"", 0, 1), "");
	assert_string_equal(fields("''", 0, 1), "");
	/* Pattern form: quoted metacharacters and every backslash marked,
	 * unquoted ones (a variable's too) left to glob. */
	assert_string_equal(fields("*'*'\"?\"\\[", SH_X_PATTERN, 1), "*\\*\\?\\[");
	assert_string_equal(fields("$STAR\"$STAR\"", SH_X_PATTERN, 1), "a*a\\*");
	assert_string_equal(fields("'a\\b'", SH_X_PATTERN, 1), "a\\\\b");
	assert_string_equal(fields("\"$@\"", SH_X_PATTERN, 3), "one|two words|\\*");
	assert_string_equal(fields("$@", SH_X_PATTERN, 3), "one|two words|*");
	/* sh_expand: one word, parameters joined by blanks. */
	assert_int_equal(sh_expand("$@", out, sizeof(out), lookup, NULL), 15);
	assert_string_equal(out, "one two words *");
	assert_int_equal(sh_expand_fields("toolong", small, sizeof(small), 0, lookup, NULL), -1);
	assert_int_equal(sh_expand_fields("$@", small, sizeof(small), 0, lookup, NULL), -1);
	sh_pos_set("sh", 0, NULL);
	assert_string_equal(fields("\"$@\"", 0, 0), "");
	assert_string_equal(fields("$@", 0, 0), "");
	assert_string_equal(fields("x\"$@\"", 0, 1), "x");
	assert_string_equal(fields("$#", 0, 1), "0");
}

static void
test_shift(void **state)
{
	sh_pos_set("s", 3, pos_argv);
	assert_int_equal(sh_pos_shift(1), 0);
	assert_string_equal(sh_pos_get(1), "two words");
	assert_int_equal(sh_pos_count(), 2);
	assert_string_equal(sh_pos_get(0), "s");
	assert_int_equal(sh_pos_shift(3), -1);
	assert_int_equal(sh_pos_count(), 2);
	assert_int_equal(sh_pos_shift(2), 0);
	assert_int_equal(sh_pos_count(), 0);
	assert_null(sh_pos_get(1));
	assert_int_equal(sh_pos_shift(1), -1);
}

static char dir[64];

static void
touch(const char *rel)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static void
mkd(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

/* The matches of pattern (relative to dir), joined by blanks without
 * the dir prefix. */
static const char *
glob_rel(const char *pattern, int want_n)
{
	static char joined[1024];
	char pat[256];
	struct sh_argv a = { 0 };
	size_t dl = strlen(dir) + 1;
	int n;

	snprintf(pat, sizeof(pat), "%s/%s", dir, pattern);
	n = sh_glob(pat, &a);
	assert_int_equal(n, want_n);
	assert_int_equal(a.a_n, n > 0 ? n : 0);
	joined[0] = '\0';
	for (int i = 0; i < a.a_n; i++) {
		assert_true(strncmp(a.a_v[i], pat, dl) == 0);
		if (i > 0) {
			strcat(joined, " ");
		}
		strcat(joined, a.a_v[i] + dl);
	}
	assert_null(a.a_v[a.a_n]);
	sh_argv_free(&a);
	return joined;
}

static int
setup_dir(void **state)
{
	strcpy(dir, "/tmp/xinim-glob-XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* Created out of order: the results must come back sorted. */
	touch("b1");
	touch("a2");
	touch("a1");
	touch(".hidden");
	touch("c*");
	mkd("d1");
	mkd("d2");
	mkd("e");
	touch("d1/x1");
	touch("d1/y");
	touch("d2/x2");
	touch("e/x3");
	return 0;
}

static int
teardown_dir(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static void
test_glob_walk(void **state)
{
	assert_string_equal(glob_rel("a*", 2), "a1 a2");
	assert_string_equal(glob_rel("*", 7), "a1 a2 b1 c* d1 d2 e");
	assert_string_equal(glob_rel(".*", 1), ".hidden");
	assert_string_equal(glob_rel("\\.h*", 1), ".hidden");
	assert_string_equal(glob_rel("?1", 3), "a1 b1 d1");
	assert_string_equal(glob_rel("[ab]1", 2), "a1 b1");
	assert_string_equal(glob_rel("[!a]1", 2), "b1 d1");
	assert_string_equal(glob_rel("c\\*", 1), "c*");
	assert_string_equal(glob_rel("*/x*", 3), "d1/x1 d2/x2 e/x3");
	assert_string_equal(glob_rel("d*/x*", 2), "d1/x1 d2/x2");
	assert_string_equal(glob_rel("d?/y", 1), "d1/y");
	assert_string_equal(glob_rel("d*/", 2), "d1/ d2/");
	assert_string_equal(glob_rel("*/nothing", 0), "");
	assert_string_equal(glob_rel("z*", 0), "");
	assert_string_equal(glob_rel("a1/*", 0), "");
	assert_string_equal(glob_rel("missing/*", 0), "");
}

static void
test_glob_limits(void **state)
{
	struct sh_argv a = { 0 };
	char pat[256];

	/* Words already in the list count: a glob that would pass SH_ARGS
	 * fails whole and leaves the list as it was. */
	for (int i = 0; i < SH_ARGS - 3; i++) {
		assert_int_equal(sh_argv_add(&a, "w", 1), 0);
	}
	snprintf(pat, sizeof(pat), "%s/*", dir);
	assert_int_equal(sh_glob(pat, &a), SH_E_WORDS);
	assert_int_equal(a.a_n, SH_ARGS - 3);
	assert_null(a.a_v[a.a_n]);
	snprintf(pat, sizeof(pat), "%s/a*", dir);
	assert_int_equal(sh_glob(pat, &a), 2);
	assert_int_equal(sh_argv_add(&a, "w", 1), 0);
	assert_int_equal(sh_argv_add(&a, "w", 1), SH_E_WORDS);
	sh_argv_free(&a);
	assert_int_equal(a.a_n, 0);
	{
		char *big = malloc(SH_ARG_BYTES);

		memset(big, 'x', SH_ARG_BYTES - 8);
		assert_int_equal(sh_argv_add(&a, big, SH_ARG_BYTES - 8), 0);
		free(big);
	}
	assert_int_equal(sh_glob(pat, &a), SH_E_BYTES);
	assert_int_equal(a.a_n, 1);
	assert_non_null(sh_argv_error(SH_E_BYTES));
	sh_argv_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_match_random),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_glob_walk),
		cmocka_unit_test(test_glob_limits),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
