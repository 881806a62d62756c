/*
 * Strings and memory.  The first group is kernel/lib/string.c and
 * strlcpy.c, compiled for user space as well; the rest is lib/libc.
 */
#pragma once
#include <stddef.h>
#include <strings.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Appends src to dst (size bytes in all); returns the length it tried to make. */
size_t strlcat(char *dst, const char *src, size_t size);
void *memchr(const void *s, int c, size_t n);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
char *strncat(char *dst, const char *src, size_t n);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok(char *s, const char *delim);
char *strtok_r(char *s, const char *delim, char **save);
/* malloc()ed copies: NULL when out of memory. */
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
/* A short English text for an E* code (positive or negated). */
const char *strerror(int err);
