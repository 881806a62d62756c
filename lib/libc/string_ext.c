/*
 * More of string.h: copying and joining, spans, searching, tokens,
 * case-insensitive comparison and duplicates.  Pure C, tested on the host
 * against the host's libc.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == (unsigned char)c) {
			return (void *)(p + i);
		}
	}
	return NULL;
}

char *
strcpy(char *dst, const char *src)
{
	memcpy(dst, src, strlen(src) + 1);
	return dst;
}

char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t l = strnlen(src, n);

	memcpy(dst, src, l);
	memset(dst + l, 0, n - l);
	return dst;
}

char *
strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

char *
strncat(char *dst, const char *src, size_t n)
{
	size_t d = strlen(dst), l = strnlen(src, n);

	memcpy(dst + d, src, l);
	dst[d + l] = '\0';
	return dst;
}

size_t
strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(accept, s[n]) != NULL) {
		n++;
	}
	return n;
}

size_t
strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] != '\0' && strchr(reject, s[n]) == NULL) {
		n++;
	}
	return n;
}

char *
strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s != '\0' ? (char *)s : NULL;
}

char *
strtok_r(char *s, const char *delim, char **save)
{
	char *end;

	if (s == NULL) {
		s = *save;
	}
	if (s == NULL) {
		return NULL;
	}
	s += strspn(s, delim);
	if (*s == '\0') {
		*save = NULL;
		return NULL;
	}
	end = s + strcspn(s, delim);
	if (*end != '\0') {
		*end++ = '\0';
		*save = end;
	} else {
		*save = NULL;
	}
	return s;
}

char *
strtok(char *s, const char *delim)
{
	static char *save;

	return strtok_r(s, delim, &save);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
strncasecmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ca = lower((unsigned char)a[i]), cb = lower((unsigned char)b[i]);

		if (ca != cb || ca == '\0') {
			return ca - cb;
		}
	}
	return 0;
}

int
strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, (size_t)-1);
}

char *
strndup(const char *s, size_t n)
{
	size_t l = strnlen(s, n);
	char *d = malloc(l + 1);

	if (d != NULL) {
		memcpy(d, s, l);
		d[l] = '\0';
	}
	return d;
}

char *
strdup(const char *s)
{
	return strndup(s, (size_t)-1);
}
