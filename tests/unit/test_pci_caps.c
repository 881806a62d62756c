/*
 * The PCI capability walk over a fake 256-byte configuration space:
 * MSI, MSI-X and PCI Express are found and decoded, and broken chains
 * (a loop, a pointer into the header) end the walk instead of hanging it.
 */
/* unit-sources: kernel/pci/caps.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "../../kernel/pci/pci_internal.h"

static uint8_t cfg[256];
static int reads;

static uint32_t
cfg_read(void *ctx, unsigned off, unsigned width)
{
	uint32_t v = 0;

	reads++;
	assert_true(off + width <= sizeof(cfg));
	memcpy(&v, cfg + off, width);
	return v;
}

static void
set16(unsigned off, uint16_t v)
{
	memcpy(cfg + off, &v, 2);
}

static void
set32(unsigned off, uint32_t v)
{
	memcpy(cfg + off, &v, 4);
}

/* A device with PM (0x40) -> MSI (0x50) -> MSI-X (0x70) -> PCIe (0xa0). */
static void
build(void)
{
	memset(cfg, 0, sizeof(cfg));
	set16(PCI_STATUS, PCI_STATUS_CAP_LIST);
	cfg[PCI_CAP_PTR] = 0x40;
	cfg[0x40] = 0x01;
	cfg[0x41] = 0x50;
	cfg[0x50] = 0x05;
	cfg[0x51] = 0x70;
	set16(0x52, 0x0080 | 0x0100 | (3 << 1)); /* 64-bit, maskable, 8 vectors */
	cfg[0x70] = 0x11;
	cfg[0x71] = 0xa0;
	set16(0x72, 0x8000 | 3); /* 4 vectors */
	set32(0x74, 0x00000001); /* table in BAR1 at 0 */
	set32(0x78, 0x00000801); /* PBA in BAR1 at 0x800 */
	cfg[0xa0] = 0x10;
	cfg[0xa1] = 0x00;
	set16(0xa2, 0x0002); /* v2 endpoint */
}

static void
test_caps(void **state)
{
	struct pci_device d = { 0 };

	build();
	pci_caps_parse(cfg_read, NULL, &d);
	assert_true(d.msi.present);
	assert_int_equal(d.msi.offset, 0x50);
	assert_true(d.msi.addr64);
	assert_true(d.msi.per_vector_mask);
	assert_int_equal(d.msi.max_vectors, 8);
	assert_true(d.msix.present);
	assert_int_equal(d.msix.table_size, 4);
	assert_int_equal(d.msix.table_bir, 1);
	assert_int_equal(d.msix.table_offset, 0);
	assert_int_equal(d.msix.pba_bir, 1);
	assert_int_equal(d.msix.pba_offset, 0x800);
	assert_true(d.pcie.present);
	assert_int_equal(d.pcie.version, 2);
	assert_int_equal(d.pcie.port_type, 0);
}

static void
test_no_list(void **state)
{
	struct pci_device d = { 0 };

	build();
	set16(PCI_STATUS, 0);
	pci_caps_parse(cfg_read, NULL, &d);
	assert_false(d.msi.present || d.msix.present || d.pcie.present);
}

static void
test_broken_chains(void **state)
{
	struct pci_device d = { 0 };

	/* A loop back to the first capability ends after a bounded walk. */
	build();
	cfg[0xa1] = 0x40;
	reads = 0;
	pci_caps_parse(cfg_read, NULL, &d);
	assert_true(d.pcie.present);
	assert_true(reads < 400);

	/* A pointer into the standard header stops the walk there. */
	memset(&d, 0, sizeof(d));
	build();
	cfg[0x51] = 0x10;
	pci_caps_parse(cfg_read, NULL, &d);
	assert_true(d.msi.present);
	assert_false(d.msix.present);

	/* MSI-X too close to the end of the space to hold its registers. */
	memset(&d, 0, sizeof(d));
	build();
	cfg[0xa1] = 0xf8;
	cfg[0xf8] = 0x11;
	cfg[0xf9] = 0x00;
	cfg[0x71] = 0xa0;
	cfg[0x70] = 0x09; /* the real MSI-X turned into a vendor cap */
	pci_caps_parse(cfg_read, NULL, &d);
	assert_false(d.msix.present);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_no_list),
		cmocka_unit_test(test_broken_chains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
