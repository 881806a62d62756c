/* unit-sources: lib/libc/xfile.c */
/*
 * libc's stream buffering (lib/libc/xfile.c) over a fake descriptor
 * layer that records every write: full, line and no buffering, a prompt
 * flushed before a read, big writes, reading lines and blocks, ungetc,
 * end of file and errors, fopen's mode strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/fs.h>
#include "../../lib/libc/xfile.h"

#define FD_OUT 1
#define FD_IN 0
#define FD_TTY 5
#define FD_BAD 9

static char out[32768];
static size_t out_len;
static int writes; /* xf_sys_write calls */
static const char *in_data;
static size_t in_pos, in_chunk;
static int reads;

long
xf_sys_write(int fd, const void *buf, size_t n)
{
	if (fd == FD_BAD) {
		return -9;
	}
	writes++;
	memcpy(out + out_len, buf, n);
	out_len += n;
	return (long)n;
}

long
xf_sys_read(int fd, void *buf, size_t n)
{
	size_t left = strlen(in_data) - in_pos;

	if (fd == FD_BAD) {
		return -9;
	}
	reads++;
	if (n > left) {
		n = left;
	}
	if (in_chunk != 0 && n > in_chunk) {
		n = in_chunk;
	}
	memcpy(buf, in_data + in_pos, n);
	in_pos += n;
	return (long)n;
}

int
xf_sys_automode(int fd)
{
	return fd == FD_TTY ? XF_LINE : XF_FULL;
}

static int
setup(void **state)
{
	out_len = 0;
	writes = reads = 0;
	memset(out, 0, sizeof(out));
	in_data = "";
	in_pos = in_chunk = 0;
	xf_all = NULL;
	return 0;
}

static void
test_full_buffering(void **state)
{
	struct xfile f;

	xf_init(&f, FD_OUT, XF_WRITE, XF_AUTO);
	assert_int_equal(xf_write(&f, "hello\n", 6), 6);
	assert_int_equal(writes, 0);
	assert_int_equal(xf_write(&f, "world", 5), 5);
	assert_int_equal(xf_flush(&f), 0);
	assert_int_equal(writes, 1);
	assert_string_equal(out, "hello\nworld");
	xf_release(&f);
}

static void
test_line_buffering(void **state)
{
	struct xfile f;

	xf_init(&f, FD_TTY, XF_WRITE, XF_AUTO);
	xf_write(&f, "abc", 3);
	assert_int_equal(writes, 0);
	xf_write(&f, "d\nef", 4);
	assert_int_equal(writes, 1);
	/* The whole buffer goes at a newline, what follows it too. */
	assert_string_equal(out, "abcd\nef");
	xf_write(&f, "g", 1);
	assert_int_equal(xf_flush_all(), 0);
	assert_int_equal(writes, 2);
	assert_string_equal(out, "abcd\nefg");
	xf_release(&f);
}

static void
test_unbuffered(void **state)
{
	struct xfile f;

	xf_init(&f, FD_OUT, XF_WRITE, XF_NONE);
	xf_write(&f, "a", 1);
	xf_write(&f, "bc", 2);
	assert_int_equal(writes, 2);
	assert_string_equal(out, "abc");
	xf_release(&f);
}

/* Writes larger than the buffer keep their order with buffered bytes. */
static void
test_big_writes(void **state)
{
	static char big[3 * XF_BUFSIZE + 7];
	struct xfile f;

	memset(big, 'x', sizeof(big));
	xf_init(&f, FD_OUT, XF_WRITE, XF_FULL);
	xf_write(&f, "<", 1);
	assert_int_equal(xf_write(&f, big, sizeof(big)), sizeof(big));
	xf_write(&f, ">", 1);
	for (int i = 0; i < 2000; i++) {
		xf_write(&f, "0123456789", i % 11);
	}
	xf_flush(&f);
	assert_int_equal(out[0], '<');
	assert_int_equal(out[1 + sizeof(big)], '>');
	assert_int_equal(out[sizeof(big)], 'x');
	assert_true(out_len > sizeof(big) + 2);
	xf_release(&f);
}

/* A prompt written to a line-buffered stream appears before a read. */
static void
test_prompt_before_read(void **state)
{
	struct xfile o, i;
	char line[32];

	xf_init(&o, FD_TTY, XF_WRITE, XF_AUTO);
	xf_init(&i, FD_IN, XF_READ, XF_AUTO);
	in_data = "ls -l\nsecond\n";
	xf_write(&o, "# ", 2);
	assert_int_equal(writes, 0);
	assert_non_null(xf_gets(line, sizeof(line), &i));
	assert_int_equal(writes, 1);
	assert_string_equal(out, "# ");
	assert_string_equal(line, "ls -l\n");
	assert_non_null(xf_gets(line, sizeof(line), &i));
	assert_string_equal(line, "second\n");
	assert_null(xf_gets(line, sizeof(line), &i));
	assert_true((i.f_flags & XF_EOF) != 0);
	xf_release(&o);
	xf_release(&i);
}

static void
test_reading(void **state)
{
	struct xfile f;
	char buf[64];

	xf_init(&f, FD_IN, XF_READ, XF_AUTO);
	in_data = "abcdefghij\nlast";
	in_chunk = 3;
	assert_int_equal(xf_getc(&f), 'a');
	assert_int_equal(xf_ungetc('Z', &f), 'Z');
	assert_int_equal(xf_getc(&f), 'Z');
	assert_int_equal(xf_read(&f, buf, 4), 4);
	assert_memory_equal(buf, "bcde", 4);
	/* A line longer than the buffer given is cut, then continues. */
	assert_non_null(xf_gets(buf, 4, &f));
	assert_string_equal(buf, "fgh");
	assert_non_null(xf_gets(buf, sizeof(buf), &f));
	assert_string_equal(buf, "ij\n");
	assert_non_null(xf_gets(buf, sizeof(buf), &f));
	assert_string_equal(buf, "last");
	assert_int_equal(xf_getc(&f), -1);
	assert_true((f.f_flags & XF_EOF) != 0);
	assert_null(xf_gets(buf, 1, &f));
	xf_release(&f);
}

static void
test_errors(void **state)
{
	struct xfile w, r;

	xf_init(&w, FD_BAD, XF_WRITE, XF_NONE);
	assert_int_equal(xf_write(&w, "x", 1), 0);
	assert_true((w.f_flags & XF_ERR) != 0);
	xf_init(&r, FD_BAD, XF_READ, XF_FULL);
	assert_int_equal(xf_getc(&r), -1);
	assert_true((r.f_flags & XF_ERR) != 0);
	/* Writing a read-only stream and reading a write-only one fail. */
	xf_release(&w);
	xf_init(&w, FD_OUT, XF_READ, XF_FULL);
	assert_int_equal(xf_write(&w, "x", 1), 0);
	xf_release(&w);
	xf_release(&r);
	xf_init(&r, FD_OUT, XF_WRITE, XF_FULL);
	assert_int_equal(xf_getc(&r), -1);
	xf_release(&r);
	assert_null(xf_all);
}

static void
test_modes(void **state)
{
	int o;

	assert_int_equal(xf_parse_mode("r", &o), XF_READ);
	assert_int_equal(o, XO_RDONLY);
	assert_int_equal(xf_parse_mode("w", &o), XF_WRITE);
	assert_int_equal(o, XO_WRONLY | XO_CREAT | XO_TRUNC);
	assert_int_equal(xf_parse_mode("a+", &o), XF_READ | XF_WRITE);
	assert_int_equal(o, XO_RDWR | XO_CREAT | XO_APPEND);
	assert_int_equal(xf_parse_mode("rb+e", &o), XF_READ | XF_WRITE);
	assert_int_equal(o, XO_RDWR | XO_CLOEXEC);
	assert_int_equal(xf_parse_mode("wx", &o), XF_WRITE);
	assert_int_equal(o & XO_EXCL, XO_EXCL);
	assert_int_equal(xf_parse_mode("q", &o), 0);
	assert_int_equal(xf_parse_mode("rz", &o), 0);
	assert_int_equal(xf_parse_mode("", &o), 0);
}

static void
test_setvbuf(void **state)
{
	struct xfile f;

	xf_init(&f, FD_OUT, XF_WRITE, XF_AUTO);
	xf_write(&f, "pending", 7);
	assert_int_equal(xf_setvbuf(&f, XF_NONE), 0);
	assert_int_equal(writes, 1);
	xf_write(&f, "x", 1);
	assert_int_equal(writes, 2);
	assert_int_equal(xf_setvbuf(&f, 7), -1);
	xf_release(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_full_buffering, setup),
		cmocka_unit_test_setup(test_line_buffering, setup),
		cmocka_unit_test_setup(test_unbuffered, setup),
		cmocka_unit_test_setup(test_big_writes, setup),
		cmocka_unit_test_setup(test_prompt_before_read, setup),
		cmocka_unit_test_setup(test_reading, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_modes, setup),
		cmocka_unit_test_setup(test_setvbuf, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
