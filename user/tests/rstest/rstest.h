/*
 * rstest: private declarations (util.c).
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

/* enum rs_state of servers/rs/policy.h, as rs reports it. */
#define RST_DEAD 0
#define RST_RUNNING 2
#define RST_FAILED 6
/* enum rs_cause */
#define RST_CAUSE_CRASH 1
#define RST_CAUSE_HANG 2
#define RST_CAUSE_EXIT 3

struct rst_status {
	unsigned state, starts, crashes, cause, hb_misses;
	endpoint_t ep;
	uint64_t last_crash, latency;
};

uint64_t rst_now(void);
void rst_sleep_ms(uint64_t ms);
int rst_status(const char *name, struct rst_status *out);
/* Polls until name is in state with an endpoint other than not_ep
 * (ENDPOINT_ANY: any endpoint). */
int rst_wait_state(const char *name, unsigned state, endpoint_t not_ep, uint64_t ms,
    struct rst_status *out);
int rst_fault(const char *name, unsigned kind);
/* TESTSVC_INC or TESTSVC_GET to testsvc instance ep. */
int rst_svc_call(endpoint_t ep, unsigned type, uint64_t *counter, uint64_t *told);

/* The dscall and dsnames tests (dscall.c): NULL, or why it failed. */
const char *rst_t_dscall(void);
const char *rst_t_dsnames(void);
/* The timer test (timer.c). */
const char *rst_t_timer(void);
