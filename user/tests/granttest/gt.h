/*
 * granttest's test side: the helpers of main.c and the tests, by file
 * (tests_chain.c: indirect grants; tests_vec.c; tests_par.c;
 * tests_phys.c; tests_dma.c).  Each test
 * returns NULL when it passed, else why not.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>

#define GT_WIN_OFF 100  /* where the window granted starts in gt_buf */
#define GT_WIN_LEN 5000 /* crossing a page boundary */

/* This process's buffer, reset to gt_pattern() by gt_reset_buf(). */
extern uint8_t gt_buf[];
void gt_reset_buf(void);

/* This process's endpoint, as an agent sees it. */
endpoint_t gt_self(endpoint_t agent);

/* A new agent (agent.c) with an ordinary record: grants and copies of
 * every kind, but not KC_GRANT_PHYS.  Its endpoint, or < 0. */
endpoint_t gt_agent_start(void);

/* Starts n agents, or none (false). */
bool gt_agents_start(endpoint_t *agents, unsigned n);

/* One request to an agent; its result (and m_arg[1] in *extra). */
int64_t gt_ag(endpoint_t agent, uint32_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
    uint64_t a4, uint64_t a5, uint64_t *extra);

/* Ends an agent (asked to exit, or killed) and collects it; NULL, or why
 * it did not end well.  gt_agents_stop: all n, keeping err if set. */
const char *gt_agent_stop(endpoint_t agent, bool kill);
const char *gt_agents_stop(endpoint_t *agents, unsigned n, const char *err);

/* Checks one result: NULL when r == want, else a reason naming what. */
const char *gt_expect(const char *what, int64_t r, int64_t want);

const char *gt_test_window(void);
const char *gt_test_rights(void);
const char *gt_test_revoke(void);
const char *gt_test_owner_death(void);
const char *gt_test_depth(void);
const char *gt_test_vec(void);
const char *gt_test_parallel(void);
const char *gt_test_phys_priv(void);
const char *gt_test_phys(void);
const char *gt_test_phys_life(void);
const char *gt_test_phys_dma(void);

/* `granttest dma`: the driver child of phys_dma (tests_dma.c). */
int gt_dma_child(void);
