/*
 * The live Reincarnation Server: the table of configured services with
 * their state, statistics, current instance and kept state (svc.c), and
 * the request handlers (request.c).  Every change of state goes through
 * rs_svc_event(), which steps the pure policy (policy.c) and carries out
 * its decision.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include "config.h"
#include "faultrep.h"
#include "policy.h"

struct rs_svc {
	const struct rs_service_conf *sv_conf;
	struct rs_status sv_st;
	endpoint_t sv_ep;     /* current instance, ENDPOINT_NONE if none */
	endpoint_t sv_pub_ep; /* what ds must have under its name (publish.c) */
	bool sv_pub_dirty;    /* ds has not fetched sv_pub_ep yet */
	uint32_t sv_instance; /* instances spawned so far */
	uint64_t sv_hb_last;  /* last heartbeat (or registration) */
	uint8_t *sv_state;    /* preserve_state bytes, NULL when off */
	uint32_t sv_state_len;
	/* Events waiting for RS_GET_EVENT, cleared at every spawn. */
	uint32_t sv_fault;        /* RS_FAULT_* to inject, 0: none */
	uint32_t sv_deps_changed; /* bit i: service i has a new endpoint */
	uint32_t sv_added_deps;   /* bit i: depends on service i (RS_ADD_DEP) */
	/* The rest of a repeated fault: survives restarts, each injection
	 * going to the instance running when it is due (watch.c). */
	struct rs_faultrep sv_faultrep;
};

_Static_assert(RS_SERVICES_MAX <= 32, "sv_deps_changed has a bit per service");

/* Sets up the table from the configured services (services.c). */
void rs_svc_init(const struct rs_service_conf *conf, int n);
/* Starts the `boot yes` services in order (indices into the table). */
void rs_svc_boot(const int *order, int n);
/* True while a boot service's first instance has not registered. */
bool rs_svc_booting(void);

struct rs_svc *rs_svc_by_name(const char *name);
struct rs_svc *rs_svc_by_ep(endpoint_t ep);
struct rs_svc *rs_svc_at(int i);
int rs_svc_count(void);

/* Steps the policy with ev and applies the decision; returns its
 * result (-EINVAL when the event makes no sense now). */
int rs_svc_event(struct rs_svc *sv, enum rs_event ev, enum rs_cause cause);
/* Queues fault kind for sv's instance and notifies it (never blocks);
 * -ESRCH when none runs. */
int rs_svc_post_fault(struct rs_svc *sv, uint32_t kind);
/* RS_GET_EVENT: moves sv's oldest pending event into reply r, with the
 * number still pending after it in r->m_arg[RS_EVENT_LEFT_ARG]; -ENOENT
 * when none is pending. */
int rs_svc_take_event(struct rs_svc *sv, struct message *r);
/* How many events wait in sv for RS_GET_EVENT. */
unsigned rs_svc_events_pending(const struct rs_svc *sv);
/* An instance we tracked ended (from KC_PROC_WAIT); false if unknown. */
bool rs_svc_exited(const struct exit_info *ei);
/* Heartbeat checks and due retries; re-arms the alarm. */
void rs_svc_tick(void);

/* Starts ds, the name service, with rs as its registrar (publish.c);
 * rs_ds_endpoint() is its endpoint, or ENDPOINT_NONE. */
void rs_ds_start(void);
endpoint_t rs_ds_endpoint(void);
/* Makes ds's entry for sv match its current instance: notes a new
 * endpoint (or none) and notifies ds, which fetches it with
 * RS_DS_NEXT: rs never calls ds. */
void rs_svc_publish(struct rs_svc *sv);
/* When ei is ds's exit: starts a new ds, republishes every service and
 * returns true. */
bool rs_ds_exited(const struct exit_info *ei);
/* RS_FAULT for "ds" (not a configured service): kills it, so that the
 * restart can be tested.  0 or an error. */
int rs_ds_fault(void);
/* RS_DS_NEXT from m's sender: the next entry ds must change, into r. */
int rs_ds_next(const struct message *m, struct message *r);

/* True when sv depends on `on`, by configuration or RS_ADD_DEP. */
bool rs_svc_depends(const struct rs_svc *sv, const struct rs_svc *on);
/* RS_ADD_DEP from caller (NULL: a process that is no service): 0,
 * -ENOENT, -EEXIST, -EPERM (a service naming another), or -EDEADLK for
 * a cycle (adddep.c). */
int rs_add_dep(const struct message *m, const struct rs_svc *caller);

/* RS_PCI_RULE from m's sender: the driver rule of the service at
 * endpoint m_arg[0], into r (pcirule.c). */
int rs_pci_rule(const struct message *m, struct message *r);

/* Handles one request and replies to it. */
void rs_request(struct message *m);

/* run=: spawns the program (no wait); its endpoint, or a negative code
 * after which rs has powered off.  rs_run_exited() reports and powers
 * off when ei is the program's. */
endpoint_t rs_run_start(const char *cmdline);
/* Without run=: runs bin/init the same way (powering off if it ever
 * exits); nothing when the boot image has no bin/init. */
void rs_run_init(void);
bool rs_run_exited(const struct exit_info *ei);
