/*
 * Host tests of the privilege-record checks (kernel/proc/res_check.c): IRQ
 * lines, MMIO windows, RAM that is never MMIO, and the TSS I/O bitmap.
 */
/* unit-sources: kernel/proc/res_check.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <kern/res_check.h>
#include <xinim/errno.h>

static bool
port_allowed(const uint8_t *bm, unsigned port)
{
	return (bm[port / 8] & (1u << (port % 8))) == 0;
}

static void
test_irq(void **state)
{
	struct priv_desc pd = { .pd_irq_count = 2, .pd_irq = { 5, 11, 4 } };

	assert_true(res_check_irq(&pd, 5));
	assert_true(res_check_irq(&pd, 11));
	assert_false(res_check_irq(&pd, 4)); /* past the count */
	assert_false(res_check_irq(&pd, 0));
	pd.pd_irq_count = 1000; /* a lying count stops at the array's end */
	assert_true(res_check_irq(&pd, 4));
	assert_false(res_check_irq(&pd, 256 + 5));
}

static void
test_mmio(void **state)
{
	struct priv_desc pd = {
		.pd_mmio_count = 3,
		.pd_mmio = {
			{ 0xfed00000, 0x1000 },
			{ 0xfebf0000, 0x4000 },
			{ 0xfffffffffffff000ULL, 0x2000 }, /* wraps: grants nothing */
		},
	};

	assert_int_equal(res_check_mmio(&pd, 0xfed00000, 0x1000), 0);
	assert_int_equal(res_check_mmio(&pd, 0xfed00100, 0x10), 0);
	assert_int_equal(res_check_mmio(&pd, 0xfebf3000, 0x1000), 0);
	assert_int_equal(res_check_mmio(&pd, 0xfed00000, 0x1001), -EPERM);
	assert_int_equal(res_check_mmio(&pd, 0xfecff000, 0x2000), -EPERM);
	assert_int_equal(res_check_mmio(&pd, 0x100000, 0x1000), -EPERM);
	assert_int_equal(res_check_mmio(&pd, 0xfed00000, 0), -EINVAL);
	assert_int_equal(res_check_mmio(&pd, 0xfffffffffffff000ULL, 0x1000), -EINVAL);
	assert_int_equal(res_check_mmio(&pd, 0xfffffffffffff000ULL, 0xfff), -EPERM);
	assert_int_equal(res_check_mmio(&pd, 0xfed00000, UINT64_MAX), -EINVAL);
	pd.pd_mmio_count = 0;
	assert_int_equal(res_check_mmio(&pd, 0xfed00000, 0x1000), -EPERM);
}

static void
test_is_ram(void **state)
{
	static const struct mem_range map[] = {
		{ 0x0, 0x9fc00, MEM_USABLE },
		{ 0xf0000, 0x10000, MEM_RESERVED },
		{ 0x100000, 0x1ff00000, MEM_USABLE },
		{ 0x7ffe0000, 0x20000, MEM_ACPI_RECLAIM },
		{ 0xfeffc000, 0x4000, MEM_RESERVED },
	};

	assert_false(res_check_is_ram(map, 5, 0xfed00000, 0xfed01000));
	assert_false(res_check_is_ram(map, 5, 0xa0000, 0xc0000)); /* VGA window */
	assert_false(res_check_is_ram(map, 5, 0xfeffc000, 0xff000000));
	assert_true(res_check_is_ram(map, 5, 0x9f000, 0xa0000));
	assert_true(res_check_is_ram(map, 5, 0x1ffff000, 0x20001000));
	assert_false(res_check_is_ram(map, 5, 0x20000000, 0x20001000));
	assert_true(res_check_is_ram(map, 5, 0x7fff0000, 0x7fff1000));
	assert_true(res_check_is_ram(map, 5, 0x0, UINT64_MAX));
	assert_false(res_check_is_ram(map, 0, 0x0, UINT64_MAX));
}

static void
test_io_bitmap(void **state)
{
	static uint8_t bm[RES_IOBITMAP_BYTES];
	struct priv_desc pd = {
		.pd_io_count = 3,
		.pd_io = { { 0x3f8, 8 }, { 0x3fc, 8 }, { 0xfffe, 16 } },
	};

	assert_int_equal(res_check_io_bitmap(&pd, bm), 12 + 2);
	for (unsigned p = 0x3f0; p < 0x410; p++) {
		assert_int_equal(port_allowed(bm, p), p >= 0x3f8 && p < 0x404);
	}
	assert_true(port_allowed(bm, 0xffff));
	assert_false(port_allowed(bm, 0));
	assert_false(port_allowed(bm, 0x80));
	pd.pd_io_count = 0;
	assert_int_equal(res_check_io_bitmap(&pd, bm), 0);
	for (unsigned i = 0; i < RES_IOBITMAP_BYTES; i++) {
		assert_int_equal(bm[i], 0xff);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_irq),
		cmocka_unit_test(test_mmio),
		cmocka_unit_test(test_is_ram),
		cmocka_unit_test(test_io_bitmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
