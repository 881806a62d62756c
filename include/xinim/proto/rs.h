/*
 * The Reincarnation Server's IPC protocol.  Requests go to rs with
 * ipc_call(); rs answers every one with a reply whose m_type is RS_REPLY
 * and whose m_arg[0] is 0 or a negative E* code, results following in
 * m_arg[1..].  rs never sends to a service or calls it: it only
 * notifies (which never blocks) and replies (which never blocks either),
 * so a hung or hostile service cannot stall rs.  Heartbeats are sent by
 * the service.  What rs has to tell a service (a fault to inject, a
 * dependency's new endpoint) waits in rs as a pending event; rs notifies
 * the service, which fetches its events with RS_GET_EVENT until a reply
 * says none is left after it (libsys's rs_event_next() and libdriver do
 * this for every service), so an empty queue costs no extra round trip.
 * rs notifies again for every event it adds later.
 *
 * RS_START, RS_STOP, RS_RESTART and RS_FAULT come from processes that
 * are not services (run=, the service command): from a service they
 * are -EPERM, so no driver can stop or crash another.
 *
 * A service name (at most RS_NAME_LEN bytes, NUL-padded) travels in three
 * consecutive arguments, packed with rs_name_pack() and read back with
 * rs_name_unpack(), which refuses a name without its NUL.
 */
#pragma once
#include <stdint.h>
#include <xinim/errno.h>
#include <xinim/ipc.h>

#define RS_NAME_LEN 23 /* bytes of a service name, without its NUL */
#define RS_NAME_ARGS 3 /* message arguments a packed name takes */

/* Requests ([n] is m_arg[n]) and what their replies carry. */
enum rs_msg {
	/* service -> rs at start, no arguments.  Reply: [1] heartbeat period
	 * in ns (0: none), [2] bytes of preserved state waiting (0: none),
	 * [3] instance number (1 for the first start). */
	RS_REGISTER = 0x0100,
	/* [0..2] name.  Reply: [1] the new endpoint. */
	RS_START = 0x0101,
	/* [0..2] name.  Reply: nothing. */
	RS_STOP = 0x0102,
	/* [0..2] name.  Reply: [1] the new endpoint. */
	RS_RESTART = 0x0103,
	/* service -> rs once per heartbeat period, no arguments. */
	RS_HEARTBEAT = 0x0104,
	/* [0..2] name.  Reply: see RS_ST_* below. */
	RS_STATUS = 0x0105,
	/* [0] index (0 first).  Reply: [1..3] that service's name, [4] state
	 * | endpoint << 32, [5] crashes | last cause << 32, [6] the next
	 * index, 0 after the last. */
	RS_LIST = 0x0106,
	/* [0..2] name, [3..5] the name of what it now also depends on: it
	 * is told of (or restarted with) that service's restarts as its
	 * notify_dependents says, until rs restarts.  -ENOENT, -EEXIST
	 * (already a dependency), -EDEADLK (it would close a cycle), -EPERM
	 * from a service about another service. */
	RS_ADD_DEP = 0x0107,
	/* service -> rs: [0] a GRANT_READ grant of its state, [1] bytes (at
	 * most its preserve_state). */
	RS_CHECKPOINT = 0x0108,
	/* service -> rs: [0] a GRANT_WRITE grant, [1] room in bytes.  Reply:
	 * [1] bytes written (0: nothing kept). */
	RS_RESTORE = 0x0109,
	/* [0..2] name, [3] RS_FAULT_*: rs passes it on to the service at
	 * once; [4] ms and [5] count (0 or 1: once): rs then passes it on
	 * count - 1 more times, [4] ms apart, each time to the instance
	 * running then (waiting while the service restarts).  A new
	 * RS_FAULT replaces a repetition still going on; a stop ends it.
	 * -EINVAL for a bad kind, a count over 100000, or a repetition
	 * with a period of 0 or over an hour. */
	RS_FAULT = 0x010a,
	/* Not a request: the kind of event RS_GET_EVENT hands over.  Event
	 * [0] RS_FAULT_*, to inject at once (no reply to rs follows). */
	RS_FAULT_INJECT = 0x010b,
	/* Not a request: event [0..2] name of a service this one depends
	 * on, [3] its current endpoint (ENDPOINT_NONE while none runs).
	 * Several changes of one dependency come as one event. */
	RS_DEP_CHANGED = 0x010c,
	/* No arguments.  Reply: [1] the endpoint of ds, the name service rs
	 * started (libsys's ds client asks this once); -ESRCH without one. */
	RS_DS_ENDPOINT = 0x010d,
	/* service -> rs, no arguments, after a notification from rs.  Reply:
	 * [0] -ENOENT when no event is pending, else 0 with the oldest
	 * pending event: [1] its kind (RS_FAULT_INJECT or RS_DEP_CHANGED),
	 * [2..5] its arguments as listed above ([n] there is [n + 2] here),
	 * [6] (RS_EVENT_LEFT_ARG) how many events are still pending after
	 * this one: at 0 the service stops fetching until rs notifies again.
	 * A fault is handed over before dependency changes; pending events
	 * die with the instance they were meant for. */
	RS_GET_EVENT = 0x010e,
	/* ds -> rs, no arguments, after a notification from rs (rs never
	 * calls ds either).  Reply: [0] -ENOENT when ds's table is up to
	 * date, else 0 with [1..3] a service name and [4] the endpoint ds
	 * must now have for it (ENDPOINT_NONE: unpublish); -EPERM from any
	 * process but ds. */
	RS_DS_NEXT = 0x010f,
	/* pci -> rs: [0] an endpoint.  Reply: [1..3] the name of the
	 * service running there, [4] its `pci` rule: kind (RS_PCI_ID or
	 * RS_PCI_CLASS) | has progif << 8 | class << 16 | subclass << 24 |
	 * progif << 32, [5] vendor | device << 16 | the `mmio` BAR mask
	 * << 32.  -ESRCH when no driver with a rule runs there; -EPERM from
	 * any process but the service named "pci". */
	RS_PCI_RULE = 0x0110,
	/* Every reply: [0] 0 or a negative E* code. */
	RS_REPLY = 0x01ff,
};

/* RS_FAULT's bounds on a repetition. */
#define RS_FAULT_COUNT_MAX 100000u
#define RS_FAULT_EVERY_MAX_MS 3600000u /* one hour */

/* The argument of an RS_GET_EVENT reply that counts the events left. */
#define RS_EVENT_LEFT_ARG 6

/* A service's state (RS_STATUS, RS_LIST), as servers/rs/policy.c steps it. */
enum rs_state {
	RS_DEAD,       /* not running, not wanted */
	RS_STARTING,   /* spawned on request, not yet confirmed */
	RS_RUNNING,    /* confirmed running */
	RS_STOPPING,   /* killed on request, waiting for its exit */
	RS_CRASHED,    /* died; waiting for its retry time (or for a manual restart) */
	RS_RECOVERING, /* a new instance spawned after a crash, not yet confirmed */
	RS_FAILED,     /* gave up after max_retries, or could not be spawned */
};

/* Why an instance ended (RS_STATUS's last cause). */
enum rs_cause {
	RS_CAUSE_NONE,
	RS_CAUSE_CRASH,  /* a CPU exception */
	RS_CAUSE_HANG,   /* missed a heartbeat: killed by rs */
	RS_CAUSE_EXIT,   /* exited on its own while expected to run */
	RS_CAUSE_KILLED, /* killed by someone else */
	RS_CAUSE_SPAWN,  /* could not be started (missing or bad binary) */
};

/* The exit status of a service that found nothing to serve (a driver
 * whose device is not there): rs stops it instead of restarting it. */
#define RS_EXIT_NODEV 75

/* RS_PCI_RULE kinds (servers/rs/config.h uses the same numbers). */
#define RS_PCI_ID 1    /* vendor:device */
#define RS_PCI_CLASS 2 /* class:subclass[:progif] */

/* RS_STATUS reply: [1] state (enum rs_state) | endpoint << 32,
 * [2] starts | crashes << 32, [3] last cause | heartbeat misses << 32,
 * [4] time of the last crash (ns since boot, 0: never), [5] last restart
 * latency ns, [6] uptime ns. */
#define RS_ST_STATE_EP 1
#define RS_ST_COUNTS 2
#define RS_ST_CAUSE_HB 3
#define RS_ST_LAST_CRASH 4
#define RS_ST_LATENCY 5
#define RS_ST_UPTIME 6

/* What RS_FAULT injects. */
enum rs_fault {
	RS_FAULT_CRASH = 1,      /* a page fault */
	RS_FAULT_HANG = 2,       /* stop answering, heartbeats included */
	RS_FAULT_WILD_WRITE = 3, /* a write outside its own memory */
	RS_FAULT_EXIT = 4,       /* exit with status 1 */
};

_Static_assert(RS_NAME_ARGS * sizeof(uint64_t) == RS_NAME_LEN + 1, "a name fills three args");
_Static_assert(RS_NAME_ARGS * 2 <= MSG_ARGS, "RS_ADD_DEP carries two names");
_Static_assert(RS_REPLY > RS_PCI_RULE, "RS_REPLY is no request");
_Static_assert(RS_NAME_ARGS + 3 <= MSG_ARGS, "an RS_DEP_CHANGED event fits a reply");

/* Packs name into m_arg[first..first+2]; -ENAMETOOLONG (m untouched)
 * when it is longer than RS_NAME_LEN, -EINVAL when empty. */
static inline int
rs_name_pack(struct message *m, int first, const char *name)
{
	char buf[RS_NAME_LEN + 1];
	int i, n;

	for (n = 0; n <= RS_NAME_LEN && name[n] != '\0'; n++) {
	}
	if (n > RS_NAME_LEN) {
		return -ENAMETOOLONG;
	}
	if (n == 0 || first < 0 || first + RS_NAME_ARGS > MSG_ARGS) {
		return -EINVAL;
	}
	for (i = 0; i <= RS_NAME_LEN; i++) {
		buf[i] = i < n ? name[i] : '\0';
	}
	__builtin_memcpy(&m->m_arg[first], buf, sizeof(buf));
	return 0;
}

/* Copies the name in m_arg[first..first+2] into out (RS_NAME_LEN + 1
 * bytes); -EINVAL when it is empty or lacks its NUL. */
static inline int
rs_name_unpack(const struct message *m, int first, char out[RS_NAME_LEN + 1])
{
	if (first < 0 || first + RS_NAME_ARGS > MSG_ARGS) {
		return -EINVAL;
	}
	__builtin_memcpy(out, &m->m_arg[first], RS_NAME_LEN + 1);
	if (out[0] == '\0' || out[RS_NAME_LEN] != '\0') {
		out[0] = '\0';
		return -EINVAL;
	}
	return 0;
}
