/*
 * Workers: vfs serves each request on a user-level thread of its own, so
 * a request that waits (for a file system's answer, a device, a pipe, a
 * poll) waits where it is, on its own stack, while the others go on.
 * There is one kernel thread: workers switch only where they choose to
 * wait (vfs_sleep), never in between, so the tables still need no locks
 * (but whatever a handler looked up before a wait may have changed after
 * it: see vfs.h).
 *
 * vfs_worker_start() runs a new request at once on a free worker; if it
 * finishes without waiting, its reply goes back through libdriver (and
 * its reply-and-receive); otherwise the worker replies itself when it is
 * done.  With every worker busy, requests queue in arrival order.
 *
 * The workers themselves (stacks, switching, channels, deadlines) are
 * lib/libworker's; this file adds what vfs needs around them: the
 * request each one serves, its reply, the backlog, and cancellation.
 * Sleeping is on a channel, as in xv6: vfs_sleep(chan, deadline) and
 * vfs_wakeup(chan).  The main loop (vfs_worker_run, after every event)
 * resumes the workers that were woken or whose deadline passed, starts
 * queued requests, and arms libdriver's timer for the next deadline.
 *
 * Entry points: vfs_worker_start, vfs_worker_run, vfs_sleep, vfs_wakeup,
 * vfs_worker_cancel, vfs_worker_self, vfs_worker_timer.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <libworker/worker.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define WORKER_STACK (48 * 1024)
#define BACKLOG 128

/* What worker i (libworker's number) serves. */
struct worker {
	bool w_busy;
	bool w_cancelled; /* its client died: every wait answers -EINTR */
	bool w_intr;      /* in an interruptible sleep now */
	bool w_waited;    /* it slept at least once: it replies itself */
	struct message w_m, w_r;
	int w_answer;
};

static struct worker workers[VFS_NWORKER];
static struct worker *by_id[VFS_NWORKER]; /* libworker's number -> ours */
static struct message backlog[BACKLOG];
static unsigned bl_head, bl_len;
static uint64_t armed; /* the deadline the timer is set for, 0: none */
static bool inited;

/* The request of ep is over; a process that exited meanwhile is
 * forgotten now, with whatever its last request opened. */
static void
worker_release(endpoint_t ep)
{
	struct vproc *p = vfs_proc_release(ep);

	if (p != NULL) {
		p->p_dead = false;
		for (int fd = 0; fd < XOPEN_MAX; fd++) {
			vfs_close_fd(p, fd);
		}
		vfs_proc_free(p);
	}
}

/* Serves w's request on libworker's worker; replies itself when the
 * request had to wait. */
static void
worker_serve(void *arg)
{
	struct worker *w = arg;
	int v;

	by_id[worker_id()] = w;
	w->w_r = (struct message){ .m_type = VFS_REPLY };
	v = vfs_dispatch(&w->w_m, &w->w_r);
	if (v < 0) {
		w->w_r = (struct message){ .m_type = VFS_REPLY };
	}
	w->w_r.m_arg[0] = (uint64_t)(int64_t)v;
	w->w_answer = v;
	/* A request that never slept is answered by vfs_worker_start()'s
	 * caller (libdriver, with its reply-and-receive). */
	if (w->w_waited && !w->w_cancelled) {
		driver_reply_soon(w->w_m.m_source, &w->w_r);
	}
	worker_release(w->w_m.m_source);
	w->w_busy = false;
	by_id[worker_id()] = NULL;
}

/* A request context with nothing to do (as many as libworker has
 * workers, so worker_start() then always finds one). */
static struct worker *
worker_free(void)
{
	if (!inited) {
		if (worker_init(VFS_NWORKER, WORKER_STACK, clock_now_ns) != 0) {
			printf("vfs: no memory for %d workers\n", VFS_NWORKER);
			abort();
		}
		inited = true;
	}
	for (int i = 0; i < VFS_NWORKER; i++) {
		if (!workers[i].w_busy) {
			return &workers[i];
		}
	}
	return NULL;
}

/* Starts m on w; true when it finished at once (the answer in w). */
static bool
worker_begin(struct worker *w, const struct message *m, bool inline_reply)
{
	int r;

	w->w_m = *m;
	w->w_busy = true;
	w->w_cancelled = w->w_intr = false;
	w->w_waited = !inline_reply;
	vfs_proc_hold(m->m_source);
	r = worker_start(worker_serve, w);
	if (r < 0) {
		/* Cannot be: as many workers as entries here. */
		printf("vfs: no worker for a request (%d)\n", r);
		abort();
	}
	return r == 1;
}

int
vfs_worker_start(const struct message *m, struct message *r)
{
	struct worker *w = bl_len == 0 ? worker_free() : NULL;

	if (w == NULL) {
		if (bl_len == BACKLOG) {
			return -EAGAIN;
		}
		backlog[(bl_head + bl_len++) % BACKLOG] = *m;
		return DRIVER_NO_REPLY;
	}
	if (worker_begin(w, m, true)) {
		*r = w->w_r;
		return w->w_answer < 0 ? w->w_answer : 0;
	}
	w->w_waited = true;
	return DRIVER_NO_REPLY;
}

struct worker *
vfs_worker_self(void)
{
	int id = worker_id();

	return id >= 0 && id < VFS_NWORKER ? by_id[id] : NULL;
}

/* Sleeps on chan; with intr, a cancelled worker does not sleep and
 * answers -EINTR. */
static int
worker_wait(const void *chan, uint64_t deadline, bool intr)
{
	struct worker *w = vfs_worker_self();
	int r;

	if (w == NULL) {
		return -EDEADLK; /* the main loop cannot wait */
	}
	if (intr && w->w_cancelled) {
		return -EINTR;
	}
	w->w_waited = true;
	w->w_intr = intr;
	r = worker_sleep(chan, deadline);
	w->w_intr = false;
	if (intr && w->w_cancelled) {
		return -EINTR;
	}
	return r;
}

int
vfs_sleep(const void *chan, uint64_t deadline)
{
	return worker_wait(chan, deadline, true);
}

int
vfs_sleep_uninterruptible(const void *chan)
{
	return worker_wait(chan, 0, false);
}

void
vfs_wakeup(const void *chan)
{
	worker_wakeup(chan);
}

void
vfs_worker_cancel(endpoint_t ep)
{
	struct worker *self = vfs_worker_self();

	for (int i = 0; i < VFS_NWORKER; i++) {
		struct worker *w = &workers[i];

		if (w->w_busy && w->w_m.m_source == ep && w != self) {
			w->w_cancelled = true;
		}
	}
	for (int id = 0; id < VFS_NWORKER; id++) {
		if (by_id[id] != NULL && by_id[id]->w_cancelled && by_id[id]->w_intr) {
			worker_wake_id(id);
		}
	}
	for (unsigned i = 0; i < bl_len; i++) {
		struct message *m = &backlog[(bl_head + i) % BACKLOG];

		if (m->m_source == ep) {
			m->m_type = 0; /* dropped: nobody is waiting for it */
		}
	}
}

/* Arms libdriver's timer for the nearest deadline: a sleeper's or the
 * file-system watchdog's. */
static void
worker_arm(void)
{
	uint64_t next = vfs_fs_watch(worker_next_deadline()), now;

	/* The alarm costs a kernel call, and so does the clock: both only
	 * when the deadline moved. */
	if (next == armed) {
		return;
	}
	armed = next;
	now = next == 0 ? 0 : clock_now_ns();
	driver_timer(next == 0 ? 0 : next > now ? next - now : 1);
}

void
vfs_worker_run(void)
{
	bool progress = true;

	if (worker_in()) {
		return;
	}
	while (progress) {
		unsigned before = worker_busy();

		worker_run();
		progress = worker_busy() != before;
		while (bl_len > 0) {
			struct worker *w = worker_free();
			struct message m;

			if (w == NULL) {
				break;
			}
			m = backlog[bl_head];
			bl_head = (bl_head + 1) % BACKLOG;
			bl_len--;
			if (m.m_type != 0) {
				worker_begin(w, &m, false);
				progress = true;
			}
		}
	}
	worker_arm();
}

void
vfs_worker_timer(void)
{
	armed = 0;
	vfs_fs_tick();
	vfs_worker_run();
}
