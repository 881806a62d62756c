/*
 * granttest: indirect grants (KC_GRANT_INDIRECT) — windows, rights,
 * revocation, death and depth.  This process is the memory's owner
 * unless a test says otherwise; agents are the processes down the chain.
 */
#include <libsys/grant.h>
#include <libsys/kcall.h>
#include <libsys/testrun.h>
#include <stddef.h>
#include <xinim/errno.h>
#include "granttest.h"
#include "gt.h"

#define RW (GRANT_READ | GRANT_WRITE)

/* Records the first failed check in err and goes on. */
#define EXPECT(what, r, want)                              \
	do {                                               \
		const char *e_ = gt_expect(what, r, want); \
		if (err == NULL) {                         \
			err = e_;                          \
		}                                          \
	} while (0)

static int64_t
ag_from(endpoint_t agent, endpoint_t owner, int64_t id, uint64_t off, uint64_t len, uint64_t *hash)
{
	return gt_ag(agent, AG_FROM, (uint64_t)owner, (uint64_t)id, off, len, 0, 0, hash);
}

static int64_t
ag_indirect(endpoint_t agent, endpoint_t grantee, endpoint_t owner, int64_t id, uint64_t off,
    uint64_t len, unsigned access)
{
	return gt_ag(agent, AG_INDIRECT, (uint64_t)grantee, (uint64_t)owner, (uint64_t)id, off, len,
	    access, NULL);
}

/* We grant b a window; b passes [100, 400) of it on to c. */
const char *
gt_test_window(void)
{
	endpoint_t ag[2], b, c, me;
	const char *err = NULL;
	int64_t gp, gb;
	uint64_t h = 0;

	if (!gt_agents_start(ag, 2)) {
		return "cannot start the agents";
	}
	b = ag[0];
	c = ag[1];
	me = gt_self(b);
	gt_reset_buf();
	gp = kc_grant_create(b, gt_buf + GT_WIN_OFF, GT_WIN_LEN, RW);
	gb = ag_indirect(b, c, me, gp, 100, 300, RW);
	if (gp < 0 || gb < 0) {
		err = testrun_why("grants: %ld, indirect %ld", (long)gp, (long)gb);
		goto out;
	}
	EXPECT("indirect past the window", ag_indirect(b, c, me, gp, GT_WIN_LEN - 10, 20, RW),
	    -ERANGE);
	EXPECT("indirect with a wrapping offset",
	    ag_indirect(b, c, me, gp, UINT64_MAX - 5, 20, GRANT_READ), -ERANGE);
	EXPECT("indirect of nothing", ag_indirect(b, c, me, gp, 0, 0, GRANT_READ), -EINVAL);
	EXPECT("indirect of a grant not ours", ag_indirect(c, b, me, gp, 0, 10, GRANT_READ),
	    -EPERM);
	EXPECT("indirect of no grant", ag_indirect(b, c, me, gp + (1 << 8), 0, 10, GRANT_READ),
	    -ENOENT);
	EXPECT("a live process without grants", ag_from(b, c, 0, 0, 1, NULL), -ENOENT);
	EXPECT("the whole window", ag_from(c, b, gb, 0, 300, &h), 0);
	if (err == NULL && h != gt_hash(gt_buf + GT_WIN_OFF + 100, 300)) {
		err = "the bytes copied through the indirect grant are not ours";
	}
	EXPECT("its last byte", ag_from(c, b, gb, 299, 1, &h), 0);
	if (err == NULL && h != gt_hash(gt_buf + GT_WIN_OFF + 399, 1)) {
		err = "the last byte is not ours";
	}
	EXPECT("one byte too many", ag_from(c, b, gb, 1, 300, NULL), -ERANGE);
	EXPECT("offset at the end", ag_from(c, b, gb, 300, 1, NULL), -ERANGE);
	EXPECT("offset overflow", ag_from(c, b, gb, UINT64_MAX, 2, NULL), -ERANGE);
	EXPECT("our grant used by c", ag_from(c, me, gp, 0, 1, NULL), -EPERM);
	EXPECT("b's grant used by b", ag_from(b, b, gb, 0, 1, NULL), -EPERM);
	EXPECT("write the window",
	    gt_ag(c, AG_TO, (uint64_t)b, (uint64_t)gb, 0, 300, 0xaa, 0, NULL), 0);
	EXPECT("write past it", gt_ag(c, AG_TO, (uint64_t)b, (uint64_t)gb, 200, 101, 0xbb, 0, NULL),
	    -ERANGE);
	for (unsigned i = 0; i < GT_BUF && err == NULL; i++) {
		bool in = i >= GT_WIN_OFF + 100 && i < GT_WIN_OFF + 400;

		if (gt_buf[i] != (in ? 0xaa : gt_pattern(i))) {
			err = testrun_why("byte %u of ours is %#x after c's write", i, gt_buf[i]);
		}
	}
	kc_grant_revoke(gp);
out:
	return gt_agents_stop(ag, 2, err);
}

/* Rights only narrow along a chain. */
const char *
gt_test_rights(void)
{
	endpoint_t ag[2], b, c, me;
	const char *err = NULL;
	int64_t gro, gmap, gb, gm;

	if (!gt_agents_start(ag, 2)) {
		return "cannot start the agents";
	}
	b = ag[0];
	c = ag[1];
	me = gt_self(b);
	gt_reset_buf();
	gro = kc_grant_create(b, gt_buf, GT_PAGE, GRANT_READ);
	gmap = kc_grant_create(b, gt_buf, 2 * GT_PAGE, RW | GRANT_MAP);
	EXPECT("write passed on from a read grant", ag_indirect(b, c, me, gro, 0, 16, RW), -EACCES);
	EXPECT("write alone passed on from a read grant",
	    ag_indirect(b, c, me, gro, 0, 16, GRANT_WRITE), -EACCES);
	EXPECT("GRANT_MAP passed on",
	    ag_indirect(b, c, me, gmap, 0, GT_PAGE, GRANT_READ | GRANT_MAP), -EACCES);
	EXPECT("an unknown right", ag_indirect(b, c, me, gmap, 0, GT_PAGE, 0x10), -EINVAL);
	gb = ag_indirect(b, c, me, gro, 0, 16, GRANT_READ);
	gm = ag_indirect(b, c, me, gmap, 0, GT_PAGE, RW);
	EXPECT("read passed on", gb >= 0, 1);
	EXPECT("read-write passed on from a mappable grant", gm >= 0, 1);
	EXPECT("read through it", ag_from(c, b, gb, 0, 16, NULL), 0);
	EXPECT("write through it", gt_ag(c, AG_TO, (uint64_t)b, (uint64_t)gb, 0, 1, 1, 0, NULL),
	    -EACCES);
	EXPECT("map an indirect grant",
	    gt_ag(c, AG_MAP, (uint64_t)b, (uint64_t)gm, 0, 0, 0, 0, NULL), -EACCES);
	EXPECT("b maps ours", gt_ag(b, AG_MAP, (uint64_t)me, (uint64_t)gmap, 0, 0, 0, 0, NULL) > 0,
	    1);
	/* And a narrower grant of a narrower grant stays narrow. */
	{
		endpoint_t d = gt_agent_start();
		int64_t gc = ag_indirect(c, d, b, gb, 0, 16, GRANT_READ);

		EXPECT("c passes b's read grant on", gc >= 0, 1);
		EXPECT("and it cannot write", ag_indirect(c, d, b, gb, 0, 16, GRANT_WRITE),
		    -EACCES);
		EXPECT("d reads through two links", ag_from(d, c, gc, 15, 1, NULL), 0);
		if (d < 0) {
			err = err != NULL ? err : "cannot start the third agent";
		} else if (gt_agent_stop(d, false) != NULL && err == NULL) {
			err = "the third agent did not end well";
		}
	}
	kc_grant_revoke(gro);
	kc_grant_revoke(gmap);
	return gt_agents_stop(ag, 2, err);
}

/* b passes our grant on to c twice (g1, g2); c passes g2 on to d. */
const char *
gt_test_revoke(void)
{
	endpoint_t ag[3], b, c, d, me;
	const char *err = NULL;
	int64_t gp, g1, g2, gc;

	if (!gt_agents_start(ag, 3)) {
		return "cannot start the agents";
	}
	b = ag[0];
	c = ag[1];
	d = ag[2];
	me = gt_self(b);
	gt_reset_buf();
	gp = kc_grant_create(b, gt_buf, GT_BUF, RW);
	g1 = ag_indirect(b, c, me, gp, 0, GT_PAGE, RW);
	g2 = ag_indirect(b, c, me, gp, GT_PAGE, GT_PAGE, RW);
	gc = ag_indirect(c, d, b, g2, 10, 100, GRANT_READ);
	if (gp < 0 || g1 < 0 || g2 < 0 || gc < 0) {
		err = testrun_why("grants %ld %ld %ld %ld", (long)gp, (long)g1, (long)g2, (long)gc);
		goto out;
	}
	EXPECT("c through g1", ag_from(c, b, g1, 0, 8, NULL), 0);
	EXPECT("d through gc", ag_from(d, c, gc, 0, 100, NULL), 0);
	EXPECT("b revokes g1", gt_ag(b, AG_REVOKE, (uint64_t)g1, 0, 0, 0, 0, 0, NULL), 0);
	EXPECT("c through revoked g1", ag_from(c, b, g1, 0, 8, NULL), -ENOENT);
	EXPECT("c through g2, its sibling", ag_from(c, b, g2, 0, 8, NULL), 0);
	EXPECT("g1 revoked twice", gt_ag(b, AG_REVOKE, (uint64_t)g1, 0, 0, 0, 0, 0, NULL), -ENOENT);
	EXPECT("we revoke the original", kc_grant_revoke(gp), 0);
	EXPECT("c through g2 after it", ag_from(c, b, g2, 0, 8, NULL), -ENOENT);
	EXPECT("d, two links down, after it", ag_from(d, c, gc, 0, 1, NULL), -ENOENT);
	EXPECT("nothing passed on from a revoked grant",
	    ag_indirect(b, c, me, gp, 0, 8, GRANT_READ), -ENOENT);
	EXPECT("c still revokes its own", gt_ag(c, AG_REVOKE, (uint64_t)gc, 0, 0, 0, 0, 0, NULL),
	    0);
out:
	return gt_agents_stop(ag, 3, err);
}

/* a (an agent) owns the memory, grants b, b passes it on to c; then a
 * dies.  Again with the process in the middle dying. */
const char *
gt_test_owner_death(void)
{
	endpoint_t ag[4], a, b, c, m;
	const char *err = NULL, *e;
	int64_t ga, gb, ga2, gm;
	uint64_t h = 0;
	uint8_t want[64];

	if (!gt_agents_start(ag, 4)) {
		return "cannot start the agents";
	}
	a = ag[0];
	b = ag[1];
	c = ag[2];
	m = ag[3];
	ga = gt_ag(a, AG_GRANT, (uint64_t)b, 0, GT_PAGE, RW, 0, 0, NULL);
	gb = ga >= 0 ? ag_indirect(b, c, a, ga, 0, 64, GRANT_READ) : -1;
	ga2 = gt_ag(c, AG_GRANT, (uint64_t)m, 0, GT_PAGE, RW, 0, 0, NULL);
	gm = ga2 >= 0 ? ag_indirect(m, b, c, ga2, 0, 64, GRANT_READ) : -1;
	if (ga < 0 || gb < 0 || ga2 < 0 || gm < 0) {
		err =
		    testrun_why("grants %ld %ld %ld %ld", (long)ga, (long)gb, (long)ga2, (long)gm);
		goto out;
	}
	for (unsigned i = 0; i < sizeof(want); i++) {
		want[i] = gt_pattern(i);
	}
	EXPECT("c reads a's memory through b", ag_from(c, b, gb, 0, 64, &h), 0);
	if (err == NULL && h != gt_hash(want, sizeof(want))) {
		err = "c did not see a's bytes";
	}
	EXPECT("b reads c's memory through m", ag_from(b, m, gm, 0, 64, NULL), 0);
	/* The owner dies: what was made from its grant fails. */
	e = gt_agent_stop(a, true);
	ag[0] = -1;
	if (err == NULL) {
		err = e;
	}
	EXPECT("c after a's death", ag_from(c, b, gb, 0, 1, NULL), -EDEADSRCDST);
	EXPECT("b passes on a dead owner's grant", ag_indirect(b, c, a, ga, 0, 1, GRANT_READ),
	    -EDEADSRCDST);
	/* The process in the middle dies: its indirect grant goes with it. */
	e = gt_agent_stop(m, true);
	ag[3] = -1;
	if (err == NULL) {
		err = e;
	}
	EXPECT("b after m's death", ag_from(b, m, gm, 0, 1, NULL), -EDEADSRCDST);
	EXPECT("c's own grant to m went with m",
	    gt_ag(c, AG_REVOKE, (uint64_t)ga2, 0, 0, 0, 0, 0, NULL), -ENOENT);
	EXPECT("b revokes its grant from a's",
	    gt_ag(b, AG_REVOKE, (uint64_t)gb, 0, 0, 0, 0, 0, NULL), 0);
out:
	return gt_agents_stop(ag, 4, err);
}

/* We grant a; a and b pass it on to each other in turn, each link one
 * byte narrower at both ends, GRANT_DEPTH_MAX times; once more fails. */
const char *
gt_test_depth(void)
{
	endpoint_t ag[2], me;
	const char *err = NULL;
	int64_t id[6];
	endpoint_t holder[6], owner = 0;
	uint64_t len = GT_PAGE, h = 0;

	if (!gt_agents_start(ag, 2)) {
		return "cannot start the agents";
	}
	me = gt_self(ag[0]);
	gt_reset_buf();
	id[0] = kc_grant_create(ag[0], gt_buf, GT_PAGE, RW);
	holder[0] = ag[0];
	owner = me;
	for (unsigned i = 1; i <= 4 && err == NULL; i++) {
		endpoint_t from = holder[i - 1], to = ag[i % 2];

		id[i] = ag_indirect(from, to, i == 1 ? me : holder[i - 2], id[i - 1], 1, len - 2,
		    GRANT_READ);
		if (id[i] < 0) {
			err = testrun_why("link %u refused: %ld", i, (long)id[i]);
		}
		holder[i] = to;
		len -= 2;
	}
	owner = holder[3];
	/* holder[4] uses grant id[4] of holder[3]: 4 links down to our bytes. */
	EXPECT("4 links deep", ag_from(holder[4], owner, id[4], 0, len, &h), 0);
	if (err == NULL && h != gt_hash(gt_buf + 4, len)) {
		err = "the bytes 4 links down are not ours at offset 4";
	}
	EXPECT("4 links deep, one byte too many",
	    ag_from(holder[4], owner, id[4], 0, len + 1, NULL), -ERANGE);
	EXPECT("a fifth link", ag_indirect(holder[4], holder[3], owner, id[4], 0, 1, GRANT_READ),
	    -ELOOP);
	kc_grant_revoke(id[0]);
	EXPECT("4 links deep after the original went", ag_from(holder[4], owner, id[4], 0, 1, NULL),
	    -ENOENT);
	return gt_agents_stop(ag, 2, err);
}
