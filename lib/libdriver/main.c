/*
 * driver_main(), the loop every driver runs: take back checkpointed
 * state, run the driver's init(), register with rs (which counts the
 * service as running from then on: `xinim: system ready` and the restart
 * time include the driver's own start), then receive forever and
 * dispatch.  Kernel notifications carry IRQs (to irq()) and the alarm
 * (heartbeats and the driver's timer, timer.c); a notification from rs
 * means events wait (events.c); any other notification goes to notify();
 * every other message is a request, answered with what request() filled
 * in, with just an error, or later through driver_reply().  An answer
 * made at once goes out with the next receive in one SYS_REPLY_RECV, so
 * the client's next call finds us waiting (the IPC fast path); deferred
 * answers (driver_reply()) are plain replies.
 */
#include <libsys/clock.h>
#include <libsys/ipc.h>
#include <libsys/rs.h>
#include <stdio.h>
#include <stdlib.h>
#include <xinim/errno.h>
#include "driver_int.h"

const struct driver_ops *drv_ops;
static const char *drv_name = "driver";

/* RS_REGISTER; fills *period from the reply.  Returns 0 or rs's
 * refusal. */
static int
drv_register(uint64_t *period)
{
	struct message m = { .m_type = RS_REGISTER };
	int err = rs_call(&m);

	if (err != 0) {
		return err;
	}
	*period = m.m_arg[1];
	return 0;
}

/* A notification: from the kernel (IRQ hooks, the alarm, a child's
 * exit), rs or a peer. */
static void
drv_notified(const struct message *m)
{
	if (rs_event_notified(m)) {
		drv_events();
		return;
	}
	if (m->m_source != ENDPOINT_KERNEL) {
		if (drv_ops->notify != NULL) {
			drv_ops->notify(m->m_source);
		}
		return;
	}
	if ((m->m_arg[0] & NOTIFY_IRQ) != 0 && drv_ops->irq != NULL) {
		drv_ops->irq(m->m_arg[1]);
	}
	if ((m->m_arg[0] & NOTIFY_ALARM) != 0) {
		drv_timer_alarm();
	}
	if ((m->m_arg[0] & NOTIFY_EXIT) != 0 && drv_ops->child_exit != NULL) {
		drv_ops->child_exit();
	}
}

/* A request: request() answers now, later or with an error.  Returns
 * whom *reply is to go to, or ENDPOINT_NONE when it answers later. */
static endpoint_t
drv_request(const struct message *m, struct message *reply)
{
	int r = -ENOSYS;

	*reply = (struct message){ .m_type = drv_ops->reply_type };
	if (drv_ops->request != NULL) {
		r = drv_ops->request(m, reply);
	}
	if (r == DRIVER_NO_REPLY) {
		return ENDPOINT_NONE;
	}
	if (r < 0) {
		*reply = (struct message){ .m_type = drv_ops->reply_type };
		reply->m_arg[0] = (uint64_t)(int64_t)r;
	}
	return m->m_source;
}

/* The reply driver_reply_soon() holds for the next receive. */
static endpoint_t held_to = ENDPOINT_NONE;
static struct message held;

/* Receives forever.  A reply made at once waits in reply for the next
 * receive, which sends it (a sender that did not wait for a reply, or a
 * caller that gave up, simply gets none); it goes out by itself first
 * only when missed notifications are to be handled before that receive. */
static __attribute__((noreturn)) void
drv_loop(void)
{
	struct message m, reply;
	endpoint_t to = ENDPOINT_NONE;
	int r;

	for (;;) {
		if (held_to != ENDPOINT_NONE) {
			/* A reply put off with driver_reply_soon() goes with the
			 * receive when nothing else does. */
			if (to != ENDPOINT_NONE) {
				ipc_reply(held_to, &held);
			} else {
				to = held_to;
				reply = held;
			}
			held_to = ENDPOINT_NONE;
		}
		if (to != ENDPOINT_NONE) {
			r = ipc_reply_recv(to, &reply, ENDPOINT_ANY, &m);
		} else {
			r = ipc_receive(ENDPOINT_ANY, &m);
		}
		to = ENDPOINT_NONE;
		if (r != 0) {
			continue;
		}
		if (m.m_type == MSG_NOTIFY) {
			drv_notified(&m);
		} else {
			to = drv_request(&m, &reply);
		}
		/* A handler that slept (ds_call's retries) took these. */
		while (clock_missed(&m)) {
			if (to != ENDPOINT_NONE) {
				ipc_reply(to, &reply);
				to = ENDPOINT_NONE;
			}
			drv_notified(&m);
		}
	}
}

void
driver_main(const struct driver_ops *ops, int argc, char **argv)
{
	uint64_t period = 0;
	bool restored;
	int err;

	drv_ops = ops;
	if (argc > 0 && argv[0] != NULL) {
		drv_name = argv[0];
	}
	rs_endpoint();
	restored = drv_state_restore();
	err = ops->init != NULL ? ops->init(argc, argv, restored) : 0;
	if (err == -ENODEV) {
		/* Not a failure: the machine has no such device.  rs does not
		 * restart a service that says so. */
		printf("%s: no device\n", drv_name);
		exit(RS_EXIT_NODEV);
	}
	if (err != 0) {
		printf("%s: init failed (%d)\n", drv_name, err);
		exit(1);
	}
	err = drv_register(&period);
	if (err != 0) {
		printf("%s: rs refused the registration (%d)\n", drv_name, err);
		exit(1);
	}
	drv_timer_start(period);
	drv_loop();
}

int
driver_reply(endpoint_t to, struct message *m)
{
	return ipc_reply(to, m);
}

void
driver_reply_soon(endpoint_t to, const struct message *m)
{
	if (held_to != ENDPOINT_NONE) {
		ipc_reply(held_to, &held);
	}
	held_to = to;
	held = *m;
}

const char *
driver_name(void)
{
	return drv_name;
}
