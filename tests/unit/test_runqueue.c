/* unit-sources: kernel/sched/runqueue.c */
/*
 * The scheduler's run queue and sleep queue: priority order, round-robin
 * within a level, the bitmap, removal from any position, preemption
 * decisions, and wake-time ordering of sleepers.  Ends with a randomised
 * run against a simple reference model.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <kern/runqueue.h>

#define NT 64

static struct thread threads[NT];
static struct runqueue rq;

static int
setup(void **state)
{
	memset(threads, 0, sizeof(threads));
	for (int i = 0; i < NT; i++) {
		threads[i].t_id = (uint64_t)i;
		threads[i].t_priority = THREAD_PRIO_DEFAULT;
	}
	rq_init(&rq);
	return 0;
}

static void
test_empty(void **state)
{
	assert_int_equal(rq_best_priority(&rq), -1);
	assert_null(rq_pick(&rq));
	assert_false(rq_should_preempt(&rq, THREAD_PRIO_IDLE, true));
	assert_int_equal(rq.rq_bitmap, 0);
	assert_int_equal(sleepq_next_wake(&rq), UINT64_MAX);
	assert_null(sleepq_pop_expired(&rq, UINT64_MAX));
}

static void
test_priority_order(void **state)
{
	static const int prios[] = { 20, 3, 31, 0, 17, 3 };

	for (int i = 0; i < 6; i++) {
		threads[i].t_priority = prios[i];
		rq_enqueue(&rq, &threads[i]);
	}
	assert_int_equal(rq.rq_runnable, 6);
	assert_int_equal(rq.rq_bitmap,
	    (1u << 20) | (1u << 3) | (1u << 31) | (1u << 0) | (1u << 17));
	assert_ptr_equal(rq_pick(&rq), &threads[3]); /* prio 0 */
	assert_ptr_equal(rq_pick(&rq), &threads[1]); /* prio 3, first */
	assert_ptr_equal(rq_pick(&rq), &threads[5]); /* prio 3, second */
	assert_int_equal(rq_best_priority(&rq), 17);
	assert_ptr_equal(rq_pick(&rq), &threads[4]);
	assert_ptr_equal(rq_pick(&rq), &threads[0]);
	assert_ptr_equal(rq_pick(&rq), &threads[2]); /* prio 31 */
	assert_null(rq_pick(&rq));
	assert_int_equal(rq.rq_bitmap, 0);
	assert_int_equal(rq.rq_runnable, 0);
}

static void
test_round_robin(void **state)
{
	/* Picking and re-appending cycles through a level in order. */
	for (int i = 0; i < 4; i++) {
		rq_enqueue(&rq, &threads[i]);
	}
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++) {
			struct thread *t = rq_pick(&rq);

			assert_ptr_equal(t, &threads[i]);
			rq_enqueue(&rq, t);
		}
	}
}

static void
test_enqueue_head(void **state)
{
	rq_enqueue(&rq, &threads[0]);
	rq_enqueue(&rq, &threads[1]);
	rq_enqueue_head(&rq, &threads[2]);
	assert_ptr_equal(rq_pick(&rq), &threads[2]);
	assert_ptr_equal(rq_pick(&rq), &threads[0]);
	assert_ptr_equal(rq_pick(&rq), &threads[1]);
	rq_enqueue_head(&rq, &threads[3]);
	assert_ptr_equal(rq.rq_tail[THREAD_PRIO_DEFAULT], &threads[3]);
	assert_ptr_equal(rq_pick(&rq), &threads[3]);
}

static void
test_remove_anywhere(void **state)
{
	for (int i = 0; i < 5; i++) {
		rq_enqueue(&rq, &threads[i]);
	}
	rq_remove(&rq, &threads[2]); /* middle */
	rq_remove(&rq, &threads[0]); /* head */
	rq_remove(&rq, &threads[4]); /* tail */
	assert_int_equal(rq.rq_runnable, 2);
	assert_ptr_equal(rq_pick(&rq), &threads[1]);
	assert_ptr_equal(rq_pick(&rq), &threads[3]);
	assert_int_equal(rq.rq_bitmap, 0);

	/* Removing the only thread of a level clears its bit, and only it. */
	threads[5].t_priority = 7;
	threads[6].t_priority = 9;
	rq_enqueue(&rq, &threads[5]);
	rq_enqueue(&rq, &threads[6]);
	rq_remove(&rq, &threads[5]);
	assert_int_equal(rq.rq_bitmap, 1u << 9);
	assert_null(rq.rq_head[7]);
	assert_null(rq.rq_tail[7]);
}

static void
test_should_preempt(void **state)
{
	threads[0].t_priority = 10;
	rq_enqueue(&rq, &threads[0]);
	assert_true(rq_should_preempt(&rq, 11, false));
	assert_false(rq_should_preempt(&rq, 10, false));
	assert_true(rq_should_preempt(&rq, 10, true));
	assert_false(rq_should_preempt(&rq, 9, true));
	assert_true(rq_should_preempt(&rq, THREAD_PRIO_IDLE, false));
}

static void
test_sleep_order(void **state)
{
	static const uint64_t wake[] = { 500, 100, 300, 100, 900 };

	for (int i = 0; i < 5; i++) {
		threads[i].t_wake_ns = wake[i];
		sleepq_insert(&rq, &threads[i]);
	}
	assert_int_equal(rq.rq_sleeping, 5);
	assert_int_equal(sleepq_next_wake(&rq), 100);
	assert_null(sleepq_pop_expired(&rq, 99));
	/* Equal wake times come out in insertion order. */
	assert_ptr_equal(sleepq_pop_expired(&rq, 300), &threads[1]);
	assert_ptr_equal(sleepq_pop_expired(&rq, 300), &threads[3]);
	assert_ptr_equal(sleepq_pop_expired(&rq, 300), &threads[2]);
	assert_null(sleepq_pop_expired(&rq, 300));
	sleepq_remove(&rq, &threads[4]);
	assert_int_equal(sleepq_next_wake(&rq), 500);
	assert_ptr_equal(sleepq_pop_expired(&rq, UINT64_MAX), &threads[0]);
	assert_int_equal(rq.rq_sleeping, 0);
	assert_null(rq.rq_sleepers);
}

/* A reference model: for each level, an array in FIFO order. */
struct model {
	int level[RQ_LEVELS][NT];
	int count[RQ_LEVELS];
};

static void
model_remove(struct model *m, int p, int pos)
{
	memmove(&m->level[p][pos], &m->level[p][pos + 1],
	    (size_t)(m->count[p] - pos - 1) * sizeof(int));
	m->count[p]--;
}

static void
check_model(const struct model *m)
{
	uint32_t bits = 0;
	unsigned total = 0;

	for (int p = 0; p < RQ_LEVELS; p++) {
		const struct thread *t = rq.rq_head[p];

		for (int k = 0; k < m->count[p]; k++) {
			assert_non_null(t);
			assert_int_equal(t->t_id, m->level[p][k]);
			t = t->t_rq_next;
		}
		assert_null(t);
		if (m->count[p] > 0) {
			bits |= 1u << p;
		}
		total += (unsigned)m->count[p];
	}
	assert_int_equal(rq.rq_bitmap, bits);
	assert_int_equal(rq.rq_runnable, total);
}

static void
test_random_against_model(void **state)
{
	static struct model m;
	bool queued[NT] = { false };

	memset(&m, 0, sizeof(m));
	srand(12345);
	for (int step = 0; step < 20000; step++) {
		int i = rand() % NT;
		struct thread *t = &threads[i];
		int p = t->t_priority;

		if (!queued[i]) {
			t->t_priority = p = rand() % RQ_LEVELS;
			if (rand() % 4 == 0) {
				rq_enqueue_head(&rq, t);
				memmove(&m.level[p][1], &m.level[p][0],
				    (size_t)m.count[p] * sizeof(int));
				m.level[p][0] = i;
			} else {
				rq_enqueue(&rq, t);
				m.level[p][m.count[p]] = i;
			}
			m.count[p]++;
			queued[i] = true;
		} else if (rand() % 2 == 0) {
			int pos = 0;

			while (m.level[p][pos] != i) {
				pos++;
			}
			rq_remove(&rq, t);
			model_remove(&m, p, pos);
			queued[i] = false;
		} else {
			int best = 0;
			struct thread *got = rq_pick(&rq);

			while (m.count[best] == 0) {
				best++;
			}
			assert_non_null(got);
			assert_int_equal(got->t_id, m.level[best][0]);
			model_remove(&m, best, 0);
			queued[got->t_id] = false;
		}
		check_model(&m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_priority_order, setup),
		cmocka_unit_test_setup(test_round_robin, setup),
		cmocka_unit_test_setup(test_enqueue_head, setup),
		cmocka_unit_test_setup(test_remove_anywhere, setup),
		cmocka_unit_test_setup(test_should_preempt, setup),
		cmocka_unit_test_setup(test_sleep_order, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
