/* unit-sources: kernel/ipc/endpoint.c kernel/ipc/may_send.c kernel/ipc/queue.c kernel/ipc/deadlock.c kernel/ipc/wait.c kernel/ipc/send.c kernel/ipc/receive.c kernel/ipc/reply.c kernel/ipc/reply_recv.c kernel/ipc/notify.c kernel/ipc/notify_kernel.c kernel/ipc/ipc_died.c kernel/ipc/alarm.c */
/*
 * The IPC state machine on a fake process table: endpoint checks, the
 * privilege check, hand-over to a waiting receiver, sender queues in FIFO
 * order, call and reply, receive order, notification coalescing, kernel
 * notifications, deadlock refusal, dead peers, alarm expiry, and
 * reply-and-receive (its checks, lost replies, what it receives).  The
 * transitions are driven directly (the *_locked functions, and the system
 * calls where they do not block); "blocking" is seen as IPC_BLOCKED and
 * waking as calls to the thread_wake() stub.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kern/ipc.h>
#include <kern/log.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <xinim/errno.h>
#include "../../kernel/ipc/ipc_impl.h"

struct proc proc_table[ENDPOINT_SLOTS];
struct spinlock proc_lock;
static struct thread threads[ENDPOINT_SLOTS];
static unsigned wakes[ENDPOINT_SLOTS];
static uint64_t fake_now;

void
thread_wake(struct thread *t)
{
	wakes[t - threads]++;
}

void
thread_block(void)
{
	fail_msg("a test call blocked");
}

void
thread_sleep_ns(uint64_t ns)
{
}

struct thread *
thread_create(const char *name, void (*fn)(void *), void *arg, int prio, int cpu)
{
	return &threads[0];
}

bool
proc_should_die(const struct proc *p)
{
	return p->p_kill_pending;
}

uint64_t
clock_monotonic_ns(void)
{
	return fake_now;
}

void
klog(enum log_level level, const char *fmt, ...)
{
}

void
panic(const char *fmt, ...)
{
	fail_msg("panic: %s", fmt);
	abort();
}

/* A live process in slot with generation gen, allowed to send anywhere. */
static struct proc *
mkproc(unsigned slot, unsigned gen)
{
	struct proc *p = &proc_table[slot];

	memset(p, 0, sizeof(*p));
	p->p_state = PROC_LIVE;
	p->p_endpoint = ENDPOINT_MAKE(slot, gen);
	p->p_thread = &threads[slot];
	p->p_ipc_peer = ENDPOINT_NONE;
	p->p_priv.pd_flags = PRIV_IPC_ANY;
	return p;
}

static struct message
msg(uint32_t type, uint64_t a0)
{
	struct message m = { .m_source = 12345, .m_type = type };

	for (int i = 0; i < MSG_ARGS; i++) {
		m.m_arg[i] = a0 + (uint64_t)i;
	}
	return m;
}

static int
setup(void **state)
{
	memset(proc_table, 0, sizeof(proc_table));
	memset(wakes, 0, sizeof(wakes));
	fake_now = 1000;
	return 0;
}

static void
test_endpoint_checks(void **state)
{
	struct proc *a = mkproc(1, 3), *b = mkproc(2, 7), *out = NULL;

	assert_ptr_equal(ipc_endpoint_proc(b->p_endpoint), b);
	assert_null(ipc_endpoint_proc(ENDPOINT_MAKE(2, 6)));
	assert_null(ipc_endpoint_proc(ENDPOINT_ANY));
	assert_null(ipc_endpoint_proc(ENDPOINT_MAKE(9, 0)));
	assert_int_equal(ipc_endpoint_check(a, ENDPOINT_MAKE(2, 8), &out), -EDEADSRCDST);
	assert_int_equal(ipc_endpoint_check(a, a->p_endpoint, &out), -EINVAL);
	assert_int_equal(ipc_endpoint_check(a, ENDPOINT_SELF, &out), -EINVAL);
	assert_int_equal(ipc_endpoint_check(a, ENDPOINT_NONE, &out), -EDEADSRCDST);
	assert_int_equal(ipc_endpoint_check(a, b->p_endpoint, &out), 0);
	assert_ptr_equal(out, b);
	b->p_state = PROC_ZOMBIE;
	assert_int_equal(ipc_endpoint_check(a, b->p_endpoint, &out), -EDEADSRCDST);
	/* Through the system calls, errors change nothing. */
	struct message m = msg(1, 0);
	assert_int_equal(ipc_send(a, ENDPOINT_MAKE(2, 7), &m), -EDEADSRCDST);
	assert_int_equal(ipc_call(a, -77, &m), -EDEADSRCDST);
	assert_int_equal(ipc_send(a, a->p_endpoint, &m), -EINVAL);
	assert_int_equal(ipc_receive(a, ENDPOINT_MAKE(2, 7)), -EDEADSRCDST);
	assert_int_equal(a->p_ipc_block, IPC_NONE);
}

static void
test_may_send(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(2, 0), *c = mkproc(3, 0);
	struct message m = msg(1, 0);

	a->p_priv.pd_flags = 0;
	a->p_priv.pd_ipc_count = 1;
	a->p_priv.pd_ipc[0] = c->p_endpoint;
	assert_false(ipc_may_send(a, b));
	assert_true(ipc_may_send(a, c));
	a->p_priv.pd_ipc_count = 1000; /* garbage count: clamped, no overrun */
	assert_false(ipc_may_send(a, b));
	assert_int_equal(ipc_send(a, b->p_endpoint, &m), -ECALLDENIED);
	assert_int_equal(ipc_notify(a, b->p_endpoint), -ECALLDENIED);
	/* A reply needs no right, only a waiting caller. */
	assert_int_equal(ipc_reply(a, b->p_endpoint, &m), -ENOTREADY);
	assert_int_equal(b->p_notify_pending[0], 0);
}

static void
test_send_to_waiting_receiver(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(2, 0);
	struct message m = msg(42, 100);

	assert_int_equal(ipc_receive_locked(b, ENDPOINT_ANY), IPC_BLOCKED);
	assert_int_equal(ipc_send(a, b->p_endpoint, &m), 0);
	assert_int_equal(b->p_ipc_block, IPC_NONE);
	assert_int_equal(b->p_ipc_result, 0);
	assert_int_equal(wakes[2], 1);
	assert_int_equal(b->p_ipc_msg.m_source, a->p_endpoint);
	assert_int_equal(b->p_ipc_msg.m_type, 42);
	assert_int_equal(b->p_ipc_msg.m_arg[6], 106);
	assert_int_equal(a->p_ipc_block, IPC_NONE);
}

static void
test_queue_fifo_and_specific(void **state)
{
	struct proc *srv = mkproc(5, 0), *s[3];
	struct message m;

	for (int i = 0; i < 3; i++) {
		s[i] = mkproc(10 + i, 1);
		m = msg(1, (uint64_t)i * 10);
		assert_int_equal(ipc_send_locked(s[i], srv, &m, false), IPC_BLOCKED);
		assert_int_equal(s[i]->p_ipc_block, IPC_SENDING);
	}
	/* A receive from s[2] takes its message, leaving the order of others. */
	assert_int_equal(ipc_receive_locked(srv, s[2]->p_endpoint), 0);
	assert_int_equal(srv->p_ipc_msg.m_source, s[2]->p_endpoint);
	assert_int_equal(srv->p_ipc_msg.m_arg[0], 20);
	assert_int_equal(wakes[12], 1);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ipc_receive(srv, ENDPOINT_ANY), 0);
		assert_int_equal(srv->p_ipc_msg.m_source, s[i]->p_endpoint);
		assert_int_equal(s[i]->p_ipc_block, IPC_NONE);
		assert_int_equal(s[i]->p_ipc_result, 0);
	}
	assert_null(srv->p_ipc_q_head);
	assert_int_equal(ipc_receive_locked(srv, s[0]->p_endpoint), IPC_BLOCKED);
	assert_int_equal(srv->p_ipc_peer, s[0]->p_endpoint);
	/* While it waits for s[0], a message from s[1] queues. */
	m = msg(2, 0);
	assert_int_equal(ipc_send_locked(s[1], srv, &m, false), IPC_BLOCKED);
	assert_int_equal(ipc_send_locked(s[0], srv, &m, false), 0);
	assert_int_equal(srv->p_ipc_block, IPC_NONE);
}

static void
test_call_reply(void **state)
{
	struct proc *c = mkproc(1, 0), *srv = mkproc(2, 0), *other = mkproc(3, 0);
	struct message m = msg(7, 70), r = msg(8, 80);

	/* The callee waits: the message moves, the caller waits for the reply. */
	assert_int_equal(ipc_receive_locked(srv, ENDPOINT_ANY), IPC_BLOCKED);
	assert_int_equal(ipc_send_locked(c, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(srv->p_ipc_msg.m_type, 7);
	assert_int_equal(c->p_ipc_block, IPC_RECEIVING);
	assert_true(c->p_ipc_in_call);
	/* Nothing but the callee's reply ends the wait. */
	ipc_notify_locked(other, c);
	ipc_kernel_notify_locked(c, NOTIFY_ALARM, 0);
	assert_int_equal(ipc_send_locked(other, c, &m, false), IPC_BLOCKED);
	assert_int_equal(c->p_ipc_block, IPC_RECEIVING);
	assert_int_equal(ipc_reply(other, c->p_endpoint, &r), -ENOTREADY);
	assert_int_equal(wakes[1], 0);
	assert_int_equal(ipc_reply(srv, c->p_endpoint, &r), 0);
	assert_int_equal(c->p_ipc_block, IPC_NONE);
	assert_int_equal(c->p_ipc_msg.m_source, srv->p_endpoint);
	assert_int_equal(c->p_ipc_msg.m_arg[0], 80);
	assert_int_equal(wakes[1], 1);
	/* One reply per call. */
	assert_int_equal(ipc_reply(srv, c->p_endpoint, &r), -ENOTREADY);
	/* What came meanwhile is there for the next receive, in order. */
	assert_int_equal(ipc_receive(c, ENDPOINT_ANY), 0);
	assert_int_equal(c->p_ipc_msg.m_source, ENDPOINT_KERNEL);
	assert_int_equal(ipc_receive(c, ENDPOINT_ANY), 0);
	assert_int_equal(c->p_ipc_msg.m_source, other->p_endpoint);
	assert_int_equal(c->p_ipc_msg.m_type, MSG_NOTIFY);
	assert_int_equal(ipc_receive(c, ENDPOINT_ANY), 0);
	assert_int_equal(c->p_ipc_msg.m_type, 7);
}

static void
test_call_queued(void **state)
{
	struct proc *c = mkproc(1, 0), *srv = mkproc(2, 0);
	struct message m = msg(7, 70), r = msg(8, 80);

	assert_int_equal(ipc_send_locked(c, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(c->p_ipc_block, IPC_SENDING);
	assert_int_equal(ipc_reply(srv, c->p_endpoint, &r), -ENOTREADY);
	assert_int_equal(ipc_receive(srv, ENDPOINT_ANY), 0);
	/* Taken, but not woken: it now waits for the reply. */
	assert_int_equal(wakes[1], 0);
	assert_int_equal(c->p_ipc_block, IPC_RECEIVING);
	assert_true(c->p_ipc_in_call);
	assert_int_equal(c->p_ipc_peer, srv->p_endpoint);
	assert_int_equal(ipc_reply(srv, c->p_endpoint, &r), 0);
	assert_int_equal(wakes[1], 1);
	assert_int_equal(c->p_ipc_result, 0);
}

static void
test_notify_coalesces(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(70, 2), *d = mkproc(3, 0);

	for (int i = 0; i < 10; i++) {
		assert_int_equal(ipc_notify(b, d->p_endpoint), 0);
	}
	assert_int_equal(ipc_notify(a, d->p_endpoint), 0);
	/* Lowest slot first, one message per source. */
	assert_int_equal(ipc_receive(d, ENDPOINT_ANY), 0);
	assert_int_equal(d->p_ipc_msg.m_source, a->p_endpoint);
	assert_int_equal(ipc_receive(d, ENDPOINT_ANY), 0);
	assert_int_equal(d->p_ipc_msg.m_source, b->p_endpoint);
	assert_int_equal(d->p_ipc_msg.m_type, MSG_NOTIFY);
	assert_int_equal(ipc_receive_locked(d, ENDPOINT_ANY), IPC_BLOCKED);
	/* A later one reaches the waiting receiver directly. */
	assert_int_equal(ipc_notify(b, d->p_endpoint), 0);
	assert_int_equal(d->p_ipc_block, IPC_NONE);
	assert_int_equal(d->p_ipc_msg.m_source, b->p_endpoint);
	assert_int_equal(wakes[3], 1);
	/* A receive from a given source takes only its notification. */
	assert_int_equal(ipc_notify(a, d->p_endpoint), 0);
	assert_int_equal(ipc_receive_locked(d, b->p_endpoint), IPC_BLOCKED);
	d->p_ipc_block = IPC_NONE;
	assert_int_equal(ipc_receive(d, a->p_endpoint), 0);
	assert_int_equal(d->p_ipc_msg.m_source, a->p_endpoint);
}

static void
test_kernel_notifications(void **state)
{
	struct proc *a = mkproc(1, 0), *d = mkproc(2, 0);
	struct message m = msg(5, 0);

	assert_int_equal(ipc_send_locked(a, d, &m, false), IPC_BLOCKED);
	ipc_notify_locked(a, d);
	ipc_kernel_notify(d, NOTIFY_EXIT);
	ipc_irq_notify(d, 5);
	ipc_irq_notify(d, 63);
	ipc_irq_notify(d, 64); /* no such hook: ignored */
	/* Kernel first, with every bit, then processes, then senders. */
	assert_int_equal(ipc_receive(d, ENDPOINT_ANY), 0);
	assert_int_equal(d->p_ipc_msg.m_source, ENDPOINT_KERNEL);
	assert_int_equal(d->p_ipc_msg.m_type, MSG_NOTIFY);
	assert_int_equal(d->p_ipc_msg.m_arg[0], NOTIFY_EXIT | NOTIFY_IRQ);
	assert_int_equal(d->p_ipc_msg.m_arg[1], (1ULL << 5) | (1ULL << 63));
	assert_int_equal(d->p_kernel_pending, 0);
	assert_int_equal(d->p_irq_pending, 0);
	assert_int_equal(ipc_receive(d, ENDPOINT_ANY), 0);
	assert_int_equal(d->p_ipc_msg.m_source, a->p_endpoint);
	assert_int_equal(d->p_ipc_msg.m_type, MSG_NOTIFY);
	assert_int_equal(ipc_receive(d, ENDPOINT_ANY), 0);
	assert_int_equal(d->p_ipc_msg.m_type, 5);
	/* Waiting for one process, kernel bits stay pending ... */
	assert_int_equal(ipc_receive_locked(d, a->p_endpoint), IPC_BLOCKED);
	ipc_kernel_notify(d, NOTIFY_ALARM);
	assert_int_equal(d->p_ipc_block, IPC_RECEIVING);
	d->p_ipc_block = IPC_NONE;
	/* ... and come at once to one waiting for the kernel. */
	assert_int_equal(ipc_receive_locked(d, ENDPOINT_KERNEL), 0);
	assert_int_equal(d->p_ipc_msg.m_arg[0], NOTIFY_ALARM);
	assert_int_equal(ipc_receive_locked(d, ENDPOINT_KERNEL), IPC_BLOCKED);
	ipc_irq_notify(d, 0);
	assert_int_equal(d->p_ipc_block, IPC_NONE);
	assert_int_equal(d->p_ipc_msg.m_arg[1], 1);
	/* A dead process is not told anything. */
	d->p_state = PROC_ZOMBIE;
	ipc_kernel_notify(d, NOTIFY_ALARM);
	assert_int_equal(d->p_kernel_pending, 0);
}

static void
test_deadlock(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(2, 0), *c = mkproc(3, 0), *e = mkproc(4, 0);
	struct message m = msg(1, 0);

	/* Two processes that send to each other: the second is refused. */
	assert_int_equal(ipc_send_locked(a, b, &m, false), IPC_BLOCKED);
	assert_int_equal(ipc_send(b, a->p_endpoint, &m), -EDEADLK);
	assert_int_equal(ipc_call(b, a->p_endpoint, &m), -EDEADLK);
	assert_int_equal(b->p_ipc_block, IPC_NONE);
	/* A cycle of three through a call waiting for its reply. */
	assert_int_equal(ipc_send_locked(b, c, &m, true), IPC_BLOCKED);
	assert_int_equal(ipc_receive_locked(c, ENDPOINT_ANY), 0);
	assert_int_equal(b->p_ipc_block, IPC_RECEIVING);
	assert_int_equal(ipc_send(c, a->p_endpoint, &m), -EDEADLK);
	/* ... and through a receive from one process. */
	assert_int_equal(ipc_receive_locked(e, a->p_endpoint), IPC_BLOCKED);
	assert_true(ipc_deadlock(a, e));
	/* Blocking behind a chain that ends in a running process is no cycle. */
	assert_false(ipc_deadlock(mkproc(9, 0), e));
	assert_int_equal(ipc_send_locked(&proc_table[9], a, &m, false), IPC_BLOCKED);
}

static void
test_dead_peer(void **state)
{
	struct proc *srv = mkproc(2, 0), *s1 = mkproc(3, 0), *c1 = mkproc(4, 0), *c2 = mkproc(5, 0);
	struct proc *r1 = mkproc(6, 0), *r2 = mkproc(7, 0), *other = mkproc(8, 0);
	struct message m = msg(1, 0);

	assert_int_equal(ipc_send_locked(s1, srv, &m, false), IPC_BLOCKED);
	assert_int_equal(ipc_send_locked(c1, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(ipc_send_locked(c2, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(ipc_receive_locked(srv, c2->p_endpoint), 0);
	assert_int_equal(ipc_receive_locked(r1, srv->p_endpoint), IPC_BLOCKED);
	assert_int_equal(ipc_receive_locked(r2, ENDPOINT_ANY), IPC_BLOCKED);
	/* The server itself is blocked sending elsewhere, with notifications out. */
	ipc_notify_locked(srv, other);
	assert_int_equal(ipc_send_locked(srv, other, &m, false), IPC_BLOCKED);
	ipc_alarm_set(srv, 500);
	srv->p_state = PROC_ZOMBIE;
	ipc_proc_died(srv);
	for (int i = 3; i <= 6; i++) {
		assert_int_equal(proc_table[i].p_ipc_block, IPC_NONE);
		assert_int_equal(proc_table[i].p_ipc_result, -EDEADSRCDST);
		assert_int_equal(wakes[i], 1);
	}
	assert_int_equal(r2->p_ipc_block, IPC_RECEIVING);
	assert_null(other->p_ipc_q_head);
	assert_int_equal(other->p_notify_pending[0], 0);
	assert_null(srv->p_ipc_q_head);
	assert_int_equal(srv->p_alarm_ns, 0);
	/* Its own blocked thread is let go too. */
	assert_int_equal(srv->p_ipc_block, IPC_NONE);
	assert_int_equal(wakes[2], 1);
	/* The slot comes back with a new generation: the old endpoint fails. */
	mkproc(2, 1);
	assert_int_equal(ipc_send(s1, ENDPOINT_MAKE(2, 0), &m), -EDEADSRCDST);
	assert_int_equal(ipc_notify(s1, ENDPOINT_MAKE(2, 0)), -EDEADSRCDST);
}

static void
test_alarm(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(900, 0);

	fake_now = 1000;
	ipc_alarm_set(a, 500);
	ipc_alarm_set(b, 200);
	assert_int_equal(ipc_alarm_expire_locked(1199), 1200);
	assert_int_equal(b->p_kernel_pending, 0);
	assert_int_equal(ipc_alarm_expire_locked(1200), 1500);
	assert_int_equal(b->p_kernel_pending, NOTIFY_ALARM);
	assert_int_equal(b->p_alarm_ns, 0);
	/* Re-arming replaces; 0 cancels. */
	ipc_alarm_set(a, 100);
	assert_int_equal(ipc_alarm_expire_locked(1050), 1100);
	ipc_alarm_set(a, 0);
	assert_int_equal(ipc_alarm_expire_locked(5000), 0);
	assert_int_equal(a->p_kernel_pending, 0);
	/* Delivered to a waiting receiver; no overflow at the end of time. */
	assert_int_equal(ipc_receive_locked(a, ENDPOINT_ANY), IPC_BLOCKED);
	ipc_alarm_set(a, UINT64_MAX);
	assert_int_equal(a->p_alarm_ns, UINT64_MAX);
	ipc_alarm_set(a, 1);
	assert_int_equal(ipc_alarm_expire_locked(1001), 0);
	assert_int_equal(a->p_ipc_block, IPC_NONE);
	assert_int_equal(a->p_ipc_msg.m_arg[0], NOTIFY_ALARM);
}

/* A call from c that srv has taken: c waits for srv's reply. */
static void
taken_call(struct proc *c, struct proc *srv, uint64_t a0)
{
	struct message m = msg(7, a0);

	assert_int_equal(ipc_send_locked(c, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(ipc_receive_locked(srv, c->p_endpoint), 0);
	assert_true(c->p_ipc_in_call);
}

static void
test_reply_recv(void **state)
{
	struct proc *c1 = mkproc(1, 0), *c2 = mkproc(2, 0), *srv = mkproc(3, 0);
	struct message r = msg(8, 80), m = msg(7, 200);
	int64_t rr = 99;

	/* The reply goes out and the queued call comes in, in one step. */
	taken_call(c1, srv, 100);
	assert_int_equal(ipc_send_locked(c2, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(ipc_reply_recv_locked(srv, c1->p_endpoint, &r, ENDPOINT_ANY, &rr), 0);
	assert_int_equal(rr, 0);
	assert_int_equal(c1->p_ipc_block, IPC_NONE);
	assert_int_equal(c1->p_ipc_msg.m_source, srv->p_endpoint);
	assert_int_equal(c1->p_ipc_msg.m_arg[6], 86);
	assert_int_equal(wakes[1], 1);
	assert_int_equal(srv->p_ipc_msg.m_source, c2->p_endpoint);
	assert_int_equal(srv->p_ipc_msg.m_arg[0], 200);
	assert_true(c2->p_ipc_in_call);
	/* Nothing waiting: the server blocks receiving, not in a call. */
	assert_int_equal(ipc_reply_recv_locked(srv, c2->p_endpoint, &r, ENDPOINT_ANY, &rr),
	    IPC_BLOCKED);
	assert_int_equal(rr, 0);
	assert_int_equal(c2->p_ipc_block, IPC_NONE);
	assert_int_equal(srv->p_ipc_block, IPC_RECEIVING);
	assert_int_equal(srv->p_ipc_peer, ENDPOINT_ANY);
	assert_false(srv->p_ipc_in_call);
	assert_true(ipc_accepts(srv, c1->p_endpoint));
	/* ...so the next call is handed over at once. */
	assert_int_equal(ipc_send_locked(c1, srv, &m, true), IPC_BLOCKED);
	assert_int_equal(srv->p_ipc_block, IPC_NONE);
	assert_int_equal(c1->p_ipc_block, IPC_RECEIVING);
}

static void
test_reply_recv_lost(void **state)
{
	struct proc *c = mkproc(1, 0), *s = mkproc(2, 0), *srv = mkproc(3, 0);
	struct message r = msg(8, 80), m = msg(9, 90);
	endpoint_t gone = c->p_endpoint;
	int64_t rr = 99;

	/* A caller that died: reported, and the receive goes on. */
	c->p_state = PROC_ZOMBIE;
	assert_int_equal(ipc_send_locked(s, srv, &m, false), IPC_BLOCKED);
	assert_int_equal(ipc_reply_recv_locked(srv, gone, &r, ENDPOINT_ANY, &rr), 0);
	assert_int_equal(rr, -EDEADSRCDST);
	assert_int_equal(srv->p_ipc_msg.m_type, 9);
	assert_int_equal(s->p_ipc_block, IPC_NONE);
	/* A live process not waiting for our reply: the same. */
	ipc_notify_locked(s, srv);
	assert_int_equal(ipc_reply_recv_locked(srv, s->p_endpoint, &r, ENDPOINT_ANY, &rr), 0);
	assert_int_equal(rr, -ENOTREADY);
	assert_int_equal(srv->p_ipc_msg.m_type, MSG_NOTIFY);
	assert_int_equal(srv->p_ipc_msg.m_source, s->p_endpoint);
	assert_int_equal(wakes[2], 1);
	/* No reply at all: a plain receive. */
	ipc_kernel_notify_locked(srv, NOTIFY_ALARM, 0);
	assert_int_equal(ipc_reply_recv_locked(srv, ENDPOINT_NONE, &r, ENDPOINT_KERNEL, &rr), 0);
	assert_int_equal(rr, 0);
	assert_int_equal(srv->p_ipc_msg.m_source, ENDPOINT_KERNEL);
	assert_int_equal(srv->p_ipc_msg.m_arg[0], NOTIFY_ALARM);
}

static void
test_reply_recv_refused(void **state)
{
	struct proc *c = mkproc(1, 0), *n = mkproc(2, 0), *srv = mkproc(3, 0);
	struct message r = msg(8, 80);
	const endpoint_t bad_to[] = { ENDPOINT_ANY, ENDPOINT_SELF, ENDPOINT_KERNEL, -100,
		srv->p_endpoint };
	const endpoint_t bad_src[] = { ENDPOINT_NONE, ENDPOINT_SELF, -100, srv->p_endpoint,
		ENDPOINT_MAKE(9, 1) };
	const int64_t bad_src_err[] = { -EDEADSRCDST, -EINVAL, -EDEADSRCDST, -EINVAL,
		-EDEADSRCDST };
	int64_t rr;

	taken_call(c, srv, 100);
	ipc_notify_locked(n, srv);
	for (unsigned i = 0; i < sizeof(bad_to) / sizeof(bad_to[0]); i++) {
		rr = 99;
		assert_int_equal(ipc_reply_recv_locked(srv, bad_to[i], &r, ENDPOINT_ANY, &rr),
		    -EINVAL);
		assert_int_equal(rr, -EINVAL);
	}
	for (unsigned i = 0; i < sizeof(bad_src) / sizeof(bad_src[0]); i++) {
		rr = 99;
		assert_int_equal(ipc_reply_recv_locked(srv, c->p_endpoint, &r, bad_src[i], &rr),
		    bad_src_err[i]);
		assert_int_equal(rr, bad_src_err[i]);
	}
	/* Nothing was done: the caller still waits, the notification is
	 * still pending, the server is not receiving. */
	assert_int_equal(c->p_ipc_block, IPC_RECEIVING);
	assert_int_equal(wakes[1], 0);
	assert_int_equal(srv->p_ipc_block, IPC_NONE);
	assert_false(ipc_nothing_pending(srv));
	assert_int_equal(ipc_reply_recv(srv, c->p_endpoint, &r, n->p_endpoint, &rr), 0);
	assert_int_equal(rr, 0);
	assert_int_equal(srv->p_ipc_msg.m_source, n->p_endpoint);
	assert_int_equal(c->p_ipc_msg.m_arg[0], 80);
}

static void
test_nothing_pending(void **state)
{
	struct proc *a = mkproc(1, 0), *b = mkproc(700, 0), *d = mkproc(3, 0);
	struct message m = msg(1, 0);

	assert_true(ipc_nothing_pending(d));
	ipc_notify_locked(b, d);
	assert_false(ipc_nothing_pending(d));
	assert_int_equal(ipc_receive_locked(d, ENDPOINT_ANY), 0);
	assert_true(ipc_nothing_pending(d));
	ipc_kernel_notify_locked(d, 0, 1);
	assert_false(ipc_nothing_pending(d));
	assert_int_equal(ipc_receive_locked(d, ENDPOINT_KERNEL), 0);
	assert_true(ipc_nothing_pending(d));
	assert_int_equal(ipc_send_locked(a, d, &m, false), IPC_BLOCKED);
	assert_false(ipc_nothing_pending(d));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_endpoint_checks, setup),
		cmocka_unit_test_setup(test_may_send, setup),
		cmocka_unit_test_setup(test_send_to_waiting_receiver, setup),
		cmocka_unit_test_setup(test_queue_fifo_and_specific, setup),
		cmocka_unit_test_setup(test_call_reply, setup),
		cmocka_unit_test_setup(test_call_queued, setup),
		cmocka_unit_test_setup(test_notify_coalesces, setup),
		cmocka_unit_test_setup(test_kernel_notifications, setup),
		cmocka_unit_test_setup(test_deadlock, setup),
		cmocka_unit_test_setup(test_dead_peer, setup),
		cmocka_unit_test_setup(test_alarm, setup),
		cmocka_unit_test_setup(test_reply_recv, setup),
		cmocka_unit_test_setup(test_reply_recv_lost, setup),
		cmocka_unit_test_setup(test_reply_recv_refused, setup),
		cmocka_unit_test_setup(test_nothing_pending, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
