/*
 * Grant tables (kern/grant.h): slot allocation, ids with sequence numbers,
 * and the bounds and rights check every safecopy and grant mapping goes
 * through.  Pure code: no locks, no memory allocation.
 *
 * Entry points: grant_table_init, grant_table_next_seq, grant_table_add,
 * grant_table_add_indirect, grant_table_revoke, grant_table_revoke_grantee,
 * grant_table_check, grant_table_step, grant_table_get.
 */
#include <stdbool.h>
#include <stdint.h>
#include <kern/grant.h>
#include <kern/string.h>
#include <xinim/errno.h>

void
grant_table_init(struct grant_table *t, uint32_t seq)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < GRANT_SLOTS; i++) {
		t->gt_slot[i].g_seq = seq & GRANT_SEQ_MASK;
	}
}

uint32_t
grant_table_next_seq(const struct grant_table *t)
{
	uint32_t max = 0;

	for (unsigned i = 0; i < GRANT_SLOTS; i++) {
		if (t->gt_slot[i].g_seq > max) {
			max = t->gt_slot[i].g_seq;
		}
	}
	return (max + 1) & GRANT_SEQ_MASK;
}

static int64_t
grant_id(const struct grant_table *t, unsigned slot)
{
	return ((int64_t)t->gt_slot[slot].g_seq << GRANT_SEQ_SHIFT) | slot;
}

/* The slot an id names, if the id is well formed and still current. */
static struct grant *
grant_lookup(const struct grant_table *t, int64_t id)
{
	unsigned slot;
	const struct grant *g;

	if (id < 0 || (uint64_t)id >> GRANT_SEQ_SHIFT > GRANT_SEQ_MASK) {
		return NULL;
	}
	slot = (unsigned)(id & ((1 << GRANT_SEQ_SHIFT) - 1));
	if (slot >= GRANT_SLOTS) {
		return NULL;
	}
	g = &t->gt_slot[slot];
	if (!g->g_used || g->g_seq != (uint64_t)id >> GRANT_SEQ_SHIFT) {
		return NULL;
	}
	return (struct grant *)g;
}

const struct grant *
grant_table_get(const struct grant_table *t, int64_t id)
{
	return grant_lookup(t, id);
}

/* Takes a free slot for a direct grant; the id, or -ENOSPC. */
static int64_t
grant_fill(struct grant_table *t, uint64_t addr, uint64_t len, endpoint_t grantee, unsigned access)
{
	for (unsigned i = 0; i < GRANT_SLOTS; i++) {
		struct grant *g = &t->gt_slot[i];

		if (g->g_used) {
			continue;
		}
		g->g_addr = addr;
		g->g_len = len;
		g->g_grantee = grantee;
		g->g_access = access;
		g->g_src_owner = ENDPOINT_NONE;
		g->g_src_grant = -1;
		g->g_depth = 0;
		g->g_used = true;
		t->gt_used++;
		return grant_id(t, i);
	}
	return -ENOSPC;
}

int64_t
grant_table_add(struct grant_table *t, uint64_t addr, uint64_t len, endpoint_t grantee,
    unsigned access, uint64_t user_end)
{
	if (len == 0 || access == 0 || (access & ~GRANT_ACCESS_ALL) != 0 || grantee < 0) {
		return -EINVAL;
	}
	if ((access & GRANT_MAP) && ((addr | len) & (GRANT_PAGE - 1)) != 0) {
		return -EINVAL;
	}
	if (addr + len < addr || addr + len > user_end) {
		return -EFAULT;
	}
	return grant_fill(t, addr, len, grantee, access);
}

int64_t
grant_table_add_indirect(struct grant_table *t, endpoint_t grantee, unsigned access,
    endpoint_t src_owner, int64_t src_id, uint64_t offset, uint64_t len, unsigned src_depth)
{
	int64_t id;

	if (len == 0 || access == 0 || (access & ~GRANT_ACCESS_ALL) != 0 || grantee < 0 ||
	    src_owner < 0 || src_id < 0 || src_id > INT32_MAX) {
		return -EINVAL;
	}
	if ((access & GRANT_MAP) != 0) {
		return -EACCES;
	}
	if (offset + len < offset) {
		return -ERANGE;
	}
	if (src_depth >= GRANT_DEPTH_MAX) {
		return -ELOOP;
	}
	id = grant_fill(t, offset, len, grantee, access);
	if (id >= 0) {
		struct grant *g = &t->gt_slot[id & ((1 << GRANT_SEQ_SHIFT) - 1)];

		g->g_src_owner = src_owner;
		g->g_src_grant = (int32_t)src_id;
		g->g_depth = (uint8_t)(src_depth + 1);
	}
	return id;
}

/* Frees a slot; the new sequence number makes its old id stale. */
static void
grant_release(struct grant_table *t, struct grant *g)
{
	g->g_used = false;
	g->g_seq = (g->g_seq + 1) & GRANT_SEQ_MASK;
	t->gt_used--;
}

int
grant_table_revoke(struct grant_table *t, int64_t id)
{
	struct grant *g = grant_lookup(t, id);

	if (g == NULL) {
		return -ENOENT;
	}
	grant_release(t, g);
	return 0;
}

unsigned
grant_table_revoke_grantee(struct grant_table *t, endpoint_t grantee)
{
	unsigned n = 0;

	for (unsigned i = 0; i < GRANT_SLOTS && t->gt_used > 0; i++) {
		struct grant *g = &t->gt_slot[i];

		if (g->g_used && g->g_grantee == grantee) {
			grant_release(t, g);
			n++;
		}
	}
	return n;
}

/* Whether g (NULL: none) lets caller use access on [offset, offset+len). */
static int
grant_fits(const struct grant *g, endpoint_t caller, unsigned access, uint64_t offset, uint64_t len)
{
	if (g == NULL) {
		return -ENOENT;
	}
	if (g->g_grantee != caller) {
		return -EPERM;
	}
	if (access == 0 || (access & ~g->g_access) != 0) {
		return -EACCES;
	}
	if (len == 0) {
		return -EINVAL;
	}
	/* offset + len <= g_len, written so that nothing can wrap. */
	if (offset > g->g_len || len > g->g_len - offset) {
		return -ERANGE;
	}
	return 0;
}

int
grant_table_check(const struct grant_table *t, int64_t id, endpoint_t caller, unsigned access,
    uint64_t offset, uint64_t len, uint64_t *addr)
{
	const struct grant *g = grant_lookup(t, id);
	int err = grant_fits(g, caller, access, offset, len);

	if (err != 0) {
		return err;
	}
	*addr = g->g_addr + offset;
	return 0;
}

int
grant_table_step(const struct grant_table *t, endpoint_t caller, unsigned access, uint64_t len,
    struct grant_hop *hop, uint64_t *addr)
{
	const struct grant *g = grant_lookup(t, hop->gh_id);
	int err = grant_fits(g, caller, access, hop->gh_offset, len);

	if (err != 0) {
		return err;
	}
	if (g->g_depth == 0) {
		*addr = g->g_addr + hop->gh_offset;
		return GRANT_STEP_DONE;
	}
	/* Checked when the grant was made, and checked again: the window
	 * inside the source must not wrap. */
	if (g->g_addr + hop->gh_offset < g->g_addr) {
		return -ERANGE;
	}
	hop->gh_offset += g->g_addr;
	hop->gh_owner = g->g_src_owner;
	hop->gh_id = g->g_src_grant;
	return GRANT_STEP_NEXT;
}
