/*
 * The physical frame allocator: naturally aligned blocks of 2^order 4 KiB
 * frames out of the RAM the firmware memory map calls usable, minus what the
 * kernel must keep (the first MiB, the kernel image, the boot modules and
 * the boot loader's information block).  SMP-safe; callable with
 * interrupts off and from interrupt handlers (never sleeps).
 *
 * Start-up: frame_init() runs on the boot page tables, where only the first
 * 4 GiB are direct-mapped.  It keeps all of its metadata below 4 GiB and
 * writes nothing to other frames, and until frame_init_late() (called once
 * paging_init() has mapped everything) it hands out frames below 4 GiB only.
 */
#pragma once
#include <stdint.h>

#define FRAME_SIZE 4096ULL
#define FRAME_MAX_ORDER 10 /* blocks up to 4 MiB */

#define FRAME_ZERO 0x1     /* fill the block with zeroes */
#define FRAME_BELOW_4G 0x2 /* the block ends at or below 4 GiB */

/* Builds the allocator from boot_info and prints its summary line. */
void frame_init(void);

/* Lets later allocations use frames above 4 GiB; needs the full direct map. */
void frame_init_late(void);

/* Returns the physical address of 2^order contiguous frames aligned to their
 * size, or 0 when there is no such block (or order > FRAME_MAX_ORDER).
 * flags: FRAME_ZERO, FRAME_BELOW_4G. */
uint64_t frame_alloc(unsigned order, unsigned flags);

/* Frees a block frame_alloc() returned, with the same order.  A misaligned,
 * foreign or double free is a kernel bug and panics. */
void frame_free(uint64_t phys, unsigned order);

/* The order of the allocated block that starts at phys, or -1 when phys is
 * not the start of an allocated block. */
int frame_block_order(uint64_t phys);

/* Frames free now, and frames managed in all (free or allocated). */
uint64_t frame_free_pages(void);
uint64_t frame_total_pages(void);
/* Frames free now above 4 GiB. */
uint64_t frame_free_high_pages(void);
