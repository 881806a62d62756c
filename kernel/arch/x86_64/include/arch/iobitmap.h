/*
 * Ring-3 access to I/O ports, through the I/O permission bitmap that
 * follows each CPU's TSS (arch/percpu.h: c_iomap).  User code runs with
 * IOPL 0, so every IN, OUT, INS and OUTS it executes is checked against
 * the bitmap, and a port whose bit is set (or a bitmap switched off)
 * raises #GP.
 *
 * When the scheduler switches to a process, iobitmap_load() installs that
 * process's bitmap: a process without ports costs one 16-bit store (the
 * bitmap is switched off); one with ports costs an 8 KiB copy, skipped
 * when the CPU still holds that very process's bitmap.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/percpu.h>

/* Where the bitmap starts, counted from the TSS base, and a base past the
 * TSS limit that denies every port. */
#define IOMAP_TSS_OFFSET (offsetof(struct cpu, c_iomap) - offsetof(struct cpu, c_tss))
#define IOMAP_TSS_NONE 0xffff
#define IOMAP_OWNER_NONE (-2) /* c_iomap_owner: no process's bitmap loaded */

_Static_assert(IOMAP_TSS_OFFSET < IOMAP_TSS_NONE - IOMAP_BYTES, "I/O bitmap too far");

/*
 * Installs bitmap (IOMAP_BYTES, as built by res_check_io_bitmap()) for
 * the process with endpoint owner on the calling CPU, or denies every
 * port when bitmap is NULL.  Call with preemption off (switch path).
 */
void iobitmap_load(const uint8_t *bitmap, int32_t owner);

/* After a #GP on ports [port, port+width): when bitmap (owner's) allows
 * them but this CPU's copy does not, the copy was made before the bitmap
 * was opened further: copies it again and returns true (run the
 * instruction again).  False when the refusal stands.  Interrupts off. */
bool iobitmap_refresh(const uint8_t *bitmap, int32_t owner, uint32_t port, unsigned width);

/* Makes every CPU forget a cached copy of owner's bitmap, so that a new
 * bitmap for that endpoint is copied at its next switch. */
void iobitmap_forget(int32_t owner);
