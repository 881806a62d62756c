/*
 * User address spaces (see arch/uvm.h): building, changing, reading and
 * tearing down the lower half of a process's page tables.
 *
 * Upper-level entries of the user half are always present, writable and
 * user-accessible; the leaf alone decides the rights (write, NX, U).  All
 * tables are reached through the direct map.
 */
#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/pte.h>
#include <arch/uvm.h>
#include <kern/frame.h>
#include <kern/pageref.h>
#include <kern/string.h>
#include <xinim/errno.h>

#define PTE_BORROWED (1ULL << 9) /* software bit: frame not owned */
#define USER_SLOTS 256           /* PML4 slots of the user half */
#define USER_TOP 0x0000800000000000ULL
#define TABLE_FLAGS (PTE_P | PTE_W | PTE_U)

uint64_t
uvm_kernel_cr3(void)
{
	return paging_kernel_cr3();
}

uint64_t
uvm_create(void)
{
	uint64_t pml4 = frame_alloc(0, FRAME_ZERO);
	uint64_t *dst, *src;

	if (pml4 == 0) {
		return 0;
	}
	dst = phys_to_virt(pml4);
	src = phys_to_virt(paging_kernel_cr3());
	memcpy(&dst[USER_SLOTS], &src[USER_SLOTS], USER_SLOTS * sizeof(uint64_t));
	return pml4;
}

/* The level-1 entry for va, creating the tables above it when create is
 * set; NULL when absent (or no frame for a table). */
static uint64_t *
uvm_slot(uint64_t cr3, uint64_t va, bool create)
{
	uint64_t *table = phys_to_virt(cr3 & PTE_ADDR);

	for (unsigned l = 4; l > 1; l--) {
		uint64_t *e = &table[pte_index(va, l)];

		if ((*e & PTE_P) == 0) {
			uint64_t t;

			if (!create || (t = frame_alloc(0, FRAME_ZERO)) == 0) {
				return NULL;
			}
			*e = t | TABLE_FLAGS;
		}
		table = pte_table(*e);
	}
	return &table[pte_index(va, 1)];
}

static uint64_t
uvm_nx(void)
{
	return (rdmsr(MSR_EFER) & EFER_NXE) != 0 ? PTE_NX : 0;
}

int
uvm_map(uint64_t cr3, uint64_t va, uint64_t pa, unsigned flags)
{
	uint64_t *e, pte;

	if (va >= USER_TOP) {
		return -EFAULT;
	}
	e = uvm_slot(cr3, va, true);
	if (e == NULL) {
		return -ENOMEM;
	}
	if ((*e & PTE_P) != 0) {
		return -EEXIST;
	}
	pte = (pa & PTE_ADDR) | PTE_P | PTE_U;
	pte |= (flags & UVM_WRITE) != 0 ? PTE_W : 0;
	pte |= (flags & UVM_EXEC) != 0 ? 0 : uvm_nx();
	pte |= (flags & UVM_BORROWED) != 0 ? PTE_BORROWED : 0;
	pte |= (flags & UVM_UNCACHED) != 0 ? PTE_PCD | PTE_PWT : 0;
	*e = pte;
	return 0;
}

/* UVM_* flags of a present leaf. */
static unsigned
uvm_flags(uint64_t pte)
{
	unsigned f = UVM_READ;

	f |= (pte & PTE_W) != 0 ? UVM_WRITE : 0;
	f |= (pte & PTE_NX) == 0 ? UVM_EXEC : 0;
	f |= (pte & PTE_BORROWED) != 0 ? UVM_BORROWED : 0;
	f |= (pte & PTE_PCD) != 0 ? UVM_UNCACHED : 0;
	return f;
}

int
uvm_unmap(uint64_t cr3, uint64_t va, uint64_t *pa, unsigned *flags)
{
	uint64_t *e;

	if (va >= USER_TOP) {
		return -ENOENT;
	}
	e = uvm_slot(cr3, va, false);
	if (e == NULL || (*e & PTE_P) == 0) {
		return -ENOENT;
	}
	*pa = *e & PTE_ADDR;
	*flags = uvm_flags(*e);
	*e = 0;
	if ((read_cr3() & PTE_ADDR) == (cr3 & PTE_ADDR)) {
		invlpg(va);
	}
	return 0;
}

uint64_t
uvm_skip_absent(uint64_t cr3, uint64_t va)
{
	uint64_t *table = phys_to_virt(cr3 & PTE_ADDR);

	if (va >= USER_TOP) {
		return va;
	}
	for (unsigned l = 4; l > 1; l--) {
		uint64_t e = table[pte_index(va, l)];

		if ((e & PTE_P) == 0) {
			uint64_t span = pte_level_size(l);

			return (va | (span - 1)) + 1;
		}
		table = pte_table(e);
	}
	return va;
}

bool
uvm_lookup(uint64_t cr3, uint64_t va, uint64_t *pa, unsigned *flags)
{
	uint64_t *e;

	if (va >= USER_TOP) {
		return false;
	}
	e = uvm_slot(cr3, va, false);
	if (e == NULL || (*e & (PTE_P | PTE_U)) != (PTE_P | PTE_U)) {
		return false;
	}
	*pa = (*e & PTE_ADDR) | (va & (PAGE_SIZE - 1));
	*flags = uvm_flags(*e);
	return true;
}

/* Frees the table at level (and below) whose entry is e; returns the
 * owned frames freed. */
static uint64_t
uvm_free_table(uint64_t e, unsigned level)
{
	uint64_t *table = pte_table(e), freed = 0;

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		uint64_t x = table[i];

		if ((x & PTE_P) == 0) {
			continue;
		}
		if (level > 1) {
			freed += uvm_free_table(x, level - 1);
		} else if ((x & PTE_BORROWED) == 0) {
			/* A frame another space borrows outlives us. */
			if (pageref_owner_drop(x & PTE_ADDR)) {
				frame_free(x & PTE_ADDR, 0);
			}
			freed++;
		} else {
			pageref_borrow_drop(x & PTE_ADDR);
		}
	}
	frame_free(e & PTE_ADDR, 0);
	return freed;
}

uint64_t
uvm_destroy(uint64_t cr3)
{
	uint64_t *pml4 = phys_to_virt(cr3 & PTE_ADDR), freed = 0;

	for (unsigned i = 0; i < USER_SLOTS; i++) {
		if ((pml4[i] & PTE_P) != 0) {
			freed += uvm_free_table(pml4[i], 3);
		}
	}
	frame_free(cr3 & PTE_ADDR, 0);
	return freed;
}

void
uvm_activate(uint64_t cr3)
{
	if ((read_cr3() & PTE_ADDR) != (cr3 & PTE_ADDR)) {
		write_cr3(cr3);
	}
}
