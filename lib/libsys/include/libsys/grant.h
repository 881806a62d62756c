/*
 * Grants (xinim/kcall.h: KC_GRANT_*, KC_SAFECOPY_*): a process lets one
 * other process, named by endpoint and generation, copy from, copy into
 * or map a window of its memory.  The kernel checks every copy against the
 * window and copies page by page, never trusting either side's pointers.
 * Results are >= 0, or a negative E* code: -ENOENT (no such grant, or
 * revoked), -EPERM (not the grantee), -EACCES (access not granted),
 * -ERANGE (outside the window), -EINVAL, -EFAULT, -EDEADSRCDST.
 *
 * A grant received can be passed on (kc_grant_indirect) so that data
 * moves once, between the first owner's buffer and the process at the
 * end; several copies go in one call with kc_safecopy_vec; a driver
 * with the privilege pins a grant for DMA (kc_grant_phys, then
 * kc_grant_unpin).  The rules are in xinim/kcall.h.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <libsys/syscall.h>
#include <xinim/kcall.h>

/* Lets grantee use [addr, addr+len) with GRANT_* access; the grant id. */
static inline int64_t
kc_grant_create(endpoint_t grantee, const volatile void *addr, size_t len, unsigned access)
{
	return sys_kcall(KC_GRANT_CREATE, (uint64_t)(int64_t)grantee, (uint64_t)addr, len, access,
	    0);
}

static inline int
kc_grant_revoke(int64_t id)
{
	return (int)sys_kcall(KC_GRANT_REVOKE, (uint64_t)id, 0, 0, 0, 0);
}

/* Copies len bytes at offset in owner's grant id into dst. */
static inline int
kc_safecopy_from(endpoint_t owner, int64_t id, uint64_t offset, void *dst, size_t len)
{
	return (int)sys_kcall(KC_SAFECOPY_FROM, (uint64_t)(int64_t)owner, (uint64_t)id, offset,
	    (uint64_t)dst, len);
}

/* Copies len bytes from src to offset in owner's grant id. */
static inline int
kc_safecopy_to(endpoint_t owner, int64_t id, uint64_t offset, const void *src, size_t len)
{
	return (int)sys_kcall(KC_SAFECOPY_TO, (uint64_t)(int64_t)owner, (uint64_t)id, offset,
	    (uint64_t)src, len);
}

/* Maps owner's page-aligned GRANT_MAP window into us; its address. */
static inline int64_t
kc_grant_map(endpoint_t owner, int64_t id)
{
	return sys_kcall(KC_GRANT_MAP, (uint64_t)(int64_t)owner, (uint64_t)id, 0, 0, 0);
}

/*
 * Passes on [offset, offset+len) of the grant owner_grant that owner made
 * to us: grantee may then use it with access (GRANT_READ, GRANT_WRITE; no
 * more than we hold) exactly like a grant of ours, naming us and the id
 * returned.  We end it with kc_grant_revoke; it ends by itself when
 * owner's grant does.  -ELOOP when the grant was passed on too often.
 */
static inline int64_t
kc_grant_indirect(endpoint_t grantee, endpoint_t owner, int64_t owner_grant, uint64_t offset,
    uint64_t len, unsigned access)
{
	return sys_call6(SYS_KCALL_BASE + KC_GRANT_INDIRECT, (uint64_t)(int64_t)grantee,
	    (uint64_t)(int64_t)owner, (uint64_t)owner_grant, offset, len, access);
}

/* Up to SAFECOPY_VEC_MAX safecopies in turn; the total bytes copied, or
 * the error of the first entry that failed (entries before it are
 * done, those after it not).  Malformed entries fail it before anything
 * is copied. */
static inline int
kc_safecopy_vec(const struct safecopy_vec *v, size_t n)
{
	return (int)sys_kcall(KC_SAFECOPY_V, (uint64_t)v, n, 0, 0, 0);
}

/* Pins [offset, offset+len) of owner's grant for DMA; fills segs[0..n)
 * with its physical ranges and returns how many.  Needs KC_GRANT_PHYS in
 * our record.  The pin holds the memory until kc_grant_unpin with the
 * same owner, grant, offset and len, or until we die. */
static inline int
kc_grant_phys(endpoint_t owner, int64_t grant, uint64_t offset, uint64_t len, struct phys_seg *segs,
    size_t nsegs)
{
	return (int)sys_call6(SYS_KCALL_BASE + KC_GRANT_PHYS, (uint64_t)(int64_t)owner,
	    (uint64_t)grant, offset, len, (uint64_t)segs, nsegs);
}

/* Ends the pin kc_grant_phys made with these arguments; 0 or -ENOENT. */
static inline int
kc_grant_unpin(endpoint_t owner, int64_t grant, uint64_t offset, uint64_t len)
{
	return (int)sys_kcall(KC_GRANT_UNPIN, (uint64_t)(int64_t)owner, (uint64_t)grant, offset,
	    len, 0);
}
