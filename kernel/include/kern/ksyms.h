/*
 * The kernel's own symbol table, generated at link time by
 * scripts/gen-ksyms.sh: function start addresses, sorted, with names.
 */
#pragma once
#include <stdint.h>

/* Finds the function containing addr; returns its name and sets *offset,
 * or returns NULL when addr is outside the kernel's text. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);
