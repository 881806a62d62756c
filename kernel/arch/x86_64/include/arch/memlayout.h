/*
 * The x86_64 virtual address map.  Usable from C and from assembly.
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user space (later issues)
 *   0xffff800000000000 - ...                 direct map of all physical RAM
 *   0xffffc00000000000 - 0xffffc07fffffffff  kernel virtual areas: thread
 *                                            stacks with guard pages, MMIO
 *   0xffffffff80000000 - 0xffffffffffffffff  the kernel image (-2 GiB)
 *
 * The image is loaded at KERNEL_PHYS; its virtual address is the physical
 * one plus KERNEL_VMA.  Until paging_init() runs, the boot page tables map
 * the first 4 GiB both at 0 and at PHYS_MAP_BASE, and the first 2 GiB at
 * KERNEL_VMA.
 */
#pragma once

#define KERNEL_VMA 0xffffffff80000000
#define KERNEL_PHYS 0x100000
#define PHYS_MAP_BASE 0xffff800000000000
#define KVA_BASE 0xffffc00000000000
#define KVA_SIZE 0x0000008000000000

#define PAGE_SIZE 4096
#define PAGE_SHIFT 12
#define BOOT_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The direct map: every physical address has a fixed kernel alias. */
static inline void *
phys_to_virt(uint64_t pa)
{
	return (void *)(pa + PHYS_MAP_BASE);
}

static inline uint64_t
virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)va;

	if (v >= KERNEL_VMA) {
		return v - KERNEL_VMA;
	}
	return v - PHYS_MAP_BASE;
}
#endif
