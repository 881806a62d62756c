/* unit-sources: servers/ds/table.c */
/*
 * ds's name table: publish and lookup, ownership (a non-owner cannot
 * replace or unpublish a name, the registrar can), malformed names, a
 * full table, prefix subscriptions with their change queues (coalescing,
 * overflow dropping the oldest) and the notify marks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/ds/table.h"

#define REG 1 /* the registrar */
#define A 100
#define B 200

static struct ds_table t;

static int
setup(void **state)
{
	ds_table_init(&t, REG);
	return 0;
}

static void
test_publish_lookup(void **state)
{
	endpoint_t ep = 0;

	assert_int_equal(ds_table_publish(&t, A, "rng", ENDPOINT_SELF), 0);
	assert_int_equal(ds_table_lookup(&t, "rng", &ep), 0);
	assert_int_equal(ep, A);
	assert_int_equal(ds_table_lookup(&t, "rn", &ep), -ENOENT);
	assert_int_equal(ds_table_lookup(&t, "rngx", &ep), -ENOENT);
	/* Publishing again the same is harmless. */
	assert_int_equal(ds_table_publish(&t, A, "rng", A), 0);
}

static void
test_ownership(void **state)
{
	endpoint_t ep = 0;

	assert_int_equal(ds_table_publish(&t, A, "svc", A), 0);
	/* B may neither take A's name nor publish A's endpoint. */
	assert_int_equal(ds_table_publish(&t, B, "svc", B), -EPERM);
	assert_int_equal(ds_table_publish(&t, B, "other", A), -EPERM);
	assert_int_equal(ds_table_unpublish(&t, B, "svc"), -EPERM);
	/* The registrar may republish it for B; then B owns it. */
	assert_int_equal(ds_table_publish(&t, REG, "svc", B), 0);
	assert_int_equal(ds_table_lookup(&t, "svc", &ep), 0);
	assert_int_equal(ep, B);
	assert_int_equal(ds_table_unpublish(&t, A, "svc"), -EPERM);
	assert_int_equal(ds_table_unpublish(&t, B, "svc"), 0);
	assert_int_equal(ds_table_lookup(&t, "svc", &ep), -ENOENT);
	assert_int_equal(ds_table_unpublish(&t, B, "svc"), -ENOENT);
}

static void
test_malformed(void **state)
{
	char longname[DS_NAME_LEN + 2];
	endpoint_t ep;

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(ds_table_publish(&t, A, "", A), -EINVAL);
	assert_int_equal(ds_table_publish(&t, A, NULL, A), -EINVAL);
	assert_int_equal(ds_table_publish(&t, A, longname, A), -EINVAL);
	assert_int_equal(ds_table_publish(&t, REG, "neg", -7), -EINVAL);
	assert_int_equal(ds_table_lookup(&t, longname, &ep), -EINVAL);
	assert_int_equal(ds_table_unpublish(&t, A, ""), -EINVAL);
	assert_int_equal(ds_table_subscribe(&t, A, ""), -EINVAL);
	/* Exactly DS_NAME_LEN bytes is fine. */
	longname[DS_NAME_LEN] = '\0';
	assert_int_equal(ds_table_publish(&t, A, longname, A), 0);
	assert_int_equal(ds_table_lookup(&t, longname, &ep), 0);
}

static void
test_full_table(void **state)
{
	char name[16];
	endpoint_t ep;

	for (int i = 0; i < DS_TABLE_NAMES; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		assert_int_equal(ds_table_publish(&t, REG, name, 10 + i), 0);
	}
	assert_int_equal(ds_table_publish(&t, REG, "one-more", 5), -ENOSPC);
	/* Replacing an existing name still works; a freed slot is reused. */
	assert_int_equal(ds_table_publish(&t, REG, "n3", 99), 0);
	assert_int_equal(ds_table_unpublish(&t, REG, "n5"), 0);
	assert_int_equal(ds_table_publish(&t, REG, "one-more", 5), 0);
	assert_int_equal(ds_table_lookup(&t, "one-more", &ep), 0);
	assert_int_equal(ep, 5);
	for (int i = 0; i < DS_TABLE_SUBS; i++) {
		assert_int_equal(ds_table_subscribe(&t, 1000 + i, "n"), 0);
	}
	assert_int_equal(ds_table_subscribe(&t, 5000, "n"), -ENOSPC);
	/* Subscribing again replaces, it takes no new slot. */
	assert_int_equal(ds_table_subscribe(&t, 1000, "one"), 0);
}

static void
test_subscribe_check(void **state)
{
	struct ds_change c;
	endpoint_t who;

	assert_int_equal(ds_table_check(&t, B, &c), -ENOENT);
	assert_int_equal(ds_table_subscribe(&t, B, "drv."), 0);
	assert_false(ds_table_next_notify(&t, &who));
	assert_int_equal(ds_table_check(&t, B, &c), -EAGAIN);
	assert_int_equal(ds_table_publish(&t, A, "other", A), 0);
	assert_false(ds_table_next_notify(&t, &who));
	assert_int_equal(ds_table_publish(&t, REG, "drv.rng", A), 0);
	assert_true(ds_table_next_notify(&t, &who));
	assert_int_equal(who, B);
	assert_false(ds_table_next_notify(&t, &who));
	/* Two changes of one name coalesce into its latest endpoint. */
	assert_int_equal(ds_table_publish(&t, REG, "drv.rng", 300), 0);
	assert_int_equal(ds_table_publish(&t, REG, "drv.blk", 400), 0);
	assert_int_equal(ds_table_unpublish(&t, REG, "drv.blk"), 0);
	assert_int_equal(ds_table_check(&t, B, &c), 0);
	assert_string_equal(c.dc_name, "drv.rng");
	assert_int_equal(c.dc_ep, 300);
	assert_int_equal(ds_table_check(&t, B, &c), 0);
	assert_string_equal(c.dc_name, "drv.blk");
	assert_int_equal(c.dc_ep, ENDPOINT_NONE);
	assert_int_equal(ds_table_check(&t, B, &c), -EAGAIN);
	ds_table_drop_subscriber(&t, B);
	assert_int_equal(ds_table_check(&t, B, &c), -ENOENT);
}

static void
test_queue_overflow(void **state)
{
	struct ds_change c;
	char name[16];

	assert_int_equal(ds_table_subscribe(&t, B, "q"), 0);
	for (int i = 0; i < DS_QUEUE_LEN + 3; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		assert_int_equal(ds_table_publish(&t, REG, name, 10 + i), 0);
	}
	/* The three oldest were dropped; the rest come in order. */
	for (int i = 3; i < DS_QUEUE_LEN + 3; i++) {
		snprintf(name, sizeof(name), "q%d", i);
		assert_int_equal(ds_table_check(&t, B, &c), 0);
		assert_string_equal(c.dc_name, name);
		assert_int_equal(c.dc_ep, 10 + i);
	}
	assert_int_equal(ds_table_check(&t, B, &c), -EAGAIN);
}

static void
test_no_registrar(void **state)
{
	ds_table_init(&t, ENDPOINT_NONE);
	assert_int_equal(ds_table_publish(&t, A, "x", A), 0);
	assert_int_equal(ds_table_publish(&t, REG, "x", REG), -EPERM);
}

static endpoint_t dead_ep = ENDPOINT_NONE;

static bool
sim_alive(endpoint_t ep)
{
	return ep != dead_ep;
}

/* A name whose process died goes to whoever publishes it for itself
 * (a restarted driver); a live holder's name does not, and nobody may
 * give a dead holder's name to a third process. */
static void
test_dead_holder(void **state)
{
	endpoint_t ep = 0;

	assert_int_equal(ds_table_publish(&t, A, "blk/vda", ENDPOINT_SELF), 0);
	assert_int_equal(ds_table_publish(&t, B, "blk/vda", ENDPOINT_SELF), -EPERM);
	t.dt_alive = sim_alive;
	assert_int_equal(ds_table_publish(&t, B, "blk/vda", ENDPOINT_SELF), -EPERM); /* A lives */
	dead_ep = A;
	assert_int_equal(ds_table_publish(&t, B, "blk/vda", 300), -EPERM);
	assert_int_equal(ds_table_publish(&t, B, "blk/vda", ENDPOINT_SELF), 0);
	assert_int_equal(ds_table_lookup(&t, "blk/vda", &ep), 0);
	assert_int_equal(ep, B);
	/* B's now: the dead A cannot be helped back, and B keeps it */
	dead_ep = B;
	assert_int_equal(ds_table_unpublish(&t, A, "blk/vda"), -EPERM);
	dead_ep = ENDPOINT_NONE;
	assert_int_equal(ds_table_publish(&t, A, "blk/vda", ENDPOINT_SELF), -EPERM);
	t.dt_alive = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_publish_lookup, setup),
		cmocka_unit_test_setup(test_ownership, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_full_table, setup),
		cmocka_unit_test_setup(test_subscribe_check, setup),
		cmocka_unit_test_setup(test_queue_overflow, setup),
		cmocka_unit_test_setup(test_no_registrar, setup),
		cmocka_unit_test_setup(test_dead_holder, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
