/*
 * Memory, process end, number parsing and sorting.  malloc() takes its memory from
 * the kernel (KC_PROC_MMAP), which needs that kernel call in the
 * program's privilege record.
 */
#pragma once
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);

int atoi(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);

/* Sorts n elements of size bytes in place, in cmp's order (not stable). */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
