/*
 * x86_64 page-table entries (Intel SDM vol. 3, 4.5) and the helpers that
 * walk and fill the kernel's tables.  Four levels: 4 = PML4, 3 = PDPT
 * (1 GiB leaves), 2 = PD (2 MiB leaves), 1 = PT (4 KiB pages).
 *
 * The kernel half of the address space (PML4 slots 256-511) is built once
 * by paging_init(); later changes happen only below the PML4, so an address
 * space that copies those slots sees every later kernel mapping.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <arch/memlayout.h>

#define PTE_P (1ULL << 0)   /* present */
#define PTE_W (1ULL << 1)   /* writable */
#define PTE_U (1ULL << 2)   /* user */
#define PTE_PWT (1ULL << 3) /* write-through */
#define PTE_PCD (1ULL << 4) /* cache disable */
#define PTE_A (1ULL << 5)
#define PTE_D (1ULL << 6)
#define PTE_PS (1ULL << 7) /* leaf at level 3 or 2 */
#define PTE_G (1ULL << 8)  /* global: survives CR3 loads */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define PTE_ADDR_LARGE 0x000fffffffffe000ULL /* bit 12 is PAT in PS leaves */

#define PT_ENTRIES 512

/* Bytes one entry maps at a level: 4 KiB, 2 MiB, 1 GiB, 512 GiB. */
static inline uint64_t
pte_level_size(unsigned level)
{
	return 1ULL << (PAGE_SHIFT + 9 * (level - 1));
}

/* The slot of va in its table at a level. */
static inline unsigned
pte_index(uint64_t va, unsigned level)
{
	return (unsigned)(va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* The physical address a leaf entry at a level maps, for va. */
static inline uint64_t
pte_leaf_phys(uint64_t pte, unsigned level, uint64_t va)
{
	uint64_t mask = level == 1 ? PTE_ADDR : PTE_ADDR_LARGE & ~(pte_level_size(level) - 1);

	return (pte & mask) | (va & (pte_level_size(level) - 1));
}

/* The table an upper-level entry points to, through the direct map. */
static inline uint64_t *
pte_table(uint64_t pte)
{
	return phys_to_virt(pte & PTE_ADDR);
}

/* Maps [va, va+size) to [pa, pa+size) in the kernel tables with the given
 * leaf flags (PTE_P included), using leaves up to max_level (1, 2 or 3)
 * where alignment allows.  The target slots must be empty.  Takes the
 * page-table lock; allocates tables from the frame allocator.  Returns 0,
 * or -1 (out of frames, or a slot already in use: a kernel bug). */
int paging_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, unsigned max_level);

/* The leaf entry mapping va in the current address space and its level, or
 * NULL when va is not mapped.  No lock: for tests and fault reports. */
uint64_t *paging_walk(uint64_t va, unsigned *level);

/* Whether paging_init() has run (the KVA area and full direct map exist). */
bool paging_ready(void);

/* What a kernel access to va would do, as VM_* bits (0: not mapped), with
 * CR0.WP and EFER.NXE taken into account; *phys (if not NULL) gets the
 * physical address. */
#define VM_PRESENT 0x1
#define VM_WRITE 0x2
#define VM_EXEC 0x4
#define VM_UNCACHED 0x8
#define VM_USER 0x10
unsigned vm_query(const void *va, uint64_t *phys);
