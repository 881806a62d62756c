/*
 * granttest parallel: copies through grants of one table (ours) by two
 * agents at once, one directly and one through an indirect grant of a
 * third agent's, while this process keeps changing the same table
 * (writers), and then a revocation in the middle of a stream of copies:
 * the copier sees -ENOENT, the other copier is not disturbed.  On SMP=2
 * the copiers run on both CPUs; the timings it prints are informative.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <libsys/testrun.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "granttest.h"
#include "gt.h"

#define PAR_LEN (2 * GT_PAGE)
#define PAR_COUNT 1000
#define PAR_FOREVER 10000000 /* copies: only a revocation ends such a loop */
#define PAR_CHURN 200

struct loop_result {
	int64_t lr_done;
	uint64_t lr_ns;
	int64_t lr_err;
};

static bool
loop_start(endpoint_t agent, endpoint_t owner, int64_t id, uint64_t count)
{
	struct message m = { .m_type = AG_LOOP,
		.m_arg = { (uint64_t)owner, (uint64_t)id, PAR_LEN, count } };

	return ipc_send(agent, &m) == 0;
}

static bool
loop_end(endpoint_t agent, struct loop_result *r)
{
	struct message m = { 0 };

	if (ipc_receive(agent, &m) != 0) {
		return false;
	}
	r->lr_done = (int64_t)m.m_arg[0];
	r->lr_ns = m.m_arg[1];
	r->lr_err = (int64_t)m.m_arg[2];
	return true;
}

/* Grants made and revoked in our table while others copy through it. */
static const char *
churn(endpoint_t grantee, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		int64_t id = kc_grant_create(grantee, gt_buf + 3 * GT_PAGE, 64, GRANT_READ);

		if (id < 0 || kc_grant_revoke(id) != 0) {
			return testrun_why("grant change %u failed: %ld", i, (long)id);
		}
	}
	return NULL;
}

static const char *
check(const char *what, const struct loop_result *r, int64_t done, int64_t err)
{
	if (r->lr_done != done || r->lr_err != err) {
		return testrun_why("%s: %ld copies, error %ld; want %ld, %ld", what,
		    (long)r->lr_done, (long)r->lr_err, (long)done, (long)err);
	}
	return NULL;
}

static const char *
parallel_run(endpoint_t a1, endpoint_t a2, endpoint_t b, endpoint_t me, int64_t g1, int64_t g2)
{
	struct loop_result alone, r1, r2;
	const char *err;
	uint64_t until;

	if (!loop_start(a1, me, g1, PAR_COUNT) || !loop_end(a1, &alone)) {
		return "the lone copier did not answer";
	}
	err = check("alone", &alone, PAR_COUNT, 0);
	if (err != NULL) {
		return err;
	}
	if (!loop_start(a1, me, g1, PAR_COUNT) || !loop_start(a2, b, g2, PAR_COUNT)) {
		return "cannot start the copiers";
	}
	err = churn(a1, PAR_CHURN);
	if (!loop_end(a1, &r1) || !loop_end(a2, &r2)) {
		return "a copier did not answer";
	}
	if (err == NULL) {
		err = check("direct copier beside another", &r1, PAR_COUNT, 0);
	}
	if (err == NULL) {
		err = check("indirect copier beside another", &r2, PAR_COUNT, 0);
	}
	if (err != NULL) {
		return err;
	}
	printf("granttest: parallel: %u copies of %u bytes: alone %lu us; side by side %lu us "
	       "(direct) and %lu us (indirect), %u grant changes meanwhile\n",
	    PAR_COUNT, PAR_LEN, alone.lr_ns / 1000, r1.lr_ns / 1000, r2.lr_ns / 1000, PAR_CHURN);
	/* Revoked midway: a1's endless stream ends, a2's goes on. */
	if (!loop_start(a1, me, g1, PAR_FOREVER) || !loop_start(a2, b, g2, PAR_COUNT)) {
		return "cannot start the copiers again";
	}
	until = clock_now_ns() + 20000000;
	while (clock_now_ns() < until) {
	}
	kc_grant_revoke(g1);
	if (!loop_end(a1, &r1) || !loop_end(a2, &r2)) {
		return "a copier did not answer after the revocation";
	}
	if (r1.lr_err != -ENOENT || r1.lr_done >= PAR_FOREVER) {
		return testrun_why("revoked midway: %ld copies, error %ld", (long)r1.lr_done,
		    (long)r1.lr_err);
	}
	return check("the other copier, meanwhile", &r2, PAR_COUNT, 0);
}

const char *
gt_test_parallel(void)
{
	endpoint_t ag[3], me;
	const char *err = NULL;
	int64_t g1, gp, g2;

	if (!gt_agents_start(ag, 3)) {
		return "cannot start the agents";
	}
	me = gt_self(ag[0]);
	gt_reset_buf();
	g1 = kc_grant_create(ag[0], gt_buf, PAR_LEN, GRANT_READ);
	gp = kc_grant_create(ag[2], gt_buf, GT_BUF, GRANT_READ);
	g2 = gp >= 0 ? gt_ag(ag[2], AG_INDIRECT, (uint64_t)ag[1], (uint64_t)me, (uint64_t)gp,
	                   GT_PAGE, PAR_LEN, GRANT_READ, NULL) :
	               -1;
	if (g1 < 0 || gp < 0 || g2 < 0) {
		err = testrun_why("grants %ld %ld %ld", (long)g1, (long)gp, (long)g2);
	} else {
		err = parallel_run(ag[0], ag[1], ag[2], me, g1, g2);
	}
	kc_grant_revoke(g1);
	kc_grant_revoke(gp);
	return gt_agents_stop(ag, 3, err);
}
