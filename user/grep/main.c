/* grep [-v] [-i] [-c] [-n] PATTERN [FILE...]: lines that match PATTERN,
 * a simple regular expression (. any byte, * repeats what precedes it,
 * ^ and $ anchor, \ quotes). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#define GREP_LINE 4096

static int invert, icase, count, number;

static int
fold(int c)
{
	return icase && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int match_here(const char *re, const char *s);

/* One pattern byte against one text byte; *len: the pattern bytes used. */
static int
one(const char *re, int c, int *len)
{
	if (re[0] == '\\' && re[1] != '\0') {
		*len = 2;
		return c != '\0' && fold(re[1]) == fold(c);
	}
	*len = 1;
	return c != '\0' && (re[0] == '.' || fold(re[0]) == fold(c));
}

/* x* then rest: as few x as will do. */
static int
match_star(const char *re, const char *rest, const char *s)
{
	int l;

	do {
		if (match_here(rest, s)) {
			return 1;
		}
	} while (one(re, *s++, &l));
	return 0;
}

static int
match_here(const char *re, const char *s)
{
	int len;

	if (re[0] == '\0') {
		return 1;
	}
	if (re[0] == '\\' && re[1] != '\0' && re[2] == '*') {
		return match_star(re, re + 3, s);
	}
	if (re[0] != '\\' && re[1] == '*') {
		return match_star(re, re + 2, s);
	}
	if (re[0] == '$' && re[1] == '\0') {
		return *s == '\0';
	}
	if (one(re, *s, &len)) {
		return match_here(re + len, s + 1);
	}
	return 0;
}

static int
match(const char *re, const char *s)
{
	if (re[0] == '^') {
		return match_here(re + 1, s);
	}
	do {
		if (match_here(re, s)) {
			return 1;
		}
	} while (*s++ != '\0');
	return 0;
}

static long
grep(FILE *f, const char *re, const char *name)
{
	static char line[GREP_LINE];
	long lineno = 0, hits = 0;

	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strlen(line);

		if (n > 0 && line[n - 1] == '\n') {
			line[n - 1] = '\0';
		}
		lineno++;
		if (match(re, line) == invert) {
			continue;
		}
		hits++;
		if (count) {
			continue;
		}
		if (name != NULL) {
			printf("%s:", name);
		}
		if (number) {
			printf("%ld:", lineno);
		}
		puts(line);
	}
	if (count) {
		if (name != NULL) {
			printf("%s:", name);
		}
		printf("%ld\n", hits);
	}
	return hits;
}

int
main(int argc, char **argv)
{
	int i = 1, status = 1;
	const char *re;
	long hits = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		for (const char *f = argv[i] + 1; *f != '\0'; f++) {
			switch (*f) {
			case 'v':
				invert = 1;
				break;
			case 'i':
				icase = 1;
				break;
			case 'c':
				count = 1;
				break;
			case 'n':
				number = 1;
				break;
			default:
				goto usage;
			}
		}
	}
	if (i == argc) {
		goto usage;
	}
	re = argv[i++];
	if (i == argc) {
		hits = grep(stdin, re, NULL);
	}
	for (int k = i; k < argc; k++) {
		FILE *f = fopen(argv[k], "r");

		if (f == NULL) {
			fprintf(stderr, "grep: %s: %s\n", argv[k], strerror(errno));
			status = 2;
			continue;
		}
		hits += grep(f, re, argc - i > 1 ? argv[k] : NULL);
		fclose(f);
	}
	return hits > 0 ? 0 : status;
usage:
	fprintf(stderr, "usage: grep [-v] [-i] [-c] [-n] PATTERN [FILE...]\n");
	return 2;
}
