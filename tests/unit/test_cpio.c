/* unit-sources: kernel/lib/cpio.c */
/*
 * The boot-image reader against archives written by the host's cpio
 * format rules, and against truncated and corrupt ones.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kern/cpio.h>

/* Appends one newc entry to buf at *len. */
static void
put_entry(uint8_t *buf, size_t *len, const char *name, uint32_t mode, const char *data)
{
	size_t nlen = strlen(name) + 1, dlen = strlen(data);
	char hdr[160];

	snprintf(hdr, sizeof(hdr), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 1,
	    mode, 0, 0, 1, 0, (unsigned)dlen, 0, 0, 0, 0, (unsigned)nlen, 0);
	memcpy(buf + *len, hdr, 110);
	*len += 110;
	memcpy(buf + *len, name, nlen);
	*len += nlen;
	while (*len % 4) {
		buf[(*len)++] = 0;
	}
	memcpy(buf + *len, data, dlen);
	*len += dlen;
	while (*len % 4) {
		buf[(*len)++] = 0;
	}
}

static size_t
make_archive(uint8_t *buf)
{
	size_t len = 0;

	put_entry(buf, &len, "etc", 040755, "");
	put_entry(buf, &len, "etc/rc", 0100644, "echo hello\n");
	put_entry(buf, &len, "etc/services.conf", 0100644, "# none\n");
	put_entry(buf, &len, "TRAILER!!!", 0, "");
	return len;
}

static void
test_walks_all_entries(void **state)
{
	uint8_t buf[1024];
	size_t len = make_archive(buf), off = 0;
	struct cpio_entry e;

	assert_int_equal(cpio_next(buf, len, &off, &e), 0);
	assert_int_equal(e.name_len, 3);
	assert_memory_equal(e.name, "etc", 3);
	assert_int_equal(e.mode, 040755);
	assert_int_equal(cpio_next(buf, len, &off, &e), 0);
	assert_int_equal(e.size, 11);
	assert_memory_equal(e.data, "echo hello\n", 11);
	assert_int_equal(cpio_next(buf, len, &off, &e), 0);
	assert_memory_equal(e.name, "etc/services.conf", 17);
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_END);
	assert_int_equal(off, len);
}

static void
test_every_truncation_is_an_error(void **state)
{
	uint8_t buf[1024];
	size_t len = make_archive(buf);

	/* Cutting the archive anywhere before the trailer's end never reads
	 * past the cut (ASan would say so) and never reports the end. */
	for (size_t cut = 0; cut < len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		size_t off = 0;
		struct cpio_entry e;
		int r;
		while ((r = cpio_next(copy, cut, &off, &e)) == 0) {
		}
		assert_true(r < 0 || (r == CPIO_END && off <= cut));
		if (r == CPIO_END) {
			/* Only possible once the whole trailer header and name fit. */
			assert_true(cut >= len - 4);
		}
		free(copy);
	}
}

static void
test_bad_magic_and_digits(void **state)
{
	uint8_t buf[1024];
	size_t len = make_archive(buf), off = 0;
	struct cpio_entry e;

	buf[0] = 'X';
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_FORMAT);
	make_archive(buf);
	buf[6 + 6 * 8 + 3] = 'g'; /* filesize field */
	off = 0;
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_FORMAT);
}

static void
test_huge_sizes_do_not_wrap(void **state)
{
	uint8_t buf[1024];
	size_t len = make_archive(buf), off = 0;
	struct cpio_entry e;

	memcpy(buf + 6 + 6 * 8, "ffffffff", 8); /* filesize */
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_TRUNCATED);
	make_archive(buf);
	memcpy(buf + 6 + 11 * 8, "fffffff0", 8); /* namesize */
	off = 0;
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_TRUNCATED);
	make_archive(buf);
	memcpy(buf + 6 + 11 * 8, "00000000", 8);
	off = 0;
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_FORMAT);
	off = len + 5;
	assert_int_equal(cpio_next(buf, len, &off, &e), CPIO_ERR_TRUNCATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walks_all_entries),
		cmocka_unit_test(test_every_truncation_is_an_error),
		cmocka_unit_test(test_bad_magic_and_digits),
		cmocka_unit_test(test_huge_sizes_do_not_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
