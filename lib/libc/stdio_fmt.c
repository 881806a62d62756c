/*
 * The printf family.  A text is formatted whole (on the stack up to
 * LINE_MAX bytes, else on the heap, or cut when there is none) and then
 * written with one stream write, so an unbuffered stream (the console)
 * gets each printf() in one piece.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "xfile.h"

#define LINE_MAX 512

/* kernel/lib/printf.c, shared with the kernel. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats into line, or a heap buffer when longer (*big, to free). */
static int
format(char *line, char **big, const char **text, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	*big = NULL;
	*text = line;
	n = kvsnprintf(line, LINE_MAX, fmt, ap);
	if (n >= LINE_MAX) {
		*big = malloc((size_t)n + 1);
		if (*big == NULL) {
			n = LINE_MAX - 1;
		} else {
			kvsnprintf(*big, (size_t)n + 1, fmt, again);
			*text = *big;
		}
	}
	va_end(again);
	return n;
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	char line[LINE_MAX], *big;
	const char *text;
	int n = format(line, &big, &text, fmt, ap);
	size_t done = xf_write(f, text, (size_t)n);

	free(big);
	return done == (size_t)n ? n : EOF;
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int
dprintf(int fd, const char *fmt, ...)
{
	char line[LINE_MAX], *big;
	const char *text;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format(line, &big, &text, fmt, ap);
	va_end(ap);
	if (xf_sys_write(fd, text, (size_t)n) != n) {
		n = EOF;
	}
	free(big);
	return n;
}
