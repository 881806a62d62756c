/*
 * granttest: shared between the tests (main.c, tests_*.c) and the agent
 * children (agent.c).  An agent is this program started as `granttest
 * agent`: a small server that does one grant operation per request (the
 * AG_* below, in m_type, arguments in m_arg) and replies with its result
 * in m_arg[0], so that a test can make any process of a chain do any step.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

#define GT_PAGE 4096
#define GT_BUF (4 * GT_PAGE) /* an agent's buffer, page-aligned */

enum agent_op {
	AG_GRANT = 1,    /* (grantee, offset in our buffer, len, access) -> grant id */
	AG_INDIRECT = 2, /* (grantee, owner, owner's grant, offset, len, access) -> id */
	AG_REVOKE = 3,   /* (id) -> result */
	AG_FROM = 4,     /* (owner, id, offset, len) -> result; [1] hash of the bytes */
	AG_TO = 5,       /* (owner, id, offset, len, byte) -> result: writes len x byte */
	AG_MAP = 6,      /* (owner, id) -> kc_grant_map's result */
	AG_PHYS = 7,     /* (owner, id, offset, len) -> kc_grant_phys's result */
	AG_UNPIN = 8,    /* (owner, id, offset, len) -> kc_grant_unpin's result */
	AG_EXIT = 9,     /* -> 0, then exits with status 0 */
	AG_WHO = 10,     /* -> the caller's endpoint (how a test learns its own) */
	AG_LOOP = 11,    /* (owner, id, len, count) -> copies that matched the first;
	                  * [1] ns taken, [2] the error that stopped it.  Sent, not
	                  * called: the answer is sent back, so the sender can work
	                  * meanwhile */
};

/* The byte at offset i of every agent's and the parent's buffer at the
 * start. */
static inline uint8_t
gt_pattern(uint64_t i)
{
	return (uint8_t)(i * 7 + 3);
}

/* FNV-1a of n bytes: what AG_FROM reports of what it copied. */
static inline uint64_t
gt_hash(const uint8_t *p, uint64_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (uint64_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 1099511628211ULL;
	}
	return h;
}

/* The agent's loop; its exit status. */
int gt_agent(void);
