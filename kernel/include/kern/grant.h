/*
 * Memory grants, the pure part: a process's table of windows into its own
 * memory that one named process (endpoint and generation) may copy from,
 * copy into or map (GRANT_READ, GRANT_WRITE, GRANT_MAP).  A grant id names
 * a slot and the sequence number the slot had when the grant was made, so
 * an id kept past KC_GRANT_REVOKE never reaches the slot's next grant.
 *
 * This file only decides: which slot, whether a request fits the window.
 * The kernel side (kernel/proc/res_grant.c) owns the locking, the tables'
 * memory and the copying.  No locks here; callers serialise access to a
 * table.  Unit-tested on the host (tests/unit/test_grant.c).
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>

#define GRANT_SLOTS 128          /* grants one process may hold at once */
#define GRANT_SEQ_SHIFT 8        /* id = seq << 8 | slot */
#define GRANT_SEQ_MASK 0x7fffffu /* ids stay positive int32 */
#define GRANT_ACCESS_ALL (GRANT_READ | GRANT_WRITE | GRANT_MAP)
#define GRANT_PAGE 4096ULL

struct grant {
	uint64_t g_addr;      /* window start, in the granter's space */
	uint64_t g_len;       /* window length, > 0 */
	endpoint_t g_grantee; /* the only process that may use it */
	uint32_t g_access;    /* GRANT_* */
	uint32_t g_seq;       /* bumped when the slot is freed */
	bool g_used;
};

struct grant_table {
	struct grant gt_slot[GRANT_SLOTS];
	unsigned gt_used; /* slots in use */
};

/* Empties t: every slot free, with sequence number seq (so that a table
 * made again after an older one was freed gives no id the older gave). */
void grant_table_init(struct grant_table *t, uint32_t seq);

/* The sequence number a table replacing t must start from. */
uint32_t grant_table_next_seq(const struct grant_table *t);

/*
 * Checks a new window and records it.  user_end is the first address past
 * user space.  Returns the grant id (>= 0), -EINVAL for a zero length, an
 * unknown access bit, no access at all, a GRANT_MAP window that is not
 * page-aligned or a grantee that is not a process endpoint, -EFAULT when
 * the window wraps or leaves user space, -ENOSPC when the table is full.
 */
int64_t grant_table_add(struct grant_table *t, uint64_t addr, uint64_t len, endpoint_t grantee,
    unsigned access, uint64_t user_end);

/* Frees the grant id names.  Returns 0, or -ENOENT when there is none. */
int grant_table_revoke(struct grant_table *t, int64_t id);

/* Frees every grant to grantee (exact endpoint).  Returns how many. */
unsigned grant_table_revoke_grantee(struct grant_table *t, endpoint_t grantee);

/*
 * Whether caller may use grant id for `access` on [offset, offset+len) of
 * the window.  On success returns 0 and sets *addr to the first byte in
 * the granter's space.  Errors: -ENOENT (no such grant, revoked, or a
 * stale id), -EPERM (the caller is not the grantee: other process or other
 * generation), -EACCES (access not granted), -EINVAL (zero length),
 * -ERANGE (offset or length past the window, or wrapping).
 */
int grant_table_check(const struct grant_table *t, int64_t id, endpoint_t caller, unsigned access,
    uint64_t offset, uint64_t len, uint64_t *addr);

/* The grant id names, or NULL when it is free or stale. */
const struct grant *grant_table_get(const struct grant_table *t, int64_t id);
