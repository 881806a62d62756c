/*
 * Grants (xinim/kcall.h: KC_GRANT_*, KC_SAFECOPY_*): a process lets one
 * other process, named by endpoint and generation, copy from, copy into
 * or map a window of its memory.  The kernel checks every copy against the
 * window and copies page by page, never trusting either side's pointers.
 * Results are >= 0, or a negative E* code: -ENOENT (no such grant, or
 * revoked), -EPERM (not the grantee), -EACCES (access not granted),
 * -ERANGE (outside the window), -EINVAL, -EFAULT, -EDEADSRCDST.
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
