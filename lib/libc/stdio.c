/*
 * printf and friends over the kernel console (see stdio.h).  A formatted
 * text up to LINE_MAX bytes is written from the stack; a longer one gets a
 * heap buffer, or is cut when there is none.
 */
#include <libsys/kcall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX 512

/* kernel/lib/printf.c, shared with the kernel. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

long
console_write(const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		int64_t n = kc_console_write(buf + done, len - done);

		if (n <= 0) {
			return n < 0 ? n : (long)done;
		}
		done += (size_t)n;
	}
	return (long)done;
}

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

int
vprintf(const char *fmt, va_list ap)
{
	char line[LINE_MAX], *big;
	va_list again;
	int n;

	va_copy(again, ap);
	n = kvsnprintf(line, sizeof(line), fmt, ap);
	if (n < (int)sizeof(line)) {
		va_end(again);
		console_write(line, (size_t)n);
		return n;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		va_end(again);
		console_write(line, sizeof(line) - 1);
		return n;
	}
	kvsnprintf(big, (size_t)n + 1, fmt, again);
	va_end(again);
	console_write(big, (size_t)n);
	free(big);
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int
puts(const char *s)
{
	return printf("%s\n", s);
}

int
putchar(int c)
{
	char ch = (char)c;

	console_write(&ch, 1);
	return (unsigned char)c;
}
