/* unit-sources: kernel/lib/strlcpy.c */
/*
 * libc's pure parts, compiled in here under other names so that they do
 * not stand in for the host's, and checked against the host's libc: the
 * string functions (lib/libc/string_ext.c, string_more.c), the character
 * classes (ctype.c), number parsing (strtol.c), strerror (strerror.c)
 * and the environment (env.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

size_t strlcpy(char *dst, const char *src, size_t size);

#define memchr libc_memchr
#define strcpy libc_strcpy
#define strncpy libc_strncpy
#define strcat libc_strcat
#define strncat libc_strncat
#define strspn libc_strspn
#define strcspn libc_strcspn
#define strpbrk libc_strpbrk
#define strtok_r libc_strtok_r
#define strtok libc_strtok
#define strncasecmp libc_strncasecmp
#define strcasecmp libc_strcasecmp
#define strndup libc_strndup
#define strdup libc_strdup
#include "../../lib/libc/string_ext.c"
#define strrchr libc_strrchr
#define strstr libc_strstr
#define strlcat libc_strlcat
#include "../../lib/libc/string_more.c"
#undef isalnum
#undef isalpha
#undef isblank
#undef iscntrl
#undef isdigit
#undef isgraph
#undef islower
#undef isprint
#undef ispunct
#undef isspace
#undef isupper
#undef isxdigit
#undef tolower
#undef toupper
#define isalnum libc_isalnum
#define isalpha libc_isalpha
#define isblank libc_isblank
#define iscntrl libc_iscntrl
#define isdigit libc_isdigit
#define isgraph libc_isgraph
#define islower libc_islower
#define isprint libc_isprint
#define ispunct libc_ispunct
#define isspace libc_isspace
#define isupper libc_isupper
#define isxdigit libc_isxdigit
#define tolower libc_tolower
#define toupper libc_toupper
#include "../../lib/libc/ctype.c"
#define strtoul libc_strtoul
#define strtol libc_strtol
#define atoi libc_atoi
#include "../../lib/libc/strtol.c"
#define strerror libc_strerror
#undef ENOTSUP /* the host's is EOPNOTSUPP's value under another spelling */
#include "../../lib/libc/strerror.c"
#define environ libc_environ
#define getenv libc_getenv
#define setenv libc_setenv
#define unsetenv libc_unsetenv
#include "../../lib/libc/env.c"
#undef memchr
#undef strcpy
#undef strncpy
#undef strcat
#undef strncat
#undef strspn
#undef strcspn
#undef strpbrk
#undef strtok_r
#undef strtok
#undef strncasecmp
#undef strcasecmp
#undef strndup
#undef strdup
#undef strrchr
#undef strstr
#undef isalnum
#undef isalpha
#undef isblank
#undef iscntrl
#undef isdigit
#undef isgraph
#undef islower
#undef isprint
#undef ispunct
#undef isspace
#undef isupper
#undef isxdigit
#undef tolower
#undef toupper
#undef strtoul
#undef strtol
#undef getenv

static const char *const samples[] = { "", "a", "hello world", "  lead", "trail  ", "a,b,,c",
	"xyzzy", "MiXeD CaSe", "tab\there", "abcabcabc" };
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))
static const char *const sets[] = { "", " ", ",", "abc", "lo", " \t", "xyz", "MC" };
#define NSETS (sizeof(sets) / sizeof(sets[0]))

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
test_spans_and_search(void **state)
{
	for (size_t i = 0; i < NSAMPLES; i++) {
		const char *s = samples[i];

		for (size_t j = 0; j < NSETS; j++) {
			assert_int_equal(libc_strspn(s, sets[j]), strspn(s, sets[j]));
			assert_int_equal(libc_strcspn(s, sets[j]), strcspn(s, sets[j]));
			assert_ptr_equal(libc_strpbrk(s, sets[j]), strpbrk(s, sets[j]));
			assert_ptr_equal(libc_strstr(s, sets[j]), strstr(s, sets[j]));
		}
		for (int c = 0; c < 128; c++) {
			assert_ptr_equal(libc_strrchr(s, c), strrchr(s, c));
			assert_ptr_equal(libc_memchr(s, c, strlen(s)), memchr(s, c, strlen(s)));
		}
	}
}

static void
test_case_compare(void **state)
{
	for (size_t i = 0; i < NSAMPLES; i++) {
		for (size_t j = 0; j < NSAMPLES; j++) {
			assert_int_equal(sign(libc_strcasecmp(samples[i], samples[j])),
			    sign(strcasecmp(samples[i], samples[j])));
			for (size_t n = 0; n < 6; n++) {
				assert_int_equal(sign(libc_strncasecmp(samples[i], samples[j], n)),
				    sign(strncasecmp(samples[i], samples[j], n)));
			}
		}
	}
	assert_int_equal(libc_strcasecmp("HeLLo", "hello"), 0);
}

static void
test_copy_and_join(void **state)
{
	char a[32], b[32];

	for (size_t i = 0; i < NSAMPLES; i++) {
		for (size_t n = 0; n < 16; n++) {
			memset(a, 'X', sizeof(a));
			memset(b, 'X', sizeof(b));
			libc_strncpy(a, samples[i], n);
			strncpy(b, samples[i], n);
			assert_memory_equal(a, b, sizeof(a));
			strcpy(a, "ab");
			strcpy(b, "ab");
			libc_strncat(a, samples[i], n);
			strncat(b, samples[i], n);
			assert_string_equal(a, b);
		}
		libc_strcpy(a, samples[i]);
		assert_string_equal(a, samples[i]);
		libc_strcat(a, "!");
		strcpy(b, samples[i]);
		strcat(b, "!");
		assert_string_equal(a, b);
	}
}

static void
test_dup(void **state)
{
	char *d = libc_strdup("copy me"), *n = libc_strndup("copy me", 4),
	     *e = libc_strndup("ab", 9);

	assert_string_equal(d, "copy me");
	assert_string_equal(n, "copy");
	assert_string_equal(e, "ab");
	free(d);
	free(n);
	free(e);
}

/* strtok_r against the host's on the same input, token by token. */
static void
test_tokens(void **state)
{
	for (size_t i = 0; i < NSAMPLES; i++) {
		for (size_t j = 1; j < NSETS; j++) {
			char x[32], y[32], *sx, *sy, *tx, *ty;

			strcpy(x, samples[i]);
			strcpy(y, samples[i]);
			tx = libc_strtok_r(x, sets[j], &sx);
			ty = strtok_r(y, sets[j], &sy);
			for (;;) {
				if (ty == NULL) {
					assert_null(tx);
					break;
				}
				assert_non_null(tx);
				assert_string_equal(tx, ty);
				assert_int_equal(tx - x, ty - y);
				tx = libc_strtok_r(NULL, sets[j], &sx);
				ty = strtok_r(NULL, sets[j], &sy);
			}
		}
	}
}

static void
test_ctype(void **state)
{
	for (int c = -1; c < 128; c++) {
		assert_int_equal(!!libc_isalnum(c), !!isalnum(c));
		assert_int_equal(!!libc_isalpha(c), !!isalpha(c));
		assert_int_equal(!!libc_isblank(c), !!isblank(c));
		assert_int_equal(!!libc_iscntrl(c), !!iscntrl(c));
		assert_int_equal(!!libc_isdigit(c), !!isdigit(c));
		assert_int_equal(!!libc_isgraph(c), !!isgraph(c));
		assert_int_equal(!!libc_islower(c), !!islower(c));
		assert_int_equal(!!libc_isprint(c), !!isprint(c));
		assert_int_equal(!!libc_ispunct(c), !!ispunct(c));
		assert_int_equal(!!libc_isspace(c), !!isspace(c));
		assert_int_equal(!!libc_isupper(c), !!isupper(c));
		assert_int_equal(!!libc_isxdigit(c), !!isxdigit(c));
		assert_int_equal(libc_tolower(c), tolower(c));
		assert_int_equal(libc_toupper(c), toupper(c));
	}
}

static void
test_strtol(void **state)
{
	static const char *const in[] = { "0", "42", "-17", "  +9x", "0x1f", "0X", "017", "zz", "-",
		"9223372036854775807", "-9223372036854775808", "99999999999999999999", "\t\n 12",
		"0x", "1e3" };
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *e1, *e2;

			assert_int_equal(libc_strtol(in[i], &e1, bases[b]),
			    strtol(in[i], &e2, bases[b]));
			assert_ptr_equal(e1, e2);
			if (in[i][0] != '-') {
				assert_int_equal(libc_strtoul(in[i], &e1, bases[b]),
				    strtoul(in[i], &e2, bases[b]));
				assert_ptr_equal(e1, e2);
			}
		}
	}
	assert_int_equal(libc_atoi("-123abc"), -123);
}

static void
test_strerror(void **state)
{
	/* Every code the headers name has its own text. */
	for (int e = 1; e < (int)(sizeof(texts) / sizeof(texts[0])); e++) {
		if (texts[e] != NULL) {
			assert_string_not_equal(libc_strerror(e), "unknown error");
			assert_string_equal(libc_strerror(-e), libc_strerror(e));
		}
	}
	assert_string_equal(libc_strerror(ENOENT), "no such file or directory");
	assert_string_equal(libc_strerror(9999), "unknown error");
	assert_string_equal(libc_strerror(33), "unknown error");
}

static void
test_env(void **state)
{
	static char *start[] = { "PATH=/bin", "HOME=/", "EMPTY=", NULL };

	libc_environ = start;
	assert_string_equal(libc_getenv("PATH"), "/bin");
	assert_string_equal(libc_getenv("EMPTY"), "");
	assert_null(libc_getenv("PAT"));
	assert_null(libc_getenv("PATH=/bin"));
	assert_null(libc_getenv(""));
	assert_int_equal(libc_setenv("PATH", "/usr/bin", 0), 0);
	assert_string_equal(libc_getenv("PATH"), "/bin");
	assert_int_equal(libc_setenv("PATH", "/usr/bin", 1), 0);
	assert_string_equal(libc_getenv("PATH"), "/usr/bin");
	assert_string_equal(start[0], "PATH=/bin"); /* the original is not touched */
	assert_int_equal(libc_setenv("NEW", "v", 0), 0);
	assert_string_equal(libc_getenv("NEW"), "v");
	assert_int_equal(libc_setenv("A=B", "v", 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(libc_unsetenv("HOME"), 0);
	assert_null(libc_getenv("HOME"));
	assert_string_equal(libc_getenv("NEW"), "v");
	assert_int_equal(libc_unsetenv("NOPE"), 0);
	for (int i = 0; i < 100; i++) {
		char name[16];

		snprintf(name, sizeof(name), "V%d", i);
		assert_int_equal(libc_setenv(name, name, 1), 0);
	}
	assert_string_equal(libc_getenv("V57"), "V57");
	assert_string_equal(libc_getenv("PATH"), "/usr/bin");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spans_and_search),
		cmocka_unit_test(test_case_compare),
		cmocka_unit_test(test_copy_and_join),
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_ctype),
		cmocka_unit_test(test_strtol),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
