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

/* Calls rs with m (its m_type and arguments set); m gets the reply.
 * Returns the IPC error or the reply's m_arg[0]. */
int rs_call(struct message *m);

/* rs_call() of request type with a service name in m_arg[0..2]. */
int rs_call_name(unsigned type, const char *name, struct message *m);

/* True when m is a notification from rs: events wait for the caller,
 * to be taken with rs_event_next() until it returns 0. */
bool rs_event_notified(const struct message *m);

/* Fetches the oldest event rs keeps for the caller (RS_GET_EVENT) into
 * ev: m_type RS_FAULT_INJECT or RS_DEP_CHANGED, m_arg[] as proto/rs.h
 * lists them.  1 with an event, 0 when none is left, < 0 on error. */
int rs_event_next(struct message *ev);
