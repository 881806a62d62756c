/* unit-sources: kernel/lib/printf.c */
/*
 * The kernel's formatter against the host C library's vsnprintf, which is
 * the reference for every conversion both support: flags, widths,
 * precisions, length modifiers, extreme values, truncation and the
 * returned length.  Where the kernel deliberately differs (%p, a NULL %s,
 * unknown conversions) its own documented output is checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <kern/printf.h>

/*
 * Formats with both formatters into generous buffers and compares the
 * text and the returned length.  fmt is deliberately not a literal the
 * compiler checks: some cases (a '+' flag on %u) are ones it would warn
 * about while the C library still defines the output.
 */
static void
same_as_libc(const char *fmt, ...)
{
	char want[512], got[512];
	va_list ap, ap2;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	int wn = vsnprintf(want, sizeof(want), fmt, ap);
	memset(got, 'Z', sizeof(got));
	int gn = kvsnprintf(got, sizeof(got), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	if (strcmp(want, got) != 0 || wn != gn) {
		print_error("format \"%s\": libc \"%s\" (%d), kernel \"%s\" (%d)\n", fmt, want, wn,
		    got, gn);
		fail();
	}
}

/* Checks the kernel's own output for one format. */
static void
kernel_gives(const char *want, const char *fmt, ...)
{
	char got[512];
	va_list ap;

	va_start(ap, fmt);
	int n = kvsnprintf(got, sizeof(got), fmt, ap);
	va_end(ap);
	assert_string_equal(got, want);
	assert_int_equal(n, (int)strlen(want));
}

static void
test_plain_text_and_percent(void **state)
{
	same_as_libc("");
	same_as_libc("hello, world");
	same_as_libc("100%%");
	same_as_libc("%%%d%%", 5);
	same_as_libc("a%cb", 'x');
	same_as_libc("[%5c][%-5c]", 'q', 'r');
}

static void
test_signed_decimal(void **state)
{
	const int ints[] = { 0, 1, -1, 7, -7, 42, 1000000, INT_MAX, INT_MIN };
	const char *fmts[] = { "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "% 05d",
		"%.3d", "%.0d", "%8.3d", "%-8.3d|", "%08.3d", "%+.0d", "%1d", "%-+6d|", "%- 6d|",
		"%012d", "%+12d" };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
			same_as_libc(fmts[f], ints[i]);
		}
	}
}

static void
test_unsigned_hex_octal(void **state)
{
	const unsigned vals[] = { 0, 1, 7, 8, 15, 16, 255, 0x1000, 0xdeadbeef, UINT_MAX };
	const char *fmts[] = { "%u", "%x", "%X", "%o", "%#x", "%#X", "%#o", "%8x", "%-8x|", "%08x",
		"%#08x", "%#-8x|", "%.5x", "%#.5x", "%#.5o", "%#.0o", "%#.0x", "%.0u", "%+u", "% u",
		"%+x", "%#10.4X", "%010.4o", "%#3o" };

	for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
			same_as_libc(fmts[f], vals[i]);
		}
	}
}

static void
test_length_modifiers(void **state)
{
	same_as_libc("%hhd %hhd %hhd", 127, 128, -129);
	same_as_libc("%hhu %hhx %hho", 300, 0x1ff, 0777);
	same_as_libc("%hd %hd", 32767, 70000);
	same_as_libc("%hu %hx", 70000, -1);
	same_as_libc("%ld %ld %ld", 0L, LONG_MAX, LONG_MIN);
	same_as_libc("%lu %lx %lo", ULONG_MAX, ULONG_MAX, ULONG_MAX);
	same_as_libc("%lld %lld", LLONG_MAX, LLONG_MIN);
	same_as_libc("%llu %llx %#llX", ULLONG_MAX, 0x123456789abcdef0ULL, 0xfULL);
	same_as_libc("%zu %zx %zd", (size_t)-1, (size_t)4096, (ptrdiff_t)-4096);
	same_as_libc("%td %tx", (ptrdiff_t)-5, (ptrdiff_t)0x7f);
	same_as_libc("%lld|%20lld|%-20lld|%020lld", (long long)INT64_MIN, (long long)INT64_MIN,
	    (long long)INT64_MIN, (long long)INT64_MIN);
	same_as_libc("%lx %#lx %016lx", 0xffffffff80000000UL, 1UL << 63, 0x1234UL);
	/* Arguments of mixed sizes must stay in step. */
	same_as_libc("%hhd %lld %hd %d %zu %s", 1, 2LL, 3, 4, (size_t)5, "six");
}

static void
test_star_width_and_precision(void **state)
{
	same_as_libc("[%*d]", 6, 42);
	same_as_libc("[%*d]", -6, 42);
	same_as_libc("[%.*d]", 4, 42);
	same_as_libc("[%.*d]", -1, 42);
	same_as_libc("[%*.*x]", 8, 3, 0xa);
	same_as_libc("[%-*s]", 7, "ab");
	same_as_libc("[%.*s]", 2, "abcdef");
	same_as_libc("[%*s]", 0, "x");
}

static void
test_strings(void **state)
{
	same_as_libc("%s", "");
	same_as_libc("[%s]", "text");
	same_as_libc("[%10s][%-10s]", "right", "left");
	same_as_libc("[%.3s][%.0s][%.10s]", "abcdef", "abc", "abc");
	same_as_libc("[%8.2s][%-8.2s]", "abcdef", "abcdef");
	same_as_libc("%s=%s;%s", "key", "value", "rest");
}

static void
test_null_string(void **state)
{
	const char *volatile nothing = NULL;

	kernel_gives("(null)", "%s", nothing);
	kernel_gives("[  (null)]", "[%8s]", nothing);
	kernel_gives("[(nu]", "[%.3s]", nothing);
}

static void
test_pointer(void **state)
{
	kernel_gives("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	kernel_gives("0x0000000000000000", "%p", NULL);
	kernel_gives("0xffffffff80100000", "%p", (void *)0xffffffff80100000UL);
	kernel_gives("[  0x0000000000001000]", "[%20p]", (void *)0x1000UL);
	kernel_gives("[0x0000000000001000  ]", "[%-20p]", (void *)0x1000UL);
	kernel_gives("[0x0000000000001000]", "[%5p]", (void *)0x1000UL);
}

static void
test_odd_formats(void **state)
{
	const char *volatile lone = "abc%";
	const char *volatile unknown = "[%q]";

	kernel_gives("abc%", lone);
	kernel_gives("[%q]", unknown, 1);
	/* Absurd widths neither overflow nor hang; the output is bounded. */
	char buf[16];
	const char *volatile huge = "%99999999999999999999d";
	volatile int min_width = INT_MIN;
	int n = ksnprintf(buf, sizeof(buf), huge, 1);
	(void)n;
	assert_true(strlen(buf) < sizeof(buf));
	ksnprintf(buf, sizeof(buf), "%*d", min_width, 1);
	assert_true(strlen(buf) < sizeof(buf));
}

/* Truncation: the buffer always ends in NUL, never overflows, and the
 * return value is the length the whole output would have had. */
static void
test_truncation(void **state)
{
	char want[64], buf[64];
	const char *fmt = "value %d and %s and %#x";

	int full = snprintf(want, sizeof(want), fmt, -12345, "a string", 0xbeef);
	for (size_t size = 0; size <= (size_t)full + 2; size++) {
		memset(buf, 'Z', sizeof(buf));
		int n = ksnprintf(size ? buf : NULL, size, fmt, -12345, "a string", 0xbeef);
		assert_int_equal(n, full);
		if (size == 0) {
			continue;
		}
		size_t kept = size - 1 < (size_t)full ? size - 1 : (size_t)full;
		assert_memory_equal(buf, want, kept);
		assert_int_equal(buf[kept], '\0');
		/* Nothing written past the end of the given size. */
		assert_int_equal(buf[size], 'Z');
	}
}

static void
test_long_output(void **state)
{
	char big[2000], want[2000];

	int n = ksnprintf(big, sizeof(big), "%1500d|%-300s|", 7, "x");
	int w = snprintf(want, sizeof(want), "%1500d|%-300s|", 7, "x");
	assert_int_equal(n, w);
	assert_string_equal(big, want);
	n = ksnprintf(big, 10, "%1500d", 7);
	assert_int_equal(n, 1500);
	assert_string_equal(big, "         ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_and_percent),
		cmocka_unit_test(test_signed_decimal),
		cmocka_unit_test(test_unsigned_hex_octal),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_star_width_and_precision),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_odd_formats),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_long_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
