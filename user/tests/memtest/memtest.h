/*
 * memtest: shared between the parent side (main.c) and the children
 * (children.c).
 */
#pragma once
#include <stdint.h>

#define MEMTEST_PAGE 4096
#define MEMTEST_WIN_OFF 100  /* the safecopy window starts here in the parent's buffer */
#define MEMTEST_WIN_LEN 5000 /* and crosses a page boundary */
#define MEMTEST_TO_OFF 1000  /* where the child writes into the window */
#define MEMTEST_TO_LEN 3000
#define MEMTEST_ROUNDS 1000 /* increments of the shared counter by each side */
#define MEMTEST_MAGIC 0x5eed5eed5eed5eedULL
#define MEMTEST_DMA_QUOTA (16ULL << 20)
#define MEMTEST_SHARE_ADDR 0x50000000ULL /* where the share test lends its page */
#define MEMTEST_SHARE_BYTE 0x5a

/* The byte at offset i of the window before (pattern 1) and after the
 * child's write (pattern 2). */
static inline uint8_t
memtest_pattern(unsigned which, uint64_t i)
{
	return which == 1 ? (uint8_t)(i * 7 + 3) : (uint8_t)(i * 13 + 5);
}

/* Runs child case c with arg (may be NULL); the exit status, 0 when
 * everything came out as expected. */
int memtest_child(const char *c, const char *arg);
