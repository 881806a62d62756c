/*
 * User address spaces on x86_64: one PML4 per process whose upper half
 * (slots 256-511) is the kernel's, shared (see arch/pte.h), and whose lower
 * half maps the process's 4 KiB pages with the U/S bit.  These are the
 * mechanics only; the policy (which ranges, who may ask) is kernel/proc/vm.c.
 *
 * A leaf maps either a frame the address space owns (freed with it) or one
 * it merely borrows (MMIO, shared memory, the boot image), marked with the
 * software bit PTE_BORROWED so that teardown leaves the frame alone.
 *
 * None of these functions lock: the caller serialises changes to one
 * address space (kernel/proc/vm.c holds the process's p_vm_lock).  A
 * process's thread never leaves its CPU and switching address spaces
 * reloads CR3 (no PCID), so a change to a space that is not loaded here
 * needs no TLB flush anywhere, and one to the loaded space needs invlpg here.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

/* Leaf rights, from the kernel's point of view (PROT_* agree on values). */
#define UVM_READ 0x1
#define UVM_WRITE 0x2
#define UVM_EXEC 0x4
#define UVM_BORROWED 0x8 /* the frame is not the address space's own */
#define UVM_UNCACHED 0x10

/* A new address space with an empty user half; returns its PML4's
 * physical address, or 0 when out of frames. */
uint64_t uvm_create(void);

/* Maps the 4 KiB page at user address va to frame pa with UVM_* flags,
 * creating page tables as needed.  Returns 0, -ENOMEM (no frame for a
 * table) or -EEXIST (va already mapped). */
int uvm_map(uint64_t cr3, uint64_t va, uint64_t pa, unsigned flags);

/* Removes the page at va.  Returns 0 and sets *pa and *flags (UVM_*), or
 * -ENOENT when nothing was mapped there.  Empty page tables stay. */
int uvm_unmap(uint64_t cr3, uint64_t va, uint64_t *pa, unsigned *flags);

/* Where a walk over user addresses from va on should look next: va when
 * its page table exists, else the start of the next region that an absent
 * upper-level entry does not cover (always above va).  Lets a walk over a
 * vast, mostly empty range skip what no table maps. */
uint64_t uvm_skip_absent(uint64_t cr3, uint64_t va);

/* The frame and UVM_* flags of the page at user address va; false when
 * it is not mapped (or va is not a user address). */
bool uvm_lookup(uint64_t cr3, uint64_t va, uint64_t *pa, unsigned *flags);

/* Frees every page table of the user half and every owned frame mapped
 * there, then the PML4.  Returns how many owned frames were freed.  The
 * space must not be loaded on any CPU. */
uint64_t uvm_destroy(uint64_t cr3);

/* Loads cr3 on this CPU unless it is already loaded. */
void uvm_activate(uint64_t cr3);

/* The address space of the kernel threads. */
uint64_t uvm_kernel_cr3(void);
