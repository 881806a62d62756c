/*
 * libdriver: the one main loop every driver (and any service that wants
 * it) runs.  driver_main() registers with rs, takes back checkpointed
 * state, sends the heartbeats rs asks for, fetches rs's events (fault
 * injection, dependency changes), and dispatches IRQ notifications,
 * timers and client requests to the driver's callbacks.  It never
 * returns.
 *
 * Faults rs injects (RS_FAULT_* in proto/rs.h, `service fault`): crash (a
 * page fault), hang (spin with no heartbeats), wild write (a store to an
 * address outside the process's memory) and exit (status 1).
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/ipc.h>

/* request() returns this when it will answer later with driver_reply(). */
#define DRIVER_NO_REPLY 1

struct driver_ops {
	/* Before registering with rs, which counts the service as running
	 * once init() has returned.  restored: state holds what rs kept
	 * from the previous instance.  Non-zero ends the process: -ENODEV
	 * (no device for this driver on this machine) with RS_EXIT_NODEV,
	 * which rs does not restart; anything else with status 1. */
	int (*init)(int argc, char **argv, bool restored);
	/* A NOTIFY_IRQ: hooks is the bitmap of hook ids that fired. */
	void (*irq)(uint64_t hooks);
	/* A message from another process (not a notification).  Fill
	 * *reply and return 0 to have it sent, DRIVER_NO_REPLY to answer
	 * later, or < 0 to reply with just that error in m_arg[0] (m_type
	 * reply_type). */
	int (*request)(const struct message *m, struct message *reply);
	/* The timer set with driver_timer() expired. */
	void (*timer)(void);
	/* A dependency's endpoint changed (ENDPOINT_NONE: it is down). */
	void (*dep_changed)(const char *name, endpoint_t ep);
	/* A notification from another process (not rs, not the kernel). */
	void (*notify)(endpoint_t from);
	/* NOTIFY_EXIT: a child of ours has ended (collect it with
	 * KC_PROC_WAIT).  A wait of ds_call() may swallow one: poll too. */
	void (*child_exit)(void);
	uint32_t reply_type; /* m_type of error replies */
	/* State checkpointed with driver_checkpoint() (preserve_state). */
	void *state;
	size_t state_size;
};

/* Runs the driver; does not return.  Callbacks may be NULL. */
void driver_main(const struct driver_ops *ops, int argc, char **argv) __attribute__((noreturn));

/* Hands ops->state to rs (preserve_state in services.conf); 0 or an error. */
int driver_checkpoint(void);

/* Calls timer() once, ns from now (0 cancels).  Shares KC_ALARM with the
 * heartbeat: use this, never kc_alarm(), under driver_main(). */
void driver_timer(uint64_t ns);

/* Sends a reply put off with DRIVER_NO_REPLY. */
int driver_reply(endpoint_t to, struct message *m);

/* The same, but held until the loop's next receive and sent with it
 * (SYS_REPLY_RECV), so that the caller's next call finds us receiving and
 * takes the fast path.  One reply is held at a time: a second sends the
 * first at once.  Only for handlers that return soon after. */
void driver_reply_soon(endpoint_t to, const struct message *m);

/* Injects a fault now (RS_FAULT_*); returns only for an unknown kind. */
void driver_fault(unsigned kind);

/* The service's name (argv[0]). */
const char *driver_name(void);
