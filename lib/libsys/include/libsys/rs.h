/*
 * Talking to rs (include/xinim/proto/rs.h).  rs notifies every process it
 * starts right after starting it; rs_endpoint() takes rs's endpoint from
 * that first notification (waiting for it the first time) and remembers
 * it, so it must be called before anything else is received.
 */
#pragma once
#include <stdbool.h>
#include <xinim/ipc.h>
#include <xinim/proto/rs.h>

/* rs's endpoint. */
endpoint_t rs_endpoint(void);

/* Records rs's endpoint, for a process rs did not start (pm passes it
 * on: SPAWN_AUX_RS), which would otherwise wait for rs's notification. */
void rs_set_endpoint(endpoint_t rs);

/* Calls rs with m (its m_type and arguments set); m gets the reply.
 * Returns the IPC error or the reply's m_arg[0]. */
int rs_call(struct message *m);

/* rs_call() of request type with a service name in m_arg[0..2]. */
int rs_call_name(unsigned type, const char *name, struct message *m);

/* True when m is a notification from rs: events wait for the caller,
 * to be taken with rs_event_next() until it says none is left. */
bool rs_event_notified(const struct message *m);

/* Fetches the oldest event rs keeps for the caller (RS_GET_EVENT) into
 * ev: m_type RS_FAULT_INJECT or RS_DEP_CHANGED, m_arg[] as proto/rs.h
 * lists them.  1 with an event, 0 when there was none, < 0 on error;
 * *left (may be NULL) gets how many more wait after it (0 unless 1 is
 * returned): fetch again only while it is not 0. */
int rs_event_next(struct message *ev, unsigned *left);

/* A service's RS_STATUS, decoded. */
struct rs_svc_status {
	unsigned state; /* enum rs_state */
	unsigned starts, crashes;
	unsigned cause; /* enum rs_cause of the last crash */
	unsigned hb_misses;
	endpoint_t ep; /* ENDPOINT_NONE while no instance runs */
	uint64_t last_crash, latency, uptime;
};

#define RS_WAIT_POLL_MS 10 /* how often rs_wait_state() asks */

/* RS_STATUS of name into *out: 0, -ENOENT, an IPC error. */
int rs_status(const char *name, struct rs_svc_status *out);

/* Polls until name is in state with an endpoint other than not_ep
 * (ENDPOINT_ANY: any endpoint), at most ms: 0 or -ETIMEDOUT; *out has
 * the last status read. */
int rs_wait_state(const char *name, unsigned state, endpoint_t not_ep, uint64_t ms,
    struct rs_svc_status *out);

/* RS_FAULT: has rs inject kind (RS_FAULT_*) into name's instance. */
int rs_fault(const char *name, unsigned kind);
