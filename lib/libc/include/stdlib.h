/*
 * Memory, process end, the environment, number parsing and sorting.
 * malloc() takes its memory from the kernel (KC_PROC_MMAP), which needs
 * that kernel call in the program's privilege record.
 */
#pragma once
#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

/* exit() runs the atexit() functions (last first), flushes the stdio
 * streams and ends the process; _Exit() only ends it. */
__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void _Exit(int status);
__attribute__((noreturn)) void abort(void);
int atexit(void (*fn)(void));

int atoi(const char *s);
long atol(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int abs(int v);
long labs(long v);

/* The environment (environ, "NAME=value" strings). */
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);

int rand(void);
void srand(unsigned seed);

/* Sorts n elements of size bytes in place, in cmp's order (not stable). */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
