/*
 * The string functions user programs need beyond the kernel's set
 * (kernel/lib/string.c).
 */
#include <string.h>

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c) {
			last = s;
		}
		if (*s == '\0') {
			return (char *)last;
		}
	}
}

char *
strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack != '\0' || n == 0; haystack++) {
		if (strncmp(haystack, needle, n) == 0) {
			return (char *)haystack;
		}
		if (*haystack == '\0') {
			break;
		}
	}
	return NULL;
}

size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size) {
		return size + strlen(src);
	}
	return d + strlcpy(dst + d, src, size - d);
}
