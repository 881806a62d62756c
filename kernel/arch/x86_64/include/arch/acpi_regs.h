/*
 * Access to the registers ACPI tables describe with a Generic Address
 * Structure: system I/O ports, system memory (mapped uncached on first
 * use), and PCI configuration space on segment 0, bus 0.  Used by the ACPI
 * module for power-off and reset; safe in panic context (no locks but the
 * PCI port I/O one).
 */
#pragma once
#include <stdint.h>
#include <kern/acpi.h>

/* Read or write the register at g; access width from access_size, else
 * from bit_width; the value is shifted by bit_offset.  Return 0, -ENODEV
 * for a null address, or -ENOTSUP for a space or width not handled. */
int arch_acpi_read(const struct acpi_gas *g, uint64_t *value);
int arch_acpi_write(const struct acpi_gas *g, uint64_t value);

/* Busy-waits about us microseconds without any clock set up (port 0x80
 * writes, about 1 us each on PC hardware). */
void arch_acpi_delay_us(unsigned us);
