/*
 * IPC between processes: endpoints and the fixed-size message.
 *
 * An endpoint names a process instance: its slot in the kernel's process
 * table plus a generation that changes every time the slot is reused, so a
 * message meant for a dead instance fails with -EDEADSRCDST instead of
 * reaching a stranger.  Messages are 64 bytes and travel in registers (see
 * include/xinim/syscall.h), never through user memory.
 */
#pragma once
#include <stdint.h>

typedef int32_t endpoint_t;

#define ENDPOINT_SLOT_BITS 10
#define ENDPOINT_SLOTS (1 << ENDPOINT_SLOT_BITS) /* process table size */
#define ENDPOINT_SLOT(ep) ((ep) & (ENDPOINT_SLOTS - 1))
#define ENDPOINT_GEN(ep) ((uint32_t)(ep) >> ENDPOINT_SLOT_BITS)
#define ENDPOINT_MAKE(slot, gen) ((endpoint_t)(((gen) << ENDPOINT_SLOT_BITS) | (slot)))

/* Special endpoints (never a valid process endpoint: all are negative). */
#define ENDPOINT_ANY (-1)    /* receive: from anyone */
#define ENDPOINT_NONE (-2)   /* no endpoint */
#define ENDPOINT_SELF (-3)   /* kernel calls: the caller itself */
#define ENDPOINT_KERNEL (-4) /* source of kernel notifications */

#define MSG_ARGS 7

/* The message.  m_source is filled in by the kernel on delivery. */
struct message {
	endpoint_t m_source;
	uint32_t m_type;
	uint64_t m_arg[MSG_ARGS];
};
_Static_assert(sizeof(struct message) == 64, "message is 64 bytes");

/*
 * Typed messages: each protocol (include/xinim/proto/) names a struct per
 * request and per reply, laid over m_arg.  MSG_PAYLOAD(m, struct x) is m's
 * payload seen as struct x; MSG_PAYLOAD_FITS(struct x) asserts at compile
 * time that it fits (each protocol header states it for its structs).
 */
#define MSG_PAYLOAD_BYTES (MSG_ARGS * 8)
#define MSG_PAYLOAD(m, type) ((type *)(void *)(m)->m_arg)
#define MSG_PAYLOAD_FITS(type) \
	_Static_assert(sizeof(type) <= MSG_PAYLOAD_BYTES, #type " fits in a message")

/*
 * Notifications arrive through receive() as a message of type MSG_NOTIFY.
 * From a process: m_source is its endpoint, no payload (notifications from
 * one source coalesce into one).  From the kernel: m_source is
 * ENDPOINT_KERNEL, m_arg[0] the NOTIFY_* bits that were pending, m_arg[1]
 * the bitmap of IRQ hooks that fired.
 */
#define MSG_NOTIFY 0x80000000u

#define NOTIFY_IRQ (1u << 0)   /* an IRQ hook fired: m_arg[1] says which */
#define NOTIFY_ALARM (1u << 1) /* the alarm set with KC_ALARM expired */
#define NOTIFY_EXIT (1u << 2)  /* a child exited: collect it with KC_PROC_WAIT */
