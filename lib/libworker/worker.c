/*
 * Cooperative workers (libworker/worker.h): the stack switch, the
 * channels, and the loop's resumption of woken workers.
 */
#include <libworker/worker.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>

#define STACK_MAGIC 0x5fa11ed5ac4b0a7dULL

/* The host tests run under AddressSanitizer, which must be told of each
 * switch of stacks; in XINIM these are nothing. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define SWITCH_START(save, bottom, size) __sanitizer_start_switch_fiber(save, bottom, size)
#define SWITCH_FINISH(save, bottom, size) __sanitizer_finish_switch_fiber(save, bottom, size)
#else
#define SWITCH_START(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define SWITCH_FINISH(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#endif

enum wk_state {
	WK_FREE,
	WK_RUNNING,
	WK_SLEEPING,
};

struct wk {
	enum wk_state wk_state;
	bool wk_woken;
	const void *wk_chan;
	uint64_t wk_deadline; /* 0: none */
	void *wk_sp;
	uint8_t *wk_stack;
	void (*wk_fn)(void *);
	void *wk_arg;
	void *wk_fake; /* AddressSanitizer's state of this stack */
};

static struct wk wks[WORKER_MAX];
static unsigned nwk;
static size_t stack_size;
static uint64_t (*wk_clock)(void);
static struct wk *cur;
static void *main_sp;
static void *main_fake;
static const void *main_bottom;
static size_t main_size;

/* Saves the callee-saved registers and the stack pointer in *save, and
 * loads them from next (System V x86_64). */
void wk_switch(void **save, void *next);
__asm__(".text\n"
        ".globl wk_switch\n"
        ".type wk_switch, @function\n"
        "wk_switch:\n"
        "\tpushq %rbp\n\tpushq %rbx\n\tpushq %r12\n\tpushq %r13\n\tpushq %r14\n\tpushq %r15\n"
        "\tmovq %rsp, (%rdi)\n"
        "\tmovq %rsi, %rsp\n"
        "\tpopq %r15\n\tpopq %r14\n\tpopq %r13\n\tpopq %r12\n\tpopq %rbx\n\tpopq %rbp\n"
        "\tret\n"
        ".size wk_switch, . - wk_switch\n");

static void wk_entry(void) __attribute__((noreturn));

int
worker_init(unsigned n, size_t stack, uint64_t (*clock)(void))
{
	if (n == 0 || n > WORKER_MAX || stack < 4096 || nwk != 0) {
		return -EINVAL;
	}
	stack &= ~(size_t)15;
	for (unsigned i = 0; i < n; i++) {
		wks[i].wk_stack = malloc(stack);
		if (wks[i].wk_stack == NULL) {
			return -ENOMEM;
		}
	}
	nwk = n;
	stack_size = stack;
	wk_clock = clock;
	return 0;
}

/* Lays w's stack out so that the first switch to it enters wk_entry()
 * as if called (rsp = 8 mod 16 at entry). */
static void
wk_prepare(struct wk *w)
{
	uint64_t *top = (uint64_t *)(((uintptr_t)w->wk_stack + stack_size) & ~(uintptr_t)15);

	*(uint64_t *)w->wk_stack = STACK_MAGIC;
	top[-1] = 0;                  /* wk_entry's return address */
	top[-2] = (uint64_t)wk_entry; /* popped by wk_switch's ret */
	w->wk_sp = top - 8;           /* six registers below that */
	memset(top - 8, 0, 6 * sizeof(uint64_t));
}

/* Back to the main loop (w stays as its state says). */
static void
wk_yield(struct wk *w)
{
	if (*(uint64_t *)w->wk_stack != STACK_MAGIC) {
		printf("worker %d overflowed its stack of %zu bytes\n", (int)(w - wks), stack_size);
		abort();
	}
	/* A worker that is done leaves its stack for good. */
	SWITCH_START(w->wk_state == WK_FREE ? NULL : &w->wk_fake, main_bottom, main_size);
	wk_switch(&w->wk_sp, main_sp);
	SWITCH_FINISH(w->wk_fake, &main_bottom, &main_size);
}

static void
wk_entry(void)
{
	struct wk *w = cur;

	SWITCH_FINISH(NULL, &main_bottom, &main_size);
	w->wk_fn(w->wk_arg);
	w->wk_state = WK_FREE;
	w->wk_chan = NULL;
	wk_yield(w);
	/* Switched to again only after wk_prepare(): never here. */
	abort();
}

/* Runs w until it returns or sleeps. */
static void
wk_resume(struct wk *w)
{
	cur = w;
	w->wk_state = WK_RUNNING;
	SWITCH_START(&main_fake, w->wk_stack, stack_size);
	wk_switch(&main_sp, w->wk_sp);
	SWITCH_FINISH(main_fake, NULL, NULL);
	cur = NULL;
}

int
worker_start(void (*fn)(void *), void *arg)
{
	if (cur != NULL) {
		return -EDEADLK;
	}
	for (unsigned i = 0; i < nwk; i++) {
		struct wk *w = &wks[i];

		if (w->wk_state == WK_FREE) {
			wk_prepare(w);
			w->wk_fn = fn;
			w->wk_arg = arg;
			w->wk_woken = false;
			w->wk_chan = NULL;
			w->wk_deadline = 0;
			wk_resume(w);
			return w->wk_state == WK_FREE ? 1 : 0;
		}
	}
	return -EAGAIN;
}

int
worker_sleep(const void *chan, uint64_t deadline)
{
	struct wk *w = cur;

	if (w == NULL) {
		return -EDEADLK;
	}
	w->wk_state = WK_SLEEPING;
	w->wk_chan = chan;
	w->wk_deadline = wk_clock != NULL ? deadline : 0;
	w->wk_woken = false;
	wk_yield(w);
	w->wk_chan = NULL;
	w->wk_deadline = 0;
	return w->wk_woken ? 0 : -ETIMEDOUT;
}

void
worker_wakeup(const void *chan)
{
	for (unsigned i = 0; i < nwk; i++) {
		struct wk *w = &wks[i];

		if (w->wk_state == WK_SLEEPING && w->wk_chan == chan) {
			w->wk_woken = true;
		}
	}
}

static bool
any_deadline(void)
{
	for (unsigned i = 0; i < nwk; i++) {
		if (wks[i].wk_state == WK_SLEEPING && wks[i].wk_deadline != 0) {
			return true;
		}
	}
	return false;
}

void
worker_run(void)
{
	bool progress = true;

	if (cur != NULL) {
		return;
	}
	while (progress) {
		uint64_t now = any_deadline() ? wk_clock() : 0;

		progress = false;
		for (unsigned i = 0; i < nwk; i++) {
			struct wk *w = &wks[i];

			if (w->wk_state == WK_SLEEPING &&
			    (w->wk_woken || (w->wk_deadline != 0 && now >= w->wk_deadline))) {
				wk_resume(w);
				progress = true;
			}
		}
	}
}

uint64_t
worker_next_deadline(void)
{
	uint64_t next = 0;

	for (unsigned i = 0; i < nwk; i++) {
		uint64_t d = wks[i].wk_deadline;

		if (wks[i].wk_state == WK_SLEEPING && d != 0 && (next == 0 || d < next)) {
			next = d;
		}
	}
	return next;
}

bool
worker_in(void)
{
	return cur != NULL;
}

int
worker_id(void)
{
	return cur != NULL ? (int)(cur - wks) : -1;
}

unsigned
worker_busy(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nwk; i++) {
		n += wks[i].wk_state != WK_FREE;
	}
	return n;
}
