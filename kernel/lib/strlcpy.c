/*
 * strlcpy, apart from the other string functions because the host C library
 * (used by the unit tests) lacks it while it has all the others.
 */
#include <kern/string.h>

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
