/* unit-sources: lib/libworker/worker.c */
/*
 * libworker's cooperative workers: a function that never sleeps finishes
 * inside worker_start(); one that sleeps resumes where it stopped, with
 * its locals (its own stack) intact, when its channel is woken and the
 * loop runs; wakeups reach only their channel; deadlines end sleeps with
 * -ETIMEDOUT; the main loop cannot sleep or start from a worker; with
 * every worker busy, starting fails with -EAGAIN and nothing runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <libworker/worker.h>

#define N 8

static uint64_t now_ns;

static uint64_t
fake_clock(void)
{
	return now_ns;
}

static int chans[N];
static int results[N];
static int order[64], norder;

/* A recursion deep enough to use the stack on both sides of a sleep. */
static uint64_t
deep(int n, volatile uint8_t *fill)
{
	volatile uint8_t pad[256];

	memset((void *)pad, (int)n, sizeof(pad));
	if (n == 0) {
		return (uint64_t)fill[0];
	}
	return deep(n - 1, pad) + pad[17];
}

static void
sleeper(void *arg)
{
	int i = (int)(intptr_t)arg;
	uint64_t before = deep(20 + i, (volatile uint8_t *)"x");
	int r = worker_sleep(&chans[i], 0);

	assert_int_equal(r, 0);
	assert_int_equal(deep(20 + i, (volatile uint8_t *)"x"), before);
	results[i] = i * 10 + 1;
	order[norder++] = i;
}

static void
quick(void *arg)
{
	*(int *)arg = 42;
	assert_true(worker_in());
	assert_int_equal(worker_start(quick, arg), -EDEADLK);
}

static void
timed(void *arg)
{
	*(int *)arg = worker_sleep(arg, now_ns + 1000);
}

static void
test_workers(void **state)
{
	int v = 0, t = 0;

	assert_int_equal(worker_init(N, 16384, fake_clock), 0);
	assert_int_equal(worker_init(N, 16384, fake_clock), -EINVAL);
	assert_false(worker_in());
	assert_int_equal(worker_sleep(&v, 0), -EDEADLK);

	assert_int_equal(worker_start(quick, &v), 1);
	assert_int_equal(v, 42);
	assert_int_equal(worker_busy(), 0);

	for (int i = 0; i < N; i++) {
		assert_int_equal(worker_start(sleeper, (void *)(intptr_t)i), 0);
	}
	assert_int_equal(worker_busy(), N);
	assert_int_equal(worker_start(quick, &v), -EAGAIN);
	/* Wake three, out of order: only they finish, in worker order. */
	worker_wakeup(&chans[5]);
	worker_wakeup(&chans[1]);
	worker_wakeup(&chans[6]);
	worker_run();
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 5);
	assert_int_equal(order[2], 6);
	assert_int_equal(results[0], 0);
	assert_int_equal(results[5], 51);
	assert_int_equal(worker_busy(), N - 3);
	/* The others. */
	for (int i = 0; i < N; i++) {
		worker_wakeup(&chans[i]);
	}
	worker_run();
	assert_int_equal(norder, N);
	assert_int_equal(worker_busy(), 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(results[i], i * 10 + 1);
	}

	/* A deadline. */
	t = 7;
	assert_int_equal(worker_start(timed, &t), 0);
	assert_int_equal(worker_next_deadline(), now_ns + 1000);
	worker_run();
	assert_int_equal(t, 7); /* not yet */
	now_ns += 1000;
	worker_run();
	assert_int_equal(t, -ETIMEDOUT);
	assert_int_equal(worker_next_deadline(), 0);
	assert_int_equal(worker_busy(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
