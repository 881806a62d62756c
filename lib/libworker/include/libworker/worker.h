/*
 * libworker: cooperative user-level threads for servers that must keep
 * serving while one request waits (a file system waiting for its disk).
 * A server runs each request as a function on a worker, a stack of its
 * own; the request waits where it is (worker_sleep) while the server's
 * loop goes on, and goes on when something wakes its channel
 * (worker_wakeup) and the loop calls worker_run().
 *
 * There is one kernel thread: a worker gives the CPU up only in
 * worker_sleep(), never in between, so data shared by the workers needs
 * no lock between two sleeps.  What a worker read before a sleep may
 * have changed after it.
 *
 * Sleeping is on a channel, any address, as in xv6; an optional
 * deadline (ns on the clock given to worker_init) ends the sleep with
 * -ETIMEDOUT.  Workers that were woken run in worker order.
 *
 * A stack that overflows is noticed (a guard word at its bottom) when
 * its worker next gives up the CPU, and ends the process with a message.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORKER_MAX 64

/* Makes n workers (1 .. WORKER_MAX) with stacks of stack bytes each
 * (from malloc); clock: the time in ns for deadlines (NULL: no
 * deadlines).  0, or -EINVAL, -ENOMEM.  Once, before anything else. */
int worker_init(unsigned n, size_t stack, uint64_t (*clock)(void));

/* Runs fn(arg) on a free worker at once.  Returns 1 when fn returned
 * without sleeping, 0 when it sleeps (it finishes in a later
 * worker_run()), -EAGAIN when every worker is busy (nothing ran).
 * From the main loop only (-EDEADLK from a worker). */
int worker_start(void (*fn)(void *), void *arg);

/* Sleeps the calling worker on chan until worker_wakeup(chan) (0) or
 * the deadline (ns, 0: none) passes (-ETIMEDOUT).  -EDEADLK when called
 * from the main loop, which cannot sleep. */
int worker_sleep(const void *chan, uint64_t deadline);

/* Makes every worker sleeping on chan runnable (they run in the next
 * worker_run()). */
void worker_wakeup(const void *chan);

/* Resumes the workers that were woken or whose deadline passed, until
 * none is runnable.  From the main loop (nothing happens from a
 * worker). */
void worker_run(void);

/* The nearest deadline of a sleeping worker (0: none). */
uint64_t worker_next_deadline(void);

/* Whether the caller runs on a worker (false: the main loop). */
bool worker_in(void);

/* The number of the running worker (0 .. n-1), or -1 in the main loop. */
int worker_id(void);

/* Workers busy (running or sleeping). */
unsigned worker_busy(void);
