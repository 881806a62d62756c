/*
 * granttest's agents: children that serve AG_* requests (granttest.h)
 * from anyone, one grant operation each, until AG_EXIT or until they are
 * killed.  Their buffer starts out as gt_pattern().
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <string.h>
#include <xinim/errno.h>
#include "granttest.h"

static uint8_t agent_buf[GT_BUF] __attribute__((aligned(GT_PAGE)));
static uint8_t copy_buf[GT_BUF];

/* AG_LOOP: the same copy count times; each must give the first's bytes. */
static int64_t
agent_loop(endpoint_t owner, int64_t id, uint64_t len, uint64_t count, uint64_t *extra)
{
	uint64_t start = clock_now_ns(), want = 0, done;
	int r = 0;

	if (len > GT_BUF) {
		return -EINVAL;
	}
	for (done = 0; done < count; done++) {
		uint64_t h;

		r = kc_safecopy_from(owner, id, 0, copy_buf, len);
		if (r != 0) {
			break;
		}
		h = gt_hash(copy_buf, len);
		if (done == 0) {
			want = h;
		} else if (h != want) {
			r = -EBADMSG;
			break;
		}
	}
	extra[0] = clock_now_ns() - start;
	extra[1] = (uint64_t)(int64_t)r;
	return (int64_t)done;
}

static int64_t
agent_do(const struct message *m, uint64_t *extra)
{
	const uint64_t *a = m->m_arg;
	endpoint_t ep = (endpoint_t)a[0];
	struct phys_seg segs[8];

	switch (m->m_type) {
	case AG_GRANT:
		if (a[1] > GT_BUF || a[2] > GT_BUF - a[1]) {
			return -EINVAL;
		}
		return kc_grant_create(ep, agent_buf + a[1], a[2], (unsigned)a[3]);
	case AG_INDIRECT:
		return kc_grant_indirect(ep, (endpoint_t)a[1], (int64_t)a[2], a[3], a[4],
		    (unsigned)a[5]);
	case AG_REVOKE:
		return kc_grant_revoke((int64_t)a[0]);
	case AG_FROM: {
		int r;

		if (a[3] > GT_BUF) {
			return -EINVAL;
		}
		r = kc_safecopy_from(ep, (int64_t)a[1], a[2], copy_buf, a[3]);
		*extra = r == 0 ? gt_hash(copy_buf, a[3]) : 0;
		return r;
	}
	case AG_TO:
		if (a[3] > GT_BUF) {
			return -EINVAL;
		}
		memset(copy_buf, (int)a[4], a[3]);
		return kc_safecopy_to(ep, (int64_t)a[1], a[2], copy_buf, a[3]);
	case AG_MAP:
		return kc_grant_map(ep, (int64_t)a[1]);
	case AG_PHYS:
		return kc_grant_phys(ep, (int64_t)a[1], a[2], a[3], segs, 8);
	case AG_LOOP:
		return agent_loop(ep, (int64_t)a[1], a[2], a[3], extra);
	case AG_WHO:
		return m->m_source;
	case AG_UNPIN:
		return kc_grant_unpin(ep, (int64_t)a[1], a[2], a[3]);
	default:
		return -EINVAL;
	}
}

int
gt_agent(void)
{
	for (uint64_t i = 0; i < GT_BUF; i++) {
		agent_buf[i] = gt_pattern(i);
	}
	for (;;) {
		struct message m = { 0 };
		uint64_t extra[2] = { 0, 0 };
		endpoint_t from;
		uint32_t op;

		if (ipc_receive(ENDPOINT_ANY, &m) != 0) {
			return 1;
		}
		from = m.m_source;
		op = m.m_type;
		m.m_arg[0] = (uint64_t)(op == AG_EXIT ? 0 : agent_do(&m, extra));
		m.m_arg[1] = extra[0];
		m.m_arg[2] = extra[1];
		if (op == AG_LOOP) {
			if (ipc_send(from, &m) != 0) {
				return 1;
			}
			continue;
		}
		if (ipc_reply(from, &m) != 0 || op == AG_EXIT) {
			return op == AG_EXIT ? 0 : 1;
		}
	}
}
