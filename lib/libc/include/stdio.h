/*
 * Formatted output to the console.  There is no buffering and no FILE:
 * every call writes its text at once (KC_CONSOLE_WRITE), so the lines of
 * one printf() stay together.  The formatter is the kernel's
 * (kernel/lib/printf.c): %d %i %u %x %X %o %c %s %p %%, flags, width,
 * precision, hh h l ll z t; no floating point.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Writes s and a newline. */
int puts(const char *s);
int putchar(int c);
/* Writes len bytes of buf as they are; returns len or a negative E* code. */
long console_write(const char *buf, size_t len);
