/*
 * The name service's IPC protocol.  ds maps names (at most DS_NAME_LEN
 * bytes, packed into three message arguments with rs_name_pack(), the
 * same packing rs uses) to endpoints.  Requests go to ds with ipc_call();
 * every reply has m_type DS_REPLY and m_arg[0] 0 or a negative E* code.
 *
 * Who may change a name: a name belongs to the endpoint it names.  An
 * ordinary process may only publish itself (its own endpoint, or
 * ENDPOINT_SELF) and may replace or unpublish only a name that names it.
 * One "registrar" endpoint, given to ds as its first argument (rs, which
 * restarts services and so knows their new endpoints), may publish,
 * replace and unpublish any name for any endpoint.  A refused change
 * answers -EPERM.
 *
 * Subscriptions: a process subscribes to a name prefix (one per process;
 * subscribing again replaces it).  When an entry whose name starts with
 * the prefix is published, replaced or unpublished, ds queues the change
 * for the subscriber and notifies it; the subscriber then drains its queue
 * with DS_CHECK until -EAGAIN.  Changes of one name coalesce: the queue
 * keeps only its latest endpoint.
 *
 * How a process finds ds: rs starts ds first, as its registrar, and
 * answers RS_DS_ENDPOINT with its endpoint; libsys's client asks that by
 * itself.  A process not started by rs is told the endpoint by whoever
 * started it (libsys's ds_init() records it).  rs publishes every
 * service under its name and republishes it after each restart.
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/proto/rs.h>

#define DS_NAME_LEN RS_NAME_LEN   /* bytes of a name, without its NUL */
#define DS_NAME_ARGS RS_NAME_ARGS /* message arguments a packed name takes */

/* Requests ([n] is m_arg[n]) and what their replies carry. */
enum ds_msg {
	/* [0..2] name, [3] endpoint (ENDPOINT_SELF: the caller).  Reply:
	 * nothing; -EPERM (not allowed), -ENOSPC (table full). */
	DS_PUBLISH = 0x0200,
	/* [0..2] name.  Reply: [1] its endpoint; -ENOENT when unknown. */
	DS_LOOKUP = 0x0201,
	/* [0..2] name.  Reply: nothing; -ENOENT, -EPERM. */
	DS_UNPUBLISH = 0x0202,
	/* [0..2] name prefix (one byte at least).  Reply: nothing;
	 * -ENOSPC when no subscription slot is free. */
	DS_SUBSCRIBE = 0x0203,
	/* No arguments.  Reply: [1..3] the next changed name, [4] its
	 * endpoint (ENDPOINT_NONE: unpublished); -EAGAIN when no change is
	 * waiting, -ENOENT when the caller has no subscription. */
	DS_CHECK = 0x0204,
	/* Every reply: [0] 0 or a negative E* code. */
	DS_REPLY = 0x02ff,
};

#define DS_ARG_EP DS_NAME_ARGS /* where DS_PUBLISH's endpoint goes */
#define DS_ARG_CHECK_NAME 1    /* DS_CHECK reply: the name's first arg */
#define DS_ARG_CHECK_EP (DS_ARG_CHECK_NAME + DS_NAME_ARGS)

_Static_assert(DS_ARG_EP < MSG_ARGS, "DS_PUBLISH fits a message");
_Static_assert(DS_ARG_CHECK_EP < MSG_ARGS, "the DS_CHECK reply fits a message");
_Static_assert(DS_REPLY > DS_CHECK, "DS_REPLY is no request");
_Static_assert((int)DS_PUBLISH > (int)RS_REPLY, "ds and rs message types do not overlap");
