/*
 * dstest, the in-OS tests of the name service: what the runner, the test
 * bodies and the helper roles share.  Each test starts its own ds (with
 * the test process as registrar, standing in for rs) and its own helper
 * servers from the dstest binary, and kills them all when it ends.
 */
#pragma once
#include <libsys/testrun.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

#define NS_PER_MS 1000000UL
#define NS_PER_SEC 1000000000UL

/* Messages between a test and its helpers. */
#define T_READY 1 /* helper -> test: [0] result of its ds_publish */
#define T_ECHO 2  /* call: the reply has every m_arg + 1 */
#define T_QUIT 3  /* call: the helper replies, then exits 0 */
#define T_WHO 4   /* call to the mirror: the reply's [0] is the caller */

#define DSTEST_MAX_CHILDREN 8 /* helpers one test runs at once */

/* A test body: NULL when it passed, else why it failed. */
typedef const char *(*dstest_fn)(void);

/* Starts `dstest --role ROLE A B C` (trailing ones may be NULL) as a
 * remembered child. */
endpoint_t dstest_spawn(const char *role, const char *a, const char *b, const char *c);

/* Our own endpoint (asked of a mirror helper once). */
endpoint_t dstest_self(void);

/* ds's endpoint once dstest_start_ds() ran. */
extern endpoint_t dstest_ds;

/* Starts ds with us as its registrar and ds_init()s it; its endpoint. */
endpoint_t dstest_start_ds(void);

/* Starts a "server" helper publishing name and waits for its T_READY:
 * its endpoint, with the result of its publish in *published. */
endpoint_t dstest_start_server(const char *name, int *published);

/* Kills one child and collects it. */
void dstest_kill(endpoint_t child);

/* Kills and collects every child still running. */
void dstest_cleanup(void);

/* Runs helper role name with its arguments (argv[3..]); its exit status. */
int dstest_role(int argc, char **argv);

/* The tests (tests.c). */
const char *test_publish_lookup(void);
const char *test_lookup_missing(void);
const char *test_replace_refused(void);
const char *test_subscribe(void);
const char *test_malformed(void);
const char *test_restart(void);
const char *test_restart_concurrent(void);
