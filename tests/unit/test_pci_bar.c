/*
 * PCI BAR decoding from (value, size mask) pairs as the enumerator reads
 * them, plus the size and class words of the boot log.
 */
/* unit-sources: kernel/pci/bar.c kernel/lib/printf.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <kern/pci.h>

static void
test_io(void **state)
{
	/* 32 ports at 0xc040; the upper 16 bits not decoded read back 0. */
	uint32_t vals[6] = { 0xc041 }, masks[6] = { 0x0000ffe1 };
	struct pci_bar b;

	assert_int_equal(pci_bar_decode(vals, masks, 0, 6, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_IO);
	assert_int_equal(b.base, 0xc040);
	assert_int_equal(b.size, 32);
	assert_false(b.prefetchable);

	/* The same with all 32 address bits writable. */
	masks[0] = 0xffffffe1;
	assert_int_equal(pci_bar_decode(vals, masks, 0, 6, &b), 1);
	assert_int_equal(b.size, 32);
}

static void
test_mem32(void **state)
{
	uint32_t vals[6] = { 0, 0xfeb80000 }, masks[6] = { 0, 0xfffff000 };
	struct pci_bar b;

	assert_int_equal(pci_bar_decode(vals, masks, 1, 6, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_MEM32);
	assert_int_equal(b.base, 0xfeb80000);
	assert_int_equal(b.size, 4096);
	assert_false(b.prefetchable);

	/* Prefetchable 16 MiB framebuffer. */
	vals[1] = 0xfd000008;
	masks[1] = 0xff000008;
	assert_int_equal(pci_bar_decode(vals, masks, 1, 6, &b), 1);
	assert_true(b.prefetchable);
	assert_int_equal(b.base, 0xfd000000);
	assert_int_equal(b.size, 16u << 20);

	/* The old below-1-MiB type decodes as a 32-bit BAR. */
	vals[1] = 0x000c0002;
	masks[1] = 0xfffe0002;
	assert_int_equal(pci_bar_decode(vals, masks, 1, 6, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_MEM32);
	assert_int_equal(b.size, 128 * 1024);
}

static void
test_mem64(void **state)
{
	/* 16 KiB prefetchable at 0x8_fe000000, in slots 4 and 5. */
	uint32_t vals[6] = { 0, 0, 0, 0, 0xfe00000c, 0x8 };
	uint32_t masks[6] = { 0, 0, 0, 0, 0xffffc00c, 0xffffffff };
	struct pci_bar b;

	assert_int_equal(pci_bar_decode(vals, masks, 4, 6, &b), 2);
	assert_int_equal(b.kind, PCI_BAR_MEM64);
	assert_true(b.prefetchable);
	assert_int_equal(b.base, 0x8fe000000ull);
	assert_int_equal(b.size, 16384);

	/* A BAR larger than 4 GiB: the size comes from the high half. */
	vals[4] = 0x0000000c;
	masks[4] = 0x0000000c;
	masks[5] = 0xfffffff0;
	assert_int_equal(pci_bar_decode(vals, masks, 4, 6, &b), 2);
	assert_int_equal(b.size, 16ull << 32);

	/* Both halves read back 0: not implemented, still two slots. */
	masks[4] = 0x4;
	masks[5] = 0;
	vals[4] = 0x4;
	assert_int_equal(pci_bar_decode(vals, masks, 4, 6, &b), 2);
	assert_int_equal(b.kind, PCI_BAR_NONE);
}

static void
test_invalid(void **state)
{
	uint32_t vals[6] = { 0, 0, 0, 0, 0, 0xfe000004 };
	uint32_t masks[6] = { 0, 0, 0, 0, 0, 0xffffc004 };
	struct pci_bar b;

	/* A 64-bit BAR cannot start in the last slot. */
	assert_int_equal(pci_bar_decode(vals, masks, 5, 6, &b), -EINVAL);
	assert_int_equal(b.kind, PCI_BAR_NONE);
	/* Nor in the last slot of a bridge, which has two. */
	vals[1] = 0xfe000004;
	masks[1] = 0xffffc004;
	assert_int_equal(pci_bar_decode(vals, masks, 1, 2, &b), -EINVAL);
	/* The reserved memory type. */
	vals[0] = 0xfe000006;
	masks[0] = 0xffffc006;
	assert_int_equal(pci_bar_decode(vals, masks, 0, 6, &b), -EINVAL);
	/* An index past the count. */
	assert_int_equal(pci_bar_decode(vals, masks, 6, 6, &b), -EINVAL);
}

static void
test_unimplemented(void **state)
{
	uint32_t vals[6] = { 0 }, masks[6] = { 0 };
	struct pci_bar b;

	for (unsigned i = 0; i < 6; i++) {
		assert_int_equal(pci_bar_decode(vals, masks, i, 6, &b), 1);
		assert_int_equal(b.kind, PCI_BAR_NONE);
		assert_int_equal(b.size, 0);
	}
	/* An I/O BAR whose address bits do not stick. */
	vals[0] = 1;
	masks[0] = 1;
	assert_int_equal(pci_bar_decode(vals, masks, 0, 6, &b), 1);
	assert_int_equal(b.kind, PCI_BAR_NONE);
}

static void
test_format(void **state)
{
	char buf[16];

	pci_format_size(32, buf, sizeof(buf));
	assert_string_equal(buf, "32");
	pci_format_size(4096, buf, sizeof(buf));
	assert_string_equal(buf, "4K");
	pci_format_size(16384, buf, sizeof(buf));
	assert_string_equal(buf, "16K");
	pci_format_size(16u << 20, buf, sizeof(buf));
	assert_string_equal(buf, "16M");
	pci_format_size(3ull << 30, buf, sizeof(buf));
	assert_string_equal(buf, "3G");
	pci_format_size(1536, buf, sizeof(buf));
	assert_string_equal(buf, "1536");
	assert_string_equal(pci_class_name(0x02), "network");
	assert_string_equal(pci_class_name(0x06), "bridge");
	assert_string_equal(pci_class_name(0x40), "coprocessor");
	assert_string_equal(pci_class_name(0xff), "other");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io),
		cmocka_unit_test(test_mem32),
		cmocka_unit_test(test_mem64),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_unimplemented),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
