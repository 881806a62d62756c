/*
 * The requests of include/xinim/proto/rs.h.  Those a service makes about
 * itself (register, heartbeat, checkpoint, restore) are matched to the
 * service by the sender's endpoint; the others name a service.  Every
 * request gets an RS_REPLY.
 */
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "svc.h"

static uint8_t scratch[RS_STATE_MAX];

/* Requests of a running service about itself. */
static int
req_self(struct rs_svc *sv, const struct message *m, struct message *r)
{
	uint64_t len = m->m_arg[1];
	bool replaces = sv->sv_st.st_after_crash;
	int err;

	switch (m->m_type) {
	case RS_REGISTER:
		sv->sv_hb_last = clock_now_ns();
		/* Only a replacement for a crashed instance has a latency. */
		if (rs_svc_event(sv, RS_EV_STARTED, RS_CAUSE_NONE) == 0 && replaces) {
			printf("rs: %s restarted in %lu ms\n", sv->sv_conf->sc_name,
			    (unsigned long)(sv->sv_st.st_last_latency / RS_NS_PER_MS));
		}
		r->m_arg[1] = sv->sv_conf->sc_heartbeat_ns;
		r->m_arg[2] = sv->sv_state_len;
		r->m_arg[3] = sv->sv_instance;
		return 0;
	case RS_HEARTBEAT:
		sv->sv_hb_last = clock_now_ns();
		return 0;
	case RS_CHECKPOINT:
		if (sv->sv_state == NULL || len > sv->sv_conf->sc_preserve_state) {
			return sv->sv_state == NULL ? -EPERM : -E2BIG;
		}
		/* Into scratch first: a grant smaller than it claims fails the
		 * copy part-way, and must not spoil the state already kept. */
		err = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[0], 0, scratch, len);
		if (err == 0) {
			memcpy(sv->sv_state, scratch, len);
			sv->sv_state_len = (uint32_t)len;
		}
		return err;
	case RS_GET_EVENT:
		return rs_svc_take_event(sv, r);
	case RS_RESTORE:
		len = len < sv->sv_state_len ? len : sv->sv_state_len;
		if (len > 0) {
			err =
			    kc_safecopy_to(m->m_source, (int64_t)m->m_arg[0], 0, sv->sv_state, len);
			if (err != 0) {
				return err;
			}
		}
		r->m_arg[1] = len;
		return 0;
	}
	return -EINVAL;
}

/* RS_STATUS's figures for sv. */
static void
req_status(const struct rs_svc *sv, struct message *r)
{
	const struct rs_status *st = &sv->sv_st;

	r->m_arg[RS_ST_STATE_EP] = st->st_state | (uint64_t)(uint32_t)sv->sv_ep << 32;
	r->m_arg[RS_ST_COUNTS] = st->st_starts | (uint64_t)st->st_crashes << 32;
	r->m_arg[RS_ST_CAUSE_HB] = st->st_last_cause | (uint64_t)st->st_hb_misses << 32;
	r->m_arg[RS_ST_LAST_CRASH] = st->st_last_crash;
	r->m_arg[RS_ST_LATENCY] = st->st_last_latency;
	r->m_arg[RS_ST_UPTIME] = rs_policy_uptime(st, clock_now_ns());
}

/* Queues a fault for a running instance, which fetches it when rs's
 * notification reaches it (never, if it is hung: rs does not wait).
 * With a count above 1 ([5]) the others follow [4] ms apart (watch.c
 * injects them); any repetition still going on is replaced. */
static int
req_fault(struct rs_svc *sv, const struct message *m)
{
	uint64_t kind = m->m_arg[3], every = m->m_arg[4], count = m->m_arg[5];
	int err;

	if (kind < RS_FAULT_CRASH || kind > RS_FAULT_EXIT || rs_faultrep_check(every, count) != 0) {
		return -EINVAL;
	}
	if (sv->sv_ep == ENDPOINT_NONE || sv->sv_st.st_state != RS_RUNNING) {
		return -ESRCH;
	}
	printf("rs: injecting fault %u into %s\n", (unsigned)kind, sv->sv_conf->sc_name);
	err = rs_svc_post_fault(sv, (uint32_t)kind);
	if (err == 0) {
		rs_faultrep_start(&sv->sv_faultrep, (uint32_t)kind, every, count, clock_now_ns());
	}
	if (err == 0 && count > 1) {
		printf("rs: %s: %lu more every %lu ms from %lu ms\n", sv->sv_conf->sc_name,
		    (unsigned long)(count - 1), (unsigned long)every,
		    (unsigned long)(clock_now_ns() / RS_NS_PER_MS));
	}
	return err;
}

/* Requests naming a service. */
static int
req_named(const struct message *m, struct message *r)
{
	char name[RS_NAME_LEN + 1];
	struct rs_svc *sv;
	int err;

	if (rs_name_unpack(m, 0, name) != 0) {
		return -EINVAL;
	}
	sv = rs_svc_by_name(name);
	if (sv == NULL && m->m_type == RS_FAULT && strcmp(name, "ds") == 0 &&
	    rs_svc_by_ep(m->m_source) == NULL) {
		return rs_ds_fault();
	}
	if (sv == NULL) {
		return -ENOENT;
	}
	/* Services do not steer services: only other processes (run=, the
	 * service command) may.  A driver cannot stop the one beside it. */
	if (m->m_type != RS_STATUS && rs_svc_by_ep(m->m_source) != NULL) {
		return -EPERM;
	}
	switch (m->m_type) {
	case RS_START:
	case RS_RESTART:
		err = rs_svc_event(sv, m->m_type == RS_START ? RS_EV_START : RS_EV_RESTART,
		    RS_CAUSE_NONE);
		if (err == 0 && sv->sv_ep == ENDPOINT_NONE) {
			err = -ENOEXEC;
		}
		r->m_arg[1] = (uint64_t)(int64_t)sv->sv_ep;
		return err == -EINVAL ? -EBUSY : err;
	case RS_STOP:
		err = rs_svc_event(sv, RS_EV_STOP, RS_CAUSE_NONE);
		return err == -EINVAL ? -ESRCH : err;
	case RS_STATUS:
		req_status(sv, r);
		return 0;
	case RS_FAULT:
		return req_fault(sv, m);
	}
	return -EINVAL;
}

/* RS_LIST: the service at index m_arg[0]. */
static int
req_list(const struct message *m, struct message *r)
{
	struct rs_svc *sv =
	    m->m_arg[0] < (uint64_t)rs_svc_count() ? rs_svc_at((int)m->m_arg[0]) : NULL;
	struct message tmp;

	if (sv == NULL) {
		return -ENOENT;
	}
	rs_name_pack(&tmp, 0, sv->sv_conf->sc_name);
	memcpy(&r->m_arg[1], &tmp.m_arg[0], RS_NAME_ARGS * sizeof(uint64_t));
	r->m_arg[4] = sv->sv_st.st_state | (uint64_t)(uint32_t)sv->sv_ep << 32;
	r->m_arg[5] = sv->sv_st.st_crashes | (uint64_t)sv->sv_st.st_last_cause << 32;
	r->m_arg[6] = m->m_arg[0] + 1 < (uint64_t)rs_svc_count() ? m->m_arg[0] + 1 : 0;
	return 0;
}

void
rs_request(struct message *m)
{
	struct message r = { .m_type = RS_REPLY };
	struct rs_svc *sv;
	int64_t err;

	switch (m->m_type) {
	case RS_REGISTER:
	case RS_HEARTBEAT:
	case RS_CHECKPOINT:
	case RS_RESTORE:
	case RS_GET_EVENT:
		sv = rs_svc_by_ep(m->m_source);
		err = sv != NULL ? req_self(sv, m, &r) : -EPERM;
		break;
	case RS_LIST:
		err = req_list(m, &r);
		break;
	case RS_ADD_DEP:
		err = rs_add_dep(m, rs_svc_by_ep(m->m_source));
		break;
	case RS_DS_NEXT:
		err = rs_ds_next(m, &r);
		break;
	case RS_PCI_RULE:
		err = rs_pci_rule(m, &r);
		break;
	case RS_DS_ENDPOINT:
		r.m_arg[1] = (uint64_t)(int64_t)rs_ds_endpoint();
		err = rs_ds_endpoint() >= 0 ? 0 : -ESRCH;
		break;
	default:
		err = req_named(m, &r);
		break;
	}
	r.m_arg[0] = (uint64_t)err;
	ipc_reply(m->m_source, &r);
}
