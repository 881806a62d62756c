/*
 * Reader for the boot image: a cpio archive in the "newc" format (magic
 * 070701), as written by `cpio -H newc`.  Pure code over a byte buffer,
 * unit-tested on the host; every header field is checked against the
 * buffer's bounds, so a truncated or corrupt archive gives an error, never
 * a read past its end.  Shared by the kernel (kernel/lib/cpio.c) and
 * libsys, which compiles the same file.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

#define CPIO_ERR_FORMAT (-1)    /* bad magic or a non-hex digit */
#define CPIO_ERR_TRUNCATED (-2) /* a header, name or body runs past the end */
#define CPIO_END 1              /* the TRAILER!!! entry: no more files */

struct cpio_entry {
	const char *name; /* not terminated: use name_len */
	size_t name_len;  /* without the terminating NUL */
	uint32_t mode;    /* file type and permission bits */
	const uint8_t *data;
	size_t size;
};

/* Reads the entry at *off and advances *off past it.  Returns 0 with *e
 * filled, CPIO_END at the trailer, or a negative CPIO_ERR_* code. */
int cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e);
