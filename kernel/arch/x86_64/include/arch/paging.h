/*
 * Kernel address space (see arch/memlayout.h).
 *
 * paging_init() replaces the boot page tables: the direct map covers every
 * range in the firmware memory map (write-back), the kernel image is mapped
 * with text read-only+executable, rodata read-only+NX, data and bss NX, and
 * EFER.NXE and CR0.WP are on.  Needs frame_init() first.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>

void paging_init(void);

/* Maps [phys, phys+size) uncached and non-executable in the kernel virtual
 * area and returns the address matching phys (page offset kept).  Returns
 * NULL when out of virtual space or frames.  Mappings are never removed. */
void *vm_map_mmio(uint64_t phys, size_t size);

/* A kernel stack of size bytes (a multiple of 4 KiB) with an unmapped guard
 * page below it, so that an overflow faults instead of corrupting memory.
 * Returns the stack's top (highest address), or NULL. */
void *kstack_alloc(size_t size);
void kstack_free(void *top, size_t size);
/* Frames kept by the stack pool that no live stack uses: the pages of
 * freed stacks waiting for reuse, plus the page tables of the stack area. */
uint64_t kstack_cached_frames(void);

/* The physical address of the kernel's top-level page table; below 4 GiB so
 * that application processors can load it from 32-bit code. */
uint64_t paging_kernel_cr3(void);
