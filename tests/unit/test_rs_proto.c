/* unit-sources: */
/*
 * The rs protocol's name packing: round trip, the longest name, too long,
 * empty, argument slots out of range, and a packed name without its NUL.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/proto/rs.h>

static void
test_round_trip(void **state)
{
	struct message m;
	char out[RS_NAME_LEN + 1];

	memset(&m, 0xff, sizeof(m));
	assert_int_equal(rs_name_pack(&m, 0, "virtio-rng"), 0);
	assert_int_equal(rs_name_pack(&m, 3, "abcdefghijklmnopqrstuvw"), 0);
	assert_int_equal(rs_name_unpack(&m, 0, out), 0);
	assert_string_equal(out, "virtio-rng");
	assert_int_equal(rs_name_unpack(&m, 3, out), 0);
	assert_string_equal(out, "abcdefghijklmnopqrstuvw");
	assert_true(m.m_arg[6] == UINT64_MAX);
}

static void
test_refused(void **state)
{
	struct message m;
	char out[RS_NAME_LEN + 1];

	memset(&m, 0, sizeof(m));
	assert_int_equal(rs_name_pack(&m, 0, "abcdefghijklmnopqrstuvwx"), -ENAMETOOLONG);
	assert_true(m.m_arg[0] == 0);
	assert_int_equal(rs_name_pack(&m, 0, ""), -EINVAL);
	assert_int_equal(rs_name_pack(&m, 5, "a"), -EINVAL);
	assert_int_equal(rs_name_pack(&m, -1, "a"), -EINVAL);
	assert_int_equal(rs_name_unpack(&m, 0, out), -EINVAL);
	memset(&m, 'a', sizeof(m));
	assert_int_equal(rs_name_unpack(&m, 0, out), -EINVAL);
	assert_int_equal(rs_name_unpack(&m, 4, out), -EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
