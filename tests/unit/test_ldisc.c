/* unit-sources: drivers/tty/tty/ldisc.c */
/*
 * The tty's line discipline (drivers/tty/tty/ldisc.c): echo, backspace,
 * Ctrl-U, Ctrl-C and Ctrl-D, one line per read, very long lines, raw
 * mode, a full ready queue, and the "\n" to "\r\n" output conversion.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/proto/pm.h>
#include "../../drivers/tty/tty/ldisc.h"

static struct ldisc *
new_ldisc(void)
{
	struct ldisc *l = malloc(sizeof(*l));

	assert_non_null(l);
	ldisc_init(l);
	return l;
}

static void
type(struct ldisc *l, const char *s)
{
	while (*s != '\0') {
		assert_int_equal(ldisc_input(l, (uint8_t)*s++), 0);
	}
}

/* The echo so far as a string; empties it. */
static const char *
echoed(struct ldisc *l)
{
	static char buf[LDISC_OUT + 1];

	memcpy(buf, l->l_out, l->l_outlen);
	buf[l->l_outlen] = '\0';
	ldisc_out_taken(l);
	return buf;
}

static void
read_expect(struct ldisc *l, size_t n, const char *want)
{
	char buf[LDISC_READY];

	assert_int_equal(ldisc_read(l, buf, n), strlen(want));
	assert_memory_equal(buf, want, strlen(want));
}

static void
test_line_and_echo(void **state)
{
	struct ldisc *l = new_ldisc();

	assert_false(ldisc_readable(l));
	assert_int_equal(ldisc_read(l, (char[4]){ 0 }, 4), -1);
	type(l, "ls -l");
	assert_false(ldisc_readable(l));
	assert_string_equal(echoed(l), "ls -l");
	type(l, "\r");
	assert_string_equal(echoed(l), "\n");
	assert_true(ldisc_readable(l));
	read_expect(l, 100, "ls -l\n");
	assert_false(ldisc_readable(l));
	free(l);
}

static void
test_one_line_per_read(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "a\nbc\n");
	read_expect(l, 100, "a\n");
	read_expect(l, 2, "bc");
	read_expect(l, 2, "\n");
	free(l);
}

static void
test_erase(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "abx\b");
	type(l, "\x7f");
	assert_string_equal(echoed(l), "abx\b \b\b \b");
	type(l, "\b\bcd\n"); /* one erase too many does nothing */
	assert_string_equal(echoed(l), "\b \bcd\n");
	read_expect(l, 100, "cd\n");
	type(l, "junk\x15ok\n");
	assert_string_equal(echoed(l), "junk\b \b\b \b\b \b\b \bok\n");
	read_expect(l, 100, "ok\n");
	free(l);
}

static void
test_ctrl_c(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "typed ahead\nsleep 100");
	assert_int_equal(ldisc_input(l, LDISC_CTRL('C')), XSIGINT);
	assert_string_equal(echoed(l), "typed ahead\nsleep 100^C\n");
	assert_false(ldisc_readable(l));
	assert_int_equal(ldisc_input(l, LDISC_CTRL('\\')), XSIGQUIT);
	type(l, "x\n");
	read_expect(l, 100, "x\n");
	free(l);
}

static void
test_ctrl_d(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "abc\x04");
	read_expect(l, 100, "abc");
	type(l, "\x04");
	type(l, "\x04");
	assert_true(ldisc_readable(l));
	read_expect(l, 100, "");
	read_expect(l, 100, "");
	assert_false(ldisc_readable(l));
	/* Lines typed before an end of input come first. */
	type(l, "x\n\x04y\n");
	read_expect(l, 100, "x\n");
	read_expect(l, 100, "");
	read_expect(l, 100, "y\n");
	free(l);
}

static void
test_long_line(void **state)
{
	struct ldisc *l = new_ldisc();
	char buf[LDISC_READY];
	size_t total = 0;
	long n;

	for (int i = 0; i < 5000; i++) {
		type(l, "p");
	}
	type(l, "\n");
	while ((n = ldisc_read(l, buf, sizeof(buf))) > 0) {
		total += (size_t)n;
		if (buf[n - 1] == '\n') {
			break;
		}
	}
	assert_int_equal(total, 5001);
	free(l);
}

static void
test_full_queue(void **state)
{
	struct ldisc *l = new_ldisc();
	size_t lines = 0;
	bool bell = false;

	/* Nobody reads: typing is refused with a bell once the queue is
	 * full, and what was taken stays whole. */
	for (int i = 0; i < LDISC_READY; i++) {
		type(l, "0123456\n");
		bell = bell || strchr(echoed(l), '\a') != NULL;
	}
	assert_true(bell);
	assert_true(l->l_count <= LDISC_READY);
	while (ldisc_readable(l)) {
		read_expect(l, 100, "0123456\n");
		lines++;
	}
	assert_int_equal(lines, LDISC_READY / 8);
	free(l);
}

static void
test_raw(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "ab");
	ldisc_set_raw(l, true);
	read_expect(l, 100, "ab");
	assert_int_equal(ldisc_input(l, LDISC_CTRL('C')), 0);
	type(l, "\b\n\x04q");
	assert_string_equal(echoed(l), "ab");
	read_expect(l, 100, "\x03\b\n\x04q");
	ldisc_set_raw(l, false);
	type(l, "z\n");
	read_expect(l, 100, "z\n");
	free(l);
}

static void
test_control_echo(void **state)
{
	struct ldisc *l = new_ldisc();

	type(l, "\x01\t\n");
	assert_string_equal(echoed(l), "^A\t\n");
	read_expect(l, 100, "\x01\t\n");
	free(l);
}

static void
test_output(void **state)
{
	char out[8];
	size_t used, n;

	n = ldisc_output("a\nb", 3, out, sizeof(out), &used);
	assert_int_equal(n, 4);
	assert_int_equal(used, 3);
	assert_memory_equal(out, "a\r\nb", 4);
	/* A "\r\n" is never split. */
	n = ldisc_output("abc\n", 4, out, 4, &used);
	assert_int_equal(n, 3);
	assert_int_equal(used, 3);
	n = ldisc_output("\n\n\n\n\n", 5, out, sizeof(out), &used);
	assert_int_equal(n, 8);
	assert_int_equal(used, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_and_echo),
		cmocka_unit_test(test_one_line_per_read),
		cmocka_unit_test(test_erase),
		cmocka_unit_test(test_ctrl_c),
		cmocka_unit_test(test_ctrl_d),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_full_queue),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_control_echo),
		cmocka_unit_test(test_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
