/* unit-sources: lib/libring/ring.c */
/*
 * libring's single-producer single-consumer rings: attach checks, empty
 * and full, free-running indices wrapping past UINT32_MAX, batch commits,
 * the notification suppression protocol (a commit says "notify" only
 * when the peer set its wait flag, once per sleep; an idle call says
 * "do not sleep" when entries came meanwhile), peers that write
 * impossible indices (the view turns broken and yields nothing), and two
 * threads moving 10 million sequence numbers through a small ring,
 * sleeping on condition variables when the ring says so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <libring/ring.h>

#define N 8 /* entries of the small rings */

/* A ring's shared memory, aligned as a page would be. */
struct mem {
	_Alignas(64) uint8_t bytes[RING_BYTES(N, sizeof(uint32_t))];
};

/* Producer and consumer views of one zeroed ring of N uint32_t entries
 * whose indices both start at start. */
static void
setup(struct mem *m, struct ring_view *p, struct ring_view *c, uint32_t start)
{
	struct ring *r = (struct ring *)m->bytes;

	memset(m, 0, sizeof(*m));
	r->r_prod = start;
	r->r_cons = start;
	assert_int_equal(ring_attach(p, m->bytes, N, sizeof(uint32_t), true, false), 0);
	assert_int_equal(ring_attach(c, m->bytes, N, sizeof(uint32_t), false, false), 0);
}

static bool
put(struct ring_view *p, uint32_t val)
{
	uint32_t *e = ring_prod_next(p);

	if (e == NULL) {
		return false;
	}
	*e = val;
	return true;
}

static void
test_attach_checks(void **state)
{
	struct mem m;
	struct ring_view v;

	memset(&m, 0xab, sizeof(m));
	assert_int_equal(ring_attach(&v, m.bytes, 0, 4, true, true), -EINVAL);
	assert_int_equal(ring_attach(&v, m.bytes, 6, 4, true, true), -EINVAL);
	assert_int_equal(ring_attach(&v, m.bytes, N, 0, true, true), -EINVAL);
	assert_int_equal(ring_attach(&v, NULL, N, 4, true, true), -EINVAL);
	/* init zeroes the header; without it the indices are taken as they are. */
	assert_int_equal(ring_attach(&v, m.bytes, N, 4, true, true), 0);
	assert_int_equal(((struct ring *)m.bytes)->r_prod, 0);
	assert_int_equal(((struct ring *)m.bytes)->r_cons_wait, 0);
	assert_false(v.rv_broken);
	assert_int_equal(v.rv_mine, 0);
	assert_ptr_equal(v.rv_data, m.bytes + sizeof(struct ring));
}

static void
test_empty_and_full(void **state)
{
	struct mem m;
	struct ring_view p, c;

	setup(&m, &p, &c, 0);
	assert_null(ring_cons_next(&c));
	assert_int_equal(ring_count(&c), 0);
	assert_false(ring_cons_commit(&c));
	for (uint32_t i = 0; i < N; i++) {
		assert_true(put(&p, 100 + i));
	}
	assert_false(put(&p, 999));
	assert_int_equal(ring_count(&p), N);
	assert_false(ring_prod_commit(&p));
	assert_int_equal(ring_count(&c), N);
	assert_false(put(&p, 999)); /* still full: nothing was taken */
	for (uint32_t i = 0; i < N; i++) {
		uint32_t *e = ring_cons_next(&c);

		assert_non_null(e);
		assert_int_equal(*e, 100 + i);
	}
	assert_null(ring_cons_next(&c));
	/* Taken but not handed back: the producer still sees a full ring. */
	assert_false(put(&p, 999));
	ring_cons_commit(&c);
	assert_true(put(&p, 7));
	assert_false(p.rv_broken);
	assert_false(c.rv_broken);
}

/* Runs 5 * N entries through a ring whose indices start at start, in
 * batches of 1, 2, 3 ... entries; the values come out in order. */
static void
run_wrap(uint32_t start)
{
	struct mem m;
	struct ring_view p, c;
	uint32_t sent = 0, got = 0, batch = 1;

	setup(&m, &p, &c, start);
	while (got < 5 * N) {
		for (uint32_t i = 0; i < batch && put(&p, sent); i++) {
			sent++;
		}
		ring_prod_commit(&p);
		assert_int_equal(ring_count(&c), sent - got);
		for (uint32_t *e; (e = ring_cons_next(&c)) != NULL; got++) {
			assert_int_equal(*e, got);
		}
		ring_cons_commit(&c);
		batch = batch % N + 1;
	}
	assert_int_equal(((struct ring *)m.bytes)->r_prod, start + got);
	assert_int_equal(((struct ring *)m.bytes)->r_cons, start + got);
	assert_false(p.rv_broken);
	assert_false(c.rv_broken);
}

static void
test_wraparound(void **state)
{
	run_wrap(UINT32_MAX - 3);
	run_wrap(UINT32_MAX - N);
	run_wrap(UINT32_MAX);
	run_wrap(0x7ffffffe);
}

/* Full exactly across the wrap: prod - cons == N with prod < cons as
 * numbers is full, not broken. */
static void
test_full_across_wrap(void **state)
{
	struct mem m;
	struct ring_view p, c;

	setup(&m, &p, &c, UINT32_MAX - 2);
	for (uint32_t i = 0; i < N; i++) {
		assert_true(put(&p, i));
	}
	assert_false(put(&p, 99));
	ring_prod_commit(&p);
	assert_true(((struct ring *)m.bytes)->r_prod < ((struct ring *)m.bytes)->r_cons);
	assert_int_equal(ring_count(&c), N);
	for (uint32_t i = 0; i < N; i++) {
		uint32_t *e = ring_cons_next(&c);

		assert_non_null(e);
		assert_int_equal(*e, i);
	}
	assert_false(c.rv_broken);
}

static void
test_batch_commit(void **state)
{
	struct mem m;
	struct ring_view p, c;
	struct ring *r = (struct ring *)m.bytes;

	setup(&m, &p, &c, 10);
	for (uint32_t i = 0; i < 5; i++) {
		assert_true(put(&p, i));
	}
	/* Nothing is visible before the commit. */
	assert_int_equal(r->r_prod, 10);
	assert_null(ring_cons_next(&c));
	ring_prod_commit(&p);
	assert_int_equal(r->r_prod, 15);
	/* A second commit with nothing new changes nothing. */
	assert_false(ring_prod_commit(&p));
	assert_int_equal(r->r_prod, 15);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(*(uint32_t *)ring_cons_next(&c), i);
	}
	assert_int_equal(r->r_cons, 10);
	ring_cons_commit(&c);
	assert_int_equal(r->r_cons, 13);
	assert_int_equal(ring_count(&c), 2);
	assert_int_equal(ring_count(&p), 2);
}

static void
test_notify_consumer(void **state)
{
	struct mem m;
	struct ring_view p, c;
	struct ring *r = (struct ring *)m.bytes;

	setup(&m, &p, &c, 0);
	/* A consumer that never sleeps is never notified. */
	assert_true(put(&p, 1));
	assert_false(ring_prod_commit(&p));
	assert_non_null(ring_cons_next(&c));
	ring_cons_commit(&c);

	/* Empty: idle says sleep, with the flag up. */
	assert_true(ring_cons_idle(&c));
	assert_int_equal(r->r_cons_wait, 1);
	assert_true(put(&p, 2));
	assert_true(put(&p, 3));
	assert_true(ring_prod_commit(&p)); /* one notification for the batch */
	assert_int_equal(r->r_cons_wait, 0);
	assert_true(put(&p, 4));
	assert_false(ring_prod_commit(&p)); /* once per sleep */

	/* Entries arrived between the last take and idle: do not sleep. */
	assert_false(ring_cons_idle(&c));
	assert_int_equal(r->r_cons_wait, 0);
	assert_true(put(&p, 5));
	assert_false(ring_prod_commit(&p)); /* the consumer is awake */
	for (uint32_t want = 2; want <= 5; want++) {
		assert_int_equal(*(uint32_t *)ring_cons_next(&c), want);
	}
	ring_cons_commit(&c);

	/* Sleep again: the next commit notifies again. */
	assert_true(ring_cons_idle(&c));
	assert_true(put(&p, 6));
	assert_true(ring_prod_commit(&p));
}

static void
test_notify_producer(void **state)
{
	struct mem m;
	struct ring_view p, c;
	struct ring *r = (struct ring *)m.bytes;

	setup(&m, &p, &c, 0);
	for (uint32_t i = 0; i < N; i++) {
		assert_true(put(&p, i));
	}
	ring_prod_commit(&p);
	/* Space freed and handed back while the producer is busy: no
	 * notification. */
	assert_non_null(ring_cons_next(&c));
	assert_false(ring_cons_commit(&c));
	assert_true(put(&p, N));
	ring_prod_commit(&p);

	/* Full: the producer sleeps, and the first commit of space wakes it. */
	assert_true(ring_prod_idle(&p));
	assert_int_equal(r->r_prod_wait, 1);
	assert_non_null(ring_cons_next(&c));
	assert_true(ring_cons_commit(&c));
	assert_int_equal(r->r_prod_wait, 0);
	assert_non_null(ring_cons_next(&c));
	assert_false(ring_cons_commit(&c));

	/* Space is free: idle says go on and leaves the flag down. */
	assert_false(ring_prod_idle(&p));
	assert_int_equal(r->r_prod_wait, 0);
}

/* Asserts that v yields nothing more and says it is broken. */
static void
assert_dead(struct ring_view *v)
{
	if (v->rv_producer) {
		assert_null(ring_prod_next(v));
	} else {
		assert_null(ring_cons_next(v));
	}
	assert_true(v->rv_broken);
	assert_int_equal(ring_count(v), 0);
	/* Broken stays broken, whatever the peer writes afterwards. */
	((struct ring *)v->rv_ring)->r_prod = v->rv_mine;
	((struct ring *)v->rv_ring)->r_cons = v->rv_mine;
	if (v->rv_producer) {
		assert_null(ring_prod_next(v));
	} else {
		assert_null(ring_cons_next(v));
	}
}

static void
test_broken_producer(void **state)
{
	struct mem m;
	struct ring_view p, c;
	struct ring *r = (struct ring *)m.bytes;

	/* More than size ahead of the consumer, across the wrap. */
	setup(&m, &p, &c, UINT32_MAX - 1);
	r->r_prod = UINT32_MAX - 1 + N + 1;
	assert_int_equal(ring_count(&c), 0);
	assert_dead(&c);

	/* Exactly size ahead is a full ring, not a broken one. */
	setup(&m, &p, &c, UINT32_MAX - 1);
	r->r_prod = UINT32_MAX - 1 + N;
	assert_int_equal(ring_count(&c), N);
	assert_false(c.rv_broken);

	/* Behind what the consumer already took. */
	setup(&m, &p, &c, 5);
	put(&p, 1);
	put(&p, 2);
	ring_prod_commit(&p);
	assert_non_null(ring_cons_next(&c));
	assert_non_null(ring_cons_next(&c));
	r->r_prod = 6;
	assert_dead(&c);

	/* Size ahead of the consumer's last take but more than size ahead of
	 * what it handed back: the producer overwrote entries it did not own. */
	setup(&m, &p, &c, 0);
	put(&p, 1);
	put(&p, 2);
	ring_prod_commit(&p);
	assert_non_null(ring_cons_next(&c));
	assert_non_null(ring_cons_next(&c));
	r->r_prod = 2 + N;
	assert_dead(&c);

	/* The idle call of a broken consumer does not fail either. */
	setup(&m, &p, &c, 0);
	r->r_prod = N + 100;
	assert_true(ring_cons_idle(&c));
	assert_true(c.rv_broken);
}

static void
test_broken_consumer(void **state)
{
	struct mem m;
	struct ring_view p, c;
	struct ring *r = (struct ring *)m.bytes;

	/* Ahead of everything the producer has. */
	setup(&m, &p, &c, UINT32_MAX);
	r->r_cons = UINT32_MAX + 1u;
	assert_dead(&p);

	/* Ahead of what was published, though not of what was filled. */
	setup(&m, &p, &c, 0);
	put(&p, 1);
	ring_prod_commit(&p);
	put(&p, 2);
	put(&p, 3);
	r->r_cons = 2;
	assert_dead(&p);

	/* Far behind: more than size entries outstanding. */
	setup(&m, &p, &c, 1000);
	put(&p, 1);
	ring_prod_commit(&p);
	r->r_cons = 1000 - N;
	assert_dead(&p);
	assert_true(ring_prod_idle(&p));

	/* Catching up exactly is fine. */
	setup(&m, &p, &c, 1000);
	put(&p, 1);
	put(&p, 2);
	ring_prod_commit(&p);
	r->r_cons = 1002;
	assert_int_equal(ring_count(&p), 0);
	assert_false(p.rv_broken);
}

/*
 * The stress test.  A notification is a pending bit under a mutex, as a
 * kernel notification is: waking clears it, a second notify before the
 * wake is merged.  A wait that lasts STRESS_TIMEOUT_S means a lost
 * wake-up, and fails.
 */
#define STRESS_ENTRIES 10000000u
#define STRESS_SLOTS 256
#define STRESS_BATCH 32
#define STRESS_TIMEOUT_S 20

struct waiter {
	pthread_mutex_t w_lock;
	pthread_cond_t w_cond;
	bool w_pending;
	uint64_t w_notifies;
};

struct stress {
	struct ring_view s_prod, s_cons;
	struct waiter s_wake_cons, s_wake_prod;
	uint64_t s_received;
	uint64_t s_bad; /* entries out of sequence */
	bool s_timeout;
};

static struct {
	_Alignas(64) uint8_t bytes[RING_BYTES(STRESS_SLOTS, sizeof(uint64_t))];
} stress_mem;

static void
waiter_init(struct waiter *w)
{
	pthread_mutex_init(&w->w_lock, NULL);
	pthread_cond_init(&w->w_cond, NULL);
	w->w_pending = false;
	w->w_notifies = 0;
}

static void
waiter_notify(struct waiter *w)
{
	pthread_mutex_lock(&w->w_lock);
	w->w_pending = true;
	w->w_notifies++;
	pthread_cond_signal(&w->w_cond);
	pthread_mutex_unlock(&w->w_lock);
}

/* false after STRESS_TIMEOUT_S without a notification. */
static bool
waiter_wait(struct waiter *w)
{
	struct timespec until;
	bool ok = true;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += STRESS_TIMEOUT_S;
	pthread_mutex_lock(&w->w_lock);
	while (!w->w_pending && ok) {
		ok = pthread_cond_timedwait(&w->w_cond, &w->w_lock, &until) != ETIMEDOUT ||
		    w->w_pending;
	}
	w->w_pending = false;
	pthread_mutex_unlock(&w->w_lock);
	return ok;
}

static void *
stress_producer(void *arg)
{
	struct stress *s = arg;
	uint64_t seq = 0;

	while (seq < STRESS_ENTRIES && !__atomic_load_n(&s->s_timeout, __ATOMIC_RELAXED)) {
		uint32_t n = 0;
		uint64_t *e;

		while (n < STRESS_BATCH && seq < STRESS_ENTRIES &&
		    (e = ring_prod_next(&s->s_prod)) != NULL) {
			*e = seq++;
			n++;
		}
		if (n > 0) {
			if (ring_prod_commit(&s->s_prod)) {
				waiter_notify(&s->s_wake_cons);
			}
			continue;
		}
		if (ring_prod_idle(&s->s_prod) && !waiter_wait(&s->s_wake_prod)) {
			__atomic_store_n(&s->s_timeout, true, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static void *
stress_consumer(void *arg)
{
	struct stress *s = arg;
	uint64_t want = 0;

	while (want < STRESS_ENTRIES && !__atomic_load_n(&s->s_timeout, __ATOMIC_RELAXED)) {
		uint32_t n = 0;
		uint64_t *e;

		while (n < STRESS_BATCH && (e = ring_cons_next(&s->s_cons)) != NULL) {
			if (*e != want) {
				s->s_bad++;
			}
			want = *e + 1;
			n++;
		}
		s->s_received += n;
		if (n > 0) {
			if (ring_cons_commit(&s->s_cons)) {
				waiter_notify(&s->s_wake_prod);
			}
			continue;
		}
		if (ring_cons_idle(&s->s_cons) && !waiter_wait(&s->s_wake_cons)) {
			__atomic_store_n(&s->s_timeout, true, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static void
test_two_threads(void **state)
{
	static struct stress s;
	struct ring *r = (struct ring *)stress_mem.bytes;
	pthread_t tp, tc;
	uint64_t notifies;

	memset(&s, 0, sizeof(s));
	assert_int_equal(ring_attach(&s.s_prod, stress_mem.bytes, STRESS_SLOTS, sizeof(uint64_t),
	                     true, true),
	    0);
	/* Start near the wrap so the run crosses it many times over. */
	r->r_prod = r->r_cons = UINT32_MAX - 1000;
	assert_int_equal(ring_attach(&s.s_prod, stress_mem.bytes, STRESS_SLOTS, sizeof(uint64_t),
	                     true, false),
	    0);
	assert_int_equal(ring_attach(&s.s_cons, stress_mem.bytes, STRESS_SLOTS, sizeof(uint64_t),
	                     false, false),
	    0);
	waiter_init(&s.s_wake_cons);
	waiter_init(&s.s_wake_prod);
	assert_int_equal(pthread_create(&tc, NULL, stress_consumer, &s), 0);
	assert_int_equal(pthread_create(&tp, NULL, stress_producer, &s), 0);
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);
	notifies = s.s_wake_cons.w_notifies + s.s_wake_prod.w_notifies;
	printf("ring stress: %u entries, %lu notifications of the consumer, %lu of the "
	       "producer\n",
	    STRESS_ENTRIES, (unsigned long)s.s_wake_cons.w_notifies,
	    (unsigned long)s.s_wake_prod.w_notifies);
	assert_false(s.s_timeout);
	assert_false(s.s_prod.rv_broken);
	assert_false(s.s_cons.rv_broken);
	assert_int_equal(s.s_bad, 0);
	assert_int_equal(s.s_received, STRESS_ENTRIES);
	assert_int_equal(r->r_cons, (uint32_t)(UINT32_MAX - 1000 + STRESS_ENTRIES));
	/* Batching bounds them: at most one per commit of STRESS_BATCH. */
	assert_true(notifies < STRESS_ENTRIES / 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attach_checks),
		cmocka_unit_test(test_empty_and_full),
		cmocka_unit_test(test_wraparound),
		cmocka_unit_test(test_full_across_wrap),
		cmocka_unit_test(test_batch_commit),
		cmocka_unit_test(test_notify_consumer),
		cmocka_unit_test(test_notify_producer),
		cmocka_unit_test(test_broken_producer),
		cmocka_unit_test(test_broken_consumer),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
