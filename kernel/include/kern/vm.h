/*
 * Process address spaces: what a process may map, and the only ways the
 * kernel touches user memory.  User memory is never dereferenced directly:
 * every access walks the process's page tables, checks that each page is
 * a present user page (and writable, for a write), and copies through the
 * direct map.  A bad pointer therefore costs an -EFAULT, never a kernel
 * fault, whatever the user passed (kernel addresses, unmapped or
 * read-only pages, ranges that wrap around).
 *
 * The layout of a process is in xinim/layout.h: the mapping area that
 * vm_reserve() hands out (KC_PROC_MMAP with vaddr 0, the boot image, MMIO,
 * DMA) starts at USER_MMAP_BASE and ends a guard page below the stack.
 *
 * Who may change an address space: the process itself, or its parent while
 * it is PROC_NEW; so changes never race each other.  Reads and writes by
 * a third party (the parent's KC_PROC_COPYTO, safecopy) take p_vm_lock
 * page by page, which also holds off vm_destroy().
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/layout.h>

struct proc;

#define VM_USER_MIN USER_MIN
#define VM_USER_END USER_END
#define VM_MMAP_BASE USER_MMAP_BASE
#define VM_MMAP_END (USER_STACK_TOP - (1ULL << 30)) /* 1 GiB left for stacks */
#define VM_PAGE USER_PAGE

/* vm_copy flags */
#define VM_COPY_FORCE 0x1 /* write even read-only destination pages (loaders) */

/* vm_map_borrowed flags */
#define VM_MAP_UNCACHED 0x1

/* Whether [va, va + len) is a non-empty range inside user space. */
bool vm_user_range(uint64_t va, uint64_t len);

/* Gives p an empty address space (p_cr3) and resets its vm fields.
 * Returns 0 or -ENOMEM. */
int vm_create(struct proc *p);

/* Frees every page table and owned frame of p; p_cr3 becomes 0.  p's
 * address space must not be loaded on any CPU. */
void vm_destroy(struct proc *p);

/* Maps len bytes at va (both page-aligned) of zeroed memory owned by p with
 * PROT_* rights.  Nothing at all is mapped when it fails: -EINVAL (range),
 * -EEXIST (something is already mapped there), -ENOMEM. */
int vm_map_anon(struct proc *p, uint64_t va, uint64_t len, unsigned prot);

/* Maps the physical range [pa, pa + len) at va (page-aligned) without
 * owning it: vm_unmap() and vm_destroy() leave the frames alone.  Same
 * results as vm_map_anon(). */
int vm_map_borrowed(struct proc *p, uint64_t va, uint64_t pa, uint64_t len, unsigned prot,
    unsigned flags);

/* Picks a free place for len bytes in p's mapping area (with a guard page
 * after it); returns its address, or 0 when the area is exhausted.  The
 * range stays reserved whether or not it is then mapped. */
uint64_t vm_reserve(struct proc *p, uint64_t len);

/* Unmaps every page of [va, va + len) (page-aligned), freeing the frames p
 * owns; pages that are not mapped are skipped.  Returns 0 or -EINVAL. */
int vm_unmap(struct proc *p, uint64_t va, uint64_t len);

/* Copies len bytes from from's address fva to to's address tva, where
 * either may be NULL for kernel memory (fva or tva is then a kernel
 * pointer).  The source pages must be present user pages, the destination
 * ones writable unless VM_COPY_FORCE.  A process other than the caller's
 * is locked page by page.  Returns 0 or -EFAULT (the copy may be partial). */
int vm_copy(struct proc *from, uint64_t fva, struct proc *to, uint64_t tva, size_t len,
    unsigned flags);

/* The usual shorthands, for the calling process. */
int copy_from_user(void *dst, uint64_t usrc, size_t len);
int copy_to_user(uint64_t udst, const void *src, size_t len);
