/*
 * granttest: indirect grants, vectored safecopy and DMA pins
 * (KC_GRANT_INDIRECT, KC_SAFECOPY_V, KC_GRANT_PHYS, KC_GRANT_UNPIN).
 *   window       a grant passed on reaches exactly its window of the
 *                original, both ways, and nothing beyond (-ERANGE)
 *   rights       rights never widen: no write through a read grant, no
 *                GRANT_MAP passed on, no mapping of an indirect grant
 *   revoke       revoking the original, or a link, ends what was made
 *                from it; revoking one indirect grant leaves its sibling
 *   owner_death  the death of the memory's owner, or of the process in
 *                the middle, ends the grants made from theirs
 *   depth        chains GRANT_DEPTH_MAX long work (through the same two
 *                processes in turn), one more link is -ELOOP
 *   vec          a vector of copies, through direct and indirect grants;
 *                a bad entry stops it there; malformed vectors move nothing
 *   parallel     two copiers through one table at once while it changes;
 *                a revocation midway ends one stream, not the other
 *   phys_priv    KC_GRANT_PHYS and KC_GRANT_UNPIN refused without the
 *                privilege
 *   phys         pins: segments that add up, agree with another pin of
 *                the same bytes (directly or passed on), refusals
 *   phys_life    pinned frames outlive their owner and go with the unpin
 *   phys_dma     virtio-rng writes through a pin into an agent's memory,
 *                exactly where pinned (tests_dma.c; skipped when a driver
 *                holds the device)
 *   leaks        all of them again: free frames and kernel heap end where
 *                they were
 * The processes of each test are agents (agent.c) that the test drives,
 * besides this process itself; each test starts its own and ends them.
 *
 * Usage: granttest [TEST]; `test NAME: OK|FAILED: why` per test, then
 * `N passed, N failed`; exits 0 when all passed.
 */
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/kcall.h>
#include <libsys/spawn.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "granttest.h"
#include "gt.h"

uint8_t gt_buf[GT_BUF] __attribute__((aligned(GT_PAGE)));

void
gt_reset_buf(void)
{
	for (uint64_t i = 0; i < GT_BUF; i++) {
		gt_buf[i] = gt_pattern(i);
	}
}

endpoint_t
gt_agent_start(void)
{
	static const unsigned calls[] = { KC_CONSOLE_WRITE, KC_GRANT_CREATE, KC_GRANT_REVOKE,
		KC_SAFECOPY_FROM, KC_SAFECOPY_TO, KC_GRANT_MAP, KC_GRANT_INDIRECT, KC_SAFECOPY_V,
		KC_MUNMAP, KC_SYSINFO };
	char *argv[] = { "granttest", "agent", NULL };
	struct priv_desc pd;

	memset(&pd, 0, sizeof(pd));
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		pd.pd_kcalls |= 1ULL << calls[i];
	}
	pd.pd_flags = PRIV_IPC_ANY;
	return spawn_boot("granttest", argv, &pd);
}

int64_t
gt_ag(endpoint_t agent, uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5, uint64_t *extra)
{
	struct message m = { .m_type = op, .m_arg = { a0, a1, a2, a3, a4, a5 } };
	int r = ipc_call(agent, &m);

	if (r != 0) {
		return -100000 + r; /* no agent answered: never a kernel call's result */
	}
	if (extra != NULL) {
		*extra = m.m_arg[1];
	}
	return (int64_t)m.m_arg[0];
}

endpoint_t
gt_self(endpoint_t agent)
{
	return (endpoint_t)gt_ag(agent, AG_WHO, 0, 0, 0, 0, 0, 0, NULL);
}

const char *
gt_expect(const char *what, int64_t r, int64_t want)
{
	if (r == want) {
		return NULL;
	}
	return testrun_why("%s: got %ld, want %ld", what, (long)r, (long)want);
}

const char *
gt_agent_stop(endpoint_t agent, bool kill)
{
	struct exit_info ei;

	if (agent < 0) {
		return NULL;
	}
	if (kill) {
		kc_proc_kill(agent);
	} else if (gt_ag(agent, AG_EXIT, 0, 0, 0, 0, 0, 0, NULL) != 0) {
		return testrun_why("agent %d did not take AG_EXIT", agent);
	}
	if (spawn_wait(agent, &ei) != 0) {
		return testrun_why("agent %d lost", agent);
	}
	if (!kill && (ei.ei_cause != EXIT_NORMAL || ei.ei_status != 0)) {
		return testrun_why("agent %d ended with cause %u status %d", agent, ei.ei_cause,
		    ei.ei_status);
	}
	return NULL;
}

const char *
gt_agents_stop(endpoint_t *agents, unsigned n, const char *err)
{
	for (unsigned i = 0; i < n; i++) {
		const char *e = gt_agent_stop(agents[i], false);

		if (err == NULL) {
			err = e;
		}
	}
	return err;
}

bool
gt_agents_start(endpoint_t *agents, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		agents[i] = gt_agent_start();
		if (agents[i] < 0) {
			gt_agents_stop(agents, i, NULL);
			return false;
		}
	}
	return true;
}

static const char *test_leaks(void);

static const struct testrun_case tests[] = {
	{ "window", gt_test_window },
	{ "rights", gt_test_rights },
	{ "revoke", gt_test_revoke },
	{ "owner_death", gt_test_owner_death },
	{ "depth", gt_test_depth },
	{ "vec", gt_test_vec },
	{ "parallel", gt_test_parallel },
	{ "phys_priv", gt_test_phys_priv },
	{ "phys", gt_test_phys },
	{ "phys_life", gt_test_phys_life },
	{ "phys_dma", gt_test_phys_dma },
	{ "leaks", test_leaks },
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/* Every test again, now that the first round has filled what the kernel
 * keeps for reuse: free frames and kernel heap must come back exactly. */
static const char *
test_leaks(void)
{
	struct sysinfo before, after;

	testrun_settled_memory(&before);
	for (size_t i = 0; i < NTESTS - 1; i++) {
		const char *err = tests[i].tc_fn();

		if (err != NULL) {
			return testrun_why("%s failed on the second round: %s", tests[i].tc_name,
			    err);
		}
	}
	testrun_settled_memory(&after);
	printf("granttest: free frames %lu -> %lu, kernel heap %lu -> %lu bytes\n",
	    sysinfo_free_frames(&before), sysinfo_free_frames(&after), before.si_heap_used,
	    after.si_heap_used);
	if (sysinfo_free_frames(&after) != sysinfo_free_frames(&before) ||
	    after.si_heap_used != before.si_heap_used) {
		return "memory was not given back";
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "agent") == 0) {
		return gt_agent();
	}
	if (argc >= 2 && strcmp(argv[1], "dma") == 0) {
		return gt_dma_child();
	}
	return testrun_table("granttest", tests, NTESTS, argc > 1 ? argv[1] : NULL);
}
