/*
 * The kernel's own console: the output side of the first serial port.
 * User-space console drivers take over input in later issues.
 */
#pragma once
#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
