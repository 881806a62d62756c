/*
 * Memory grants, the pure part: a process's table of windows into its own
 * memory that one named process (endpoint and generation) may copy from,
 * copy into or map (GRANT_READ, GRANT_WRITE, GRANT_MAP).  A grant id names
 * a slot and the sequence number the slot had when the grant was made, so
 * an id kept past KC_GRANT_REVOKE never reaches the slot's next grant.
 *
 * A grant is direct (a window of the granter's own memory) or indirect
 * (KC_GRANT_INDIRECT: a window of a grant somebody else made to the
 * granter, passed on to a third process).  An indirect grant names its
 * source by owner endpoint and id and records where its window starts in
 * the source's; a copy through it walks the chain link by link
 * (grant_table_step), each link checked for its grantee, rights and
 * window, down to the direct grant at its end.  A chain is at most
 * GRANT_DEPTH_MAX indirect links long, fixed when the grant is made, as
 * grants never change once made.
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
#define GRANT_DEPTH_MAX 4 /* indirect links from a grant to the direct one */

struct grant {
	uint64_t g_addr;        /* direct: window start in the granter's space;
	                       * indirect: window start in the source grant */
	uint64_t g_len;         /* window length, > 0 */
	endpoint_t g_grantee;   /* the only process that may use it */
	uint32_t g_access;      /* GRANT_*; an indirect grant never has GRANT_MAP */
	uint32_t g_seq;         /* bumped when the slot is freed */
	endpoint_t g_src_owner; /* indirect: who made the source grant to us */
	int32_t g_src_grant;    /* indirect: its id in g_src_owner's table */
	uint8_t g_depth;        /* 0: direct; n: n indirect links to the direct grant */
	bool g_used;
};

/* One link of a chain: which table, which grant, where in its window. */
struct grant_hop {
	endpoint_t gh_owner; /* the table's process */
	int64_t gh_id;
	uint64_t gh_offset;
};

/* grant_table_step() results besides errors */
#define GRANT_STEP_DONE 0 /* a direct grant: *addr is the first byte */
#define GRANT_STEP_NEXT 1 /* an indirect grant: *hop is the next link */

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

/*
 * Records an indirect grant: grantee may use [offset, offset+len) of the
 * grant src_id that src_owner made to t's process, whose depth is
 * src_depth, with access (GRANT_READ and/or GRANT_WRITE).  The caller has
 * already checked that the source allows this window and these rights.
 * Returns the id, -EINVAL (zero length, no or unknown access, a grantee
 * or source that is no endpoint, a malformed source id), -EACCES
 * (GRANT_MAP: mappings never pass through), -ERANGE (offset + len
 * wraps), -ELOOP (the chain would be deeper than GRANT_DEPTH_MAX),
 * -ENOSPC.
 */
int64_t grant_table_add_indirect(struct grant_table *t, endpoint_t grantee, unsigned access,
    endpoint_t src_owner, int64_t src_id, uint64_t offset, uint64_t len, unsigned src_depth);

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

/*
 * One link of a chain: checks, as grant_table_check() does, that caller
 * may use grant hop->gh_id of table t (hop->gh_owner's) for access on
 * [hop->gh_offset, +len).  A direct grant gives GRANT_STEP_DONE and *addr;
 * an indirect one GRANT_STEP_NEXT with *hop rewritten to name its source
 * (the caller of the next step is then the old hop->gh_owner).  Errors
 * as grant_table_check(), and -ERANGE when the source offset would wrap;
 * *hop and *addr are untouched on failure.
 */
int grant_table_step(const struct grant_table *t, endpoint_t caller, unsigned access, uint64_t len,
    struct grant_hop *hop, uint64_t *addr);

/* The grant id names, or NULL when it is free or stale. */
const struct grant *grant_table_get(const struct grant_table *t, int64_t id);
