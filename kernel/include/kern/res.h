/*
 * Privileged resources a process may hold (kernel/proc/res_*.c): I/O
 * ports, IRQ hooks, MMIO mappings, DMA buffers, grants and memory mapped
 * through grants.  Each is checked against the process's privilege record
 * when it is taken, is owned by the process, and is reclaimed by
 * proc_release_resources() when the process exits, crashes or is killed.
 *
 * proc_release_resources() (declared in kern/proc.h) gives everything
 * back.  The kernel calls (kernel/kcall/do_*.c) are thin: they read registers,
 * copy structures in or out, and call these.  Call them from the calling
 * process's own thread, without locks held, unless a comment says other.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <kern/proc.h>
#include <xinim/pci.h>

/* Makes pd (already checked) p's privilege record, with the I/O bitmap
 * its port ranges give; p has not started.  Returns 0, or -ENOMEM with p
 * left as it was.  The switch path installs the bitmap in the TSS
 * (arch/iobitmap.h); an I/O instruction it refuses raises #GP, which
 * trap_user.c reports as EXIT_IOPORT. */
int res_priv_install(struct proc *p, const struct priv_desc *pd);

/* KC_DEV_GRANT: adds PCI function bdf's BARs in bar_mask, the function
 * and (DEV_GRANT_INTX) its interrupt line to the record of the live
 * process target, which may be running.  Returns 0 (also when the record
 * held it all already), -ENODEV, -EINVAL, -ENOSPC (nothing added), -ESRCH
 * when target is no running process, or -ENOMEM. */
int res_dev_grant(struct proc *caller, endpoint_t target, uint32_t bdf, uint32_t bar_mask,
    unsigned flags);

/* Copies p's privilege record, consistent against a KC_DEV_GRANT that
 * grows it meanwhile. */
void res_priv_snapshot(const struct proc *p, struct priv_desc *out);

/* IRQ lines: the kernel-call halves of KC_IRQ_BIND (returns the hook id),
 * KC_IRQ_ENABLE and KC_IRQ_UNBIND. */
int64_t res_irq_bind(struct proc *p, unsigned line);
int res_irq_enable(struct proc *p, unsigned hook);
int res_irq_unbind(struct proc *p, unsigned hook);

/* KC_IRQ_MSI: a message-signalled interrupt for PCI function bdf, which
 * p's record must list (else -ECALLDENIED): a free vector aimed at the
 * boot CPU, hooked like a line (enable, unbind and release work on it
 * alike); *msg gets the address and data the device must write.  Returns
 * the hook id, -ENOSPC (no free hook or vector), -ENODEV or -ENOMEM. */
int64_t res_irq_msi(struct proc *p, uint32_t bdf, struct msi_msg *msg);

/* Grants (see kern/grant.h for the rules and error codes).
 * res_grant_create: p lets grantee use [addr, addr+len) with GRANT_*
 * access; returns the grant id, or also -EDEADSRCDST when grantee is not
 * a live process.  res_grant_revoke: ends grant id of p. */
int64_t res_grant_create(struct proc *p, endpoint_t grantee, uint64_t addr, uint64_t len,
    unsigned access);
int res_grant_revoke(struct proc *p, int64_t id);

/* KC_GRANT_INDIRECT: p, grantee of owner's grant owner_grant, lets
 * grantee use [offset, offset+len) of it with access (see xinim/kcall.h).
 * Returns the new id in p's table, -EINVAL, -EACCES (more rights than p
 * holds, or GRANT_MAP), -ERANGE (outside the source's window, or
 * wrapping), -ELOOP (too deep), -EDEADSRCDST (grantee, or a process of
 * the chain, is not alive), -ENOENT, -EPERM, -ENOSPC or -ENOMEM. */
int64_t res_grant_indirect(struct proc *p, endpoint_t grantee, endpoint_t owner,
    int64_t owner_grant, uint64_t offset, uint64_t len, unsigned access);

/* Safecopy: caller, the grantee, copies len bytes between [offset,
 * offset+len) of owner's grant id and its own buffer at uaddr (to_owner:
 * from the buffer into the window).  Everything is checked before the
 * first byte moves; a failure midway (the owner revoked the grant, or
 * died) stops the copy with its error.  Returns 0, -EDEADSRCDST for an
 * owner that is not alive, a grant_table_check() error, or -EFAULT when a
 * page of either side is not mapped with the rights needed. */
int res_safecopy(struct proc *caller, endpoint_t owner, int64_t id, uint64_t offset, uint64_t uaddr,
    uint64_t len, bool to_owner);

/* KC_SAFECOPY_V: the n entries of v (already copied into the kernel) in
 * turn, all checked first (xinim/kcall.h).  Returns the bytes copied, or
 * the first error. */
int64_t res_safecopy_vec(struct proc *caller, const struct safecopy_vec *v, size_t n);

/* KC_GRANT_PHYS: pins [offset, offset+len) of owner's grant id for DMA
 * and fills up to nsegs segments at the caller's segs (user address);
 * returns how many (xinim/kcall.h for the rules and errors).
 * KC_GRANT_UNPIN: ends the caller's pin made with these arguments. */
int64_t res_grant_phys(struct proc *caller, endpoint_t owner, int64_t id, uint64_t offset,
    uint64_t len, uint64_t segs, uint64_t nsegs);
int res_grant_unpin(struct proc *caller, endpoint_t owner, int64_t id, uint64_t offset,
    uint64_t len);

/* KC_GRANT_MAP: maps the frames of owner's page-aligned GRANT_MAP window
 * into caller (writable when the grant has GRANT_WRITE) and returns the
 * address, or a negative error as above (-EFAULT also for a window page
 * that is not the owner's own memory, such as MMIO or a DMA buffer). */
int64_t res_grant_map(struct proc *caller, endpoint_t owner, int64_t id);

/* KC_PROC_SHARE: maps the caller's own frames at [src, src + len) into
 * target at dst, read-only (prot without PROT_WRITE), each with a
 * reference; all or nothing.  -EINVAL, -EFAULT (a source page missing or
 * not the caller's own), -EEXIST, -ENOMEM. */
int res_proc_share(struct proc *caller, struct proc *target, uint64_t dst, uint64_t src,
    uint64_t len, unsigned prot);

/* KC_MMIO_MAP: maps [phys, phys+len) (page-rounded) uncached into p when
 * one of p's MMIO ranges holds it and it is no RAM; returns the address of
 * phys in p, -EINVAL, -ECALLDENIED or -ENOMEM.  The frames are borrowed:
 * unmapping never frees them. */
int64_t res_mmio_map(struct proc *p, uint64_t phys, uint64_t len);

/* KC_DMA_ALLOC / KC_DMA_FREE (kern/dma.h for the rules): a zeroed,
 * contiguous, aligned buffer mapped into p and charged to p_dma_bytes.
 * res_dma_alloc fills *out; res_dma_free takes the address it gave. */
int res_dma_alloc(struct proc *p, uint64_t size, uint64_t align, unsigned flags,
    struct dma_buf *out);
int res_dma_free(struct proc *p, uint64_t vaddr);
