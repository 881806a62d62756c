/*
 * ipctest: the in-OS tests of IPC (see main.c).  Each test runs in a child
 * process of its own (`ipctest --test NAME`), and most start helper
 * processes of their own (`ipctest --role ROLE ...`), all from this one
 * binary in the boot image.
 */
#pragma once
#include <libsys/testrun.h>
#include <stdbool.h>
#include <stdint.h>
#include <xinim/ipc.h>
#include <xinim/kcall.h>
#include <xinim/priv.h>

#define NS_PER_MS 1000000UL
#define NS_PER_SEC 1000000000UL

/* Message types between a test and its helpers. */
#define T_HELLO 1 /* parent -> helper: m_source tells the helper who we are */
#define T_ECHO 2  /* call: the reply has m_type + 1 and every m_arg + 1 */
#define T_QUIT 3  /* call: the helper replies, then exits 0 */
#define T_DATA 4  /* a plain message (m_arg[0] sender id, m_arg[1] sequence) */
/* call: the helper notifies the caller m_arg[0] times, replies, then
 * sends it T_DATA if m_arg[1] is set */
#define T_NOTIFY 5
#define T_WHO 6 /* call: the reply's m_arg[0] is the caller's own endpoint */

/* A test body: NULL when it passed, else why it failed. */
typedef const char *(*ipctest_fn)(void);

/* Starts `ipctest MODE NAME ARG` (arg may be NULL) with a record like the
 * one ipctest was given; its endpoint or a negative error.
 * ipctest_spawn() starts helper role with MODE "--role". */
endpoint_t ipctest_start(const char *mode, const char *name, const char *arg);
endpoint_t ipctest_spawn(const char *role, const char *arg);

/* A helper role started with record pd instead of testrun_priv()'s. */
endpoint_t ipctest_spawn_priv(const char *role, const struct priv_desc *pd);

/* Waits for child and checks that it exited with status want. */
const char *ipctest_expect_exit(endpoint_t child, int want);

/* Ends a "server" helper: T_QUIT, then waits for it to exit with 0. */
const char *ipctest_stop(endpoint_t server);

/* Tells helper who we are (T_HELLO with a0 as m_arg[0]); returns the send's
 * result. */
int ipctest_hello(endpoint_t helper, uint64_t a0);

/* In a helper: waits for T_HELLO; returns the parent's endpoint and puts
 * its m_arg[0] in *a0 (may be NULL). */
endpoint_t ipctest_await_hello(uint64_t *a0);

/* Runs helper role name with its argument; returns its exit status. */
int ipctest_role(const char *name, const char *arg);

/* The tests (tests_*.c). */
const char *test_pingpong(void);
const char *test_receive_any(void);
const char *test_notify_coalesce(void);
const char *test_reply_not_caller(void);
const char *test_call_dead(void);
const char *test_server_dies(void);
const char *test_stale_generation(void);
const char *test_mutual_send(void);
const char *test_alarm(void);
const char *test_denied(void);
const char *test_rr_pingpong(void);
const char *test_rr_lost_reply(void);
const char *test_rr_bad(void);
const char *test_rr_notify(void);
