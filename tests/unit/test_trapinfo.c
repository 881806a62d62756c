/*
 * Host tests of the trap code's pure helpers: exception names, error-code
 * decoding, the frame-chain checks and the frameless-function heuristics
 * of the backtrace.
 */
/* unit-sources: kernel/arch/x86_64/trapinfo.c kernel/lib/printf.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "../../kernel/arch/x86_64/trapinfo.h"

static const char *
decode(unsigned vector, uint64_t error)
{
	static char buf[128];

	trapinfo_error_decode(vector, error, buf, sizeof(buf));
	return buf;
}

static void
test_names(void **state)
{
	assert_string_equal(trapinfo_mnemonic(14), "#PF");
	assert_string_equal(trapinfo_name(14), "page fault");
	assert_string_equal(trapinfo_mnemonic(0), "#DE");
	assert_string_equal(trapinfo_mnemonic(2), "NMI");
	assert_string_equal(trapinfo_mnemonic(8), "#DF");
	assert_string_equal(trapinfo_name(13), "general protection");
	assert_string_equal(trapinfo_mnemonic(15), "#RSV");
	assert_string_equal(trapinfo_mnemonic(48), "IRQ");
	for (unsigned v = 0; v < 32; v++) {
		assert_non_null(trapinfo_mnemonic(v));
		assert_non_null(trapinfo_name(v));
		assert_true(strlen(trapinfo_name(v)) > 0);
	}
}

static void
test_has_error(void **state)
{
	static const unsigned with[] = { 8, 10, 11, 12, 13, 14, 17, 21, 29, 30 };
	unsigned count = 0;

	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++) {
		assert_true(trapinfo_has_error(with[i]));
	}
	for (unsigned v = 0; v < 256; v++) {
		count += trapinfo_has_error(v);
	}
	assert_int_equal(count, sizeof(with) / sizeof(with[0]));
}

static void
test_pf_decode(void **state)
{
	assert_string_equal(decode(14, 0x2), "write, not present, supervisor");
	assert_string_equal(decode(14, 0x0), "read, not present, supervisor");
	assert_string_equal(decode(14, 0x3), "write, protection violation, supervisor");
	assert_string_equal(decode(14, 0x11),
	    "instruction fetch, protection violation, supervisor");
	assert_string_equal(decode(14, 0x7), "write, protection violation, user");
	assert_string_equal(decode(14, 0x0D), "read, protection violation, user, reserved bit set");
	assert_string_equal(decode(14, 0x8061),
	    "read, protection violation, supervisor, protection key, shadow stack, SGX");
}

static void
test_selector_decode(void **state)
{
	assert_string_equal(decode(13, 0), "");
	assert_string_equal(decode(13, 0x30), "GDT selector 0x30");
	assert_string_equal(decode(11, 0x2C), "LDT selector 0x28");
	assert_string_equal(decode(13, (14 << 3) | 2), "IDT vector 14");
	assert_string_equal(decode(10, 0x31), "GDT selector 0x30, external event");
	assert_string_equal(decode(21, 1), "near return");
	assert_string_equal(decode(21, 0x8003), "missing endbranch, in enclave");
	assert_string_equal(decode(21, 9), "unknown cause");
	assert_string_equal(decode(6, 0), "");
}

static void
test_decode_truncates(void **state)
{
	char small[8];

	int n = trapinfo_error_decode(14, 0x2, small, sizeof(small));
	assert_int_equal(n, (int)strlen("write, not present, supervisor"));
	assert_string_equal(small, "write, ");
}

static void
test_frame_ok(void **state)
{
	const struct trapinfo_range r[] = {
		{ 0x1000, 0x2000 },
		{ 0x8000, 0x9000 },
	};

	assert_true(trapinfo_frame_ok(0, 0x1100, r, 2));
	assert_true(trapinfo_frame_ok(0x1100, 0x1200, r, 2));
	assert_false(trapinfo_frame_ok(0, 0, r, 2));
	assert_false(trapinfo_frame_ok(0, 0x1104, r, 2));      /* misaligned */
	assert_false(trapinfo_frame_ok(0x1200, 0x1200, r, 2)); /* not increasing */
	assert_false(trapinfo_frame_ok(0x1200, 0x1100, r, 2)); /* going down */
	assert_false(trapinfo_frame_ok(0, 0x3000, r, 2));      /* outside */
	assert_false(trapinfo_frame_ok(0x1100, 0x8100, r, 2)); /* another stack */
	assert_false(trapinfo_frame_ok(0, 0x1ff8, r, 2));      /* return address past end */
	assert_true(trapinfo_frame_ok(0, 0x1ff0, r, 2));
	assert_false(trapinfo_frame_ok(0, UINT64_MAX - 7, r, 2));
}

static void
test_ret_slot(void **state)
{
	const uint8_t framed[8] = { 0x55, 0x48, 0x89, 0xE5, 0x53, 0x48, 0x83, 0xEC };
	const uint8_t endbr[8] = { 0xF3, 0x0F, 0x1E, 0xFA, 0x55, 0x48, 0x89, 0xE5 };
	const uint8_t leaf[8] = { 0x0F, 0x0B, 0x31, 0xC0, 0xC3, 0x90, 0x90, 0x90 };

	assert_int_equal(trapinfo_ret_slot(framed, 0, 0x55), 0);
	assert_int_equal(trapinfo_ret_slot(framed, 1, 0x48), 1);
	assert_int_equal(trapinfo_ret_slot(framed, 4, 0x53), TRAPINFO_RET_FRAME);
	assert_int_equal(trapinfo_ret_slot(framed, 40, 0x8B), TRAPINFO_RET_FRAME);
	assert_int_equal(trapinfo_ret_slot(framed, 40, 0xC3), 0); /* at ret */
	assert_int_equal(trapinfo_ret_slot(endbr, 4, 0x55), 0);
	assert_int_equal(trapinfo_ret_slot(endbr, 5, 0x48), 1);
	assert_int_equal(trapinfo_ret_slot(endbr, 8, 0x31), TRAPINFO_RET_FRAME);
	assert_int_equal(trapinfo_ret_slot(leaf, 0, 0x0F), 0);
	assert_int_equal(trapinfo_ret_slot(leaf, 2, 0x31), 0);
}

static void
test_after_call(void **state)
{
	/* The 7 bytes before each would-be return address. */
	const uint8_t rel32[7] = { 0x90, 0x90, 0xE8, 0x10, 0x20, 0x30, 0x40 };
	const uint8_t reg[7] = { 0x90, 0x90, 0x90, 0x90, 0x90, 0xFF, 0xD0 };     /* *%rax */
	const uint8_t rex_reg[7] = { 0x90, 0x90, 0x90, 0x90, 0x41, 0xFF, 0xD3 }; /* *%r11 */
	const uint8_t disp8[7] = { 0x90, 0x90, 0x90, 0x90, 0xFF, 0x50, 0x08 };   /* *8(%rax) */
	const uint8_t riprel[7] = { 0x90, 0xFF, 0x15, 0x00, 0x10, 0x00, 0x00 };  /* *x(%rip) */
	const uint8_t jmp[7] = { 0x90, 0x90, 0x90, 0x90, 0x90, 0xFF, 0xE0 };     /* jmp *%rax */
	const uint8_t data[7] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };

	assert_true(trapinfo_after_call(rel32));
	assert_true(trapinfo_after_call(reg));
	assert_true(trapinfo_after_call(rex_reg));
	assert_true(trapinfo_after_call(disp8));
	assert_true(trapinfo_after_call(riprel));
	assert_false(trapinfo_after_call(jmp));
	assert_false(trapinfo_after_call(data));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_has_error),
		cmocka_unit_test(test_pf_decode),
		cmocka_unit_test(test_selector_decode),
		cmocka_unit_test(test_decode_truncates),
		cmocka_unit_test(test_frame_ok),
		cmocka_unit_test(test_ret_slot),
		cmocka_unit_test(test_after_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
