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
 * Sleeping is on a channel, as in xv6: vfs_sleep(chan, deadline) and
 * vfs_wakeup(chan).  The main loop (vfs_worker_run, after every event)
 * resumes the workers that were woken or whose deadline passed, and arms
 * libdriver's timer for the next deadline.
 *
 * vfs_worker_spawn() runs a function of vfs's own on a worker (no
 * client, no reply): work that waits, such as fstab's mounts of disks.
 *
 * Entry points: vfs_worker_start, vfs_worker_spawn, vfs_worker_run,
 * vfs_sleep, vfs_wakeup, vfs_worker_cancel, vfs_worker_self,
 * vfs_worker_timer.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include "vfs.h"

#define WORKER_STACK (48 * 1024)
#define STACK_MAGIC 0x5fa11ed5ac4b0a7dULL
#define BACKLOG 128

enum worker_state {
	W_FREE,
	W_RUNNING,  /* switched to, or runnable */
	W_SLEEPING, /* on w_chan */
};

struct worker {
	enum worker_state w_state;
	bool w_woken;     /* a wakeup arrived (sleeping: make it runnable) */
	bool w_cancelled; /* its client died: every wait answers -EINTR */
	bool w_waited;    /* it slept at least once: it replies itself */
	const void *w_chan;
	uint64_t w_deadline; /* 0: none */
	void *w_sp;
	uint8_t *w_stack;
	struct message w_m, w_r;
	int w_answer;
	void (*w_fn)(void); /* vfs's own work (vfs_worker_spawn), or NULL */
};

/* Switches stacks: saves the callee-saved registers and the stack
 * pointer in *save, loads them from next (System V x86_64). */
void worker_switch(void **save, void *next);
__asm__(".text\n"
        ".globl worker_switch\n"
        ".type worker_switch, @function\n"
        "worker_switch:\n"
        "\tpushq %rbp\n\tpushq %rbx\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
        "\tmovq %rsp, (%rdi)\n"
        "\tmovq %rsi, %rsp\n"
        "\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
        "\tret\n"
        ".size worker_switch, . - worker_switch\n");

static uint8_t stacks[VFS_NWORKER][WORKER_STACK] __attribute__((aligned(16)));
static struct worker workers[VFS_NWORKER];
static struct worker *cur;
static void *main_sp;
static struct message backlog[BACKLOG];
static unsigned bl_head, bl_len;
static uint64_t armed; /* the deadline the timer is set for, 0: none */

static void worker_entry(void) __attribute__((noreturn));

/* Lays out w's stack so that the first switch to it enters
 * worker_entry() as if called (rsp = 8 mod 16 at entry). */
static void
worker_prepare(struct worker *w)
{
	uint64_t *top = (uint64_t *)(w->w_stack + WORKER_STACK);

	*(uint64_t *)w->w_stack = STACK_MAGIC;
	top[-1] = 0;                      /* worker_entry's return address */
	top[-2] = (uint64_t)worker_entry; /* popped by worker_switch's ret */
	w->w_sp = top - 8;                /* six registers below that */
	memset(top - 8, 0, 6 * sizeof(uint64_t));
}

/* Back to the main loop (w stays as its state says). */
static void
worker_yield(struct worker *w)
{
	if (*(uint64_t *)w->w_stack != STACK_MAGIC) {
		printf("vfs: worker %d overflowed its stack\n", (int)(w - workers));
		abort();
	}
	worker_switch(&w->w_sp, main_sp);
}

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

/* Serves w's request; replies itself when the request had to wait. */
static void
worker_entry(void)
{
	for (;;) {
		struct worker *w = cur;
		int v;

		if (w->w_fn != NULL) {
			w->w_fn();
			w->w_fn = NULL;
			w->w_state = W_FREE;
			w->w_chan = NULL;
			worker_yield(w);
			continue; /* not reached, as below */
		}
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
		w->w_state = W_FREE;
		w->w_chan = NULL;
		worker_yield(w);
		/* Switched to again only after worker_prepare(): not reached. */
	}
}

/* Runs w until it finishes or sleeps. */
static void
worker_resume(struct worker *w)
{
	cur = w;
	w->w_state = W_RUNNING;
	worker_switch(&main_sp, w->w_sp);
	cur = NULL;
}

static struct worker *
worker_free(void)
{
	for (int i = 0; i < VFS_NWORKER; i++) {
		if (workers[i].w_state == W_FREE) {
			return &workers[i];
		}
	}
	return NULL;
}

/* Starts m on w; true when it finished at once (the answer in w). */
static bool
worker_begin(struct worker *w, const struct message *m, bool inline_reply)
{
	w->w_stack = stacks[w - workers];
	worker_prepare(w);
	w->w_m = *m;
	w->w_fn = NULL;
	w->w_woken = w->w_cancelled = false;
	w->w_waited = !inline_reply;
	w->w_chan = NULL;
	w->w_deadline = 0;
	vfs_proc_hold(m->m_source);
	worker_resume(w);
	return w->w_state == W_FREE;
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

int
vfs_worker_spawn(void (*fn)(void))
{
	struct worker *w = worker_free();

	if (w == NULL) {
		return -EAGAIN;
	}
	w->w_stack = stacks[w - workers];
	worker_prepare(w);
	memset(&w->w_m, 0, sizeof(w->w_m));
	w->w_m.m_source = ENDPOINT_NONE; /* no client: nobody to answer or cancel */
	w->w_fn = fn;
	w->w_woken = w->w_cancelled = false;
	w->w_waited = true;
	w->w_chan = NULL;
	w->w_deadline = 0;
	worker_resume(w);
	return 0;
}

struct worker *
vfs_worker_self(void)
{
	return cur;
}

/* Sleeps on chan; with intr, a cancelled worker does not sleep and
 * answers -EINTR. */
static int
worker_sleep(const void *chan, uint64_t deadline, bool intr)
{
	struct worker *w = cur;

	if (w == NULL) {
		return -EDEADLK; /* the main loop cannot wait */
	}
	if (intr && w->w_cancelled) {
		return -EINTR;
	}
	w->w_state = W_SLEEPING;
	w->w_chan = chan;
	w->w_deadline = deadline;
	w->w_woken = false;
	w->w_waited = true;
	worker_yield(w);
	w->w_chan = NULL;
	w->w_deadline = 0;
	if (intr && w->w_cancelled) {
		return -EINTR;
	}
	return w->w_woken ? 0 : -ETIMEDOUT;
}

int
vfs_sleep(const void *chan, uint64_t deadline)
{
	return worker_sleep(chan, deadline, true);
}

int
vfs_sleep_uninterruptible(const void *chan)
{
	return worker_sleep(chan, 0, false);
}

void
vfs_wakeup(const void *chan)
{
	for (int i = 0; i < VFS_NWORKER; i++) {
		struct worker *w = &workers[i];

		if (w->w_state == W_SLEEPING && w->w_chan == chan && !w->w_woken) {
			w->w_woken = true;
		}
	}
}

void
vfs_worker_cancel(endpoint_t ep)
{
	for (int i = 0; i < VFS_NWORKER; i++) {
		struct worker *w = &workers[i];

		if (w->w_state != W_FREE && w->w_m.m_source == ep && w != cur) {
			w->w_cancelled = true;
			w->w_woken = true;
		}
	}
	for (unsigned i = 0; i < bl_len; i++) {
		struct message *m = &backlog[(bl_head + i) % BACKLOG];

		if (m->m_source == ep) {
			m->m_type = 0; /* dropped: nobody is waiting for it */
		}
	}
}

/* The nearest deadline of a sleeper (0: none), for the timer. */
static void
worker_arm(void)
{
	uint64_t next = 0, now;

	for (int i = 0; i < VFS_NWORKER; i++) {
		uint64_t d = workers[i].w_deadline;

		if (workers[i].w_state == W_SLEEPING && d != 0 && (next == 0 || d < next)) {
			next = d;
		}
	}
	next = vfs_blk_watch(vfs_fs_watch(next));
	/* The alarm costs a kernel call, and so does the clock: both only
	 * when the deadline moved. */
	if (next == armed) {
		return;
	}
	armed = next;
	now = next == 0 ? 0 : clock_now_ns();
	driver_timer(next == 0 ? 0 : next > now ? next - now : 1);
}

/* Whether some sleeper has a deadline (only then is the clock read). */
static bool
worker_deadlines(void)
{
	for (int i = 0; i < VFS_NWORKER; i++) {
		if (workers[i].w_state == W_SLEEPING && workers[i].w_deadline != 0) {
			return true;
		}
	}
	return false;
}

void
vfs_worker_run(void)
{
	bool progress = true;

	if (cur != NULL) {
		return;
	}
	while (progress) {
		uint64_t now = worker_deadlines() ? clock_now_ns() : 0;

		progress = false;
		for (int i = 0; i < VFS_NWORKER; i++) {
			struct worker *w = &workers[i];

			if (w->w_state == W_SLEEPING &&
			    (w->w_woken || (w->w_deadline != 0 && now >= w->w_deadline))) {
				worker_resume(w);
				progress = true;
			}
		}
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
	vfs_blk_tick();
	vfs_worker_run();
}
