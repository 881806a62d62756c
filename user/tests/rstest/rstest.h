/*
 * rstest: private declarations (util.c, dscall.c).
 */
#pragma once
#include <stdint.h>
#include <xinim/ipc.h>

/* TESTSVC_INC or TESTSVC_GET to testsvc instance ep. */
int rst_svc_call(endpoint_t ep, unsigned type, uint64_t *counter, uint64_t *told);

/* The dscall and dsnames tests (dscall.c): NULL, or why it failed. */
const char *rst_t_dscall(void);
const char *rst_t_dsnames(void);
/* The timer test (timer.c). */
const char *rst_t_timer(void);
