/*
 * Formatted output into a buffer: the one formatter behind every kernel
 * message.  Pure code, also built on the host for the unit tests.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, the length modifiers hh, h, l,
 * ll, z and t, the flags '-', '0', '+', ' ' and '#', a field width and a
 * precision (either may be '*').  %p prints 0x and 16 hex digits.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>

/* Formats into buf (always terminated when size > 0); returns the length the
 * full output would have had, as C's vsnprintf does. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
