/* unit-sources: lib/libvirtio/pci_plan.c */
/*
 * The pure part of the virtio PCI glue: which BAR spans a driver maps
 * for a device laid out as QEMU's virtio-rng-pci (MSI-X table in BAR 1,
 * the four windows in BAR 4), and the refusals: a BAR not granted, a
 * window in an I/O BAR or past its BAR's end, an MSI-X table that does
 * not fit; then the MSI-X table entry layout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include <libvirtio/pci.h>

static struct pci_info info;
static struct virtio_caps caps;
static struct virtio_pci_span span[PCI_INFO_BARS];

static void
window(struct virtio_window *w, uint8_t bar, uint32_t off, uint32_t len)
{
	*w = (struct virtio_window){ .vw_bar = bar,
		.vw_present = 1,
		.vw_offset = off,
		.vw_length = len };
}

/* QEMU's layout: BAR 0 I/O (legacy, unused), BAR 1 4 KiB with the
 * MSI-X table (2 vectors) at 0 and the PBA at 0x800, BAR 4 16 KiB
 * 64-bit with common 0x0, ISR 0x1000, device 0x2000, notify 0x3000. */
static int
setup(void **state)
{
	memset(&info, 0, sizeof(info));
	memset(&caps, 0, sizeof(caps));
	info.pi_vendor = 0x1af4;
	info.pi_device = 0x1044;
	info.pi_bar[0] = (struct pci_info_bar){ 0xc000, 0x20, PCI_INFO_BAR_IO, 0 };
	info.pi_bar[1] = (struct pci_info_bar){ 0xfebd1000, 0x1000, PCI_INFO_BAR_MEM, 0 };
	info.pi_bar[4] = (struct pci_info_bar){ 0xfe000000, 0x4000, PCI_INFO_BAR_MEM, 1 };
	info.pi_msix_offset = 0x98;
	info.pi_msix_size = 2;
	info.pi_msix_table_bar = 1;
	info.pi_msix_table_offset = 0;
	info.pi_msix_pba_bar = 1;
	info.pi_msix_pba_offset = 0x800;
	window(&caps.vc_common, 4, 0, 0x1000);
	window(&caps.vc_isr, 4, 0x1000, 0x1000);
	window(&caps.vc_device, 4, 0x2000, 0x1000);
	window(&caps.vc_notify, 4, 0x3000, 0x1000);
	caps.vc_notify_mult = 4;
	return 0;
}

static void
test_bar_sizes(void **state)
{
	uint64_t len[PCI_INFO_BARS];

	virtio_pci_bar_sizes(&info, len);
	assert_int_equal(len[0], 0); /* I/O: cannot be mapped */
	assert_int_equal(len[1], 0x1000);
	assert_int_equal(len[2], 0);
	assert_int_equal(len[4], 0x4000);
}

static void
test_qemu_layout(void **state)
{
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x12, span), 0);
	assert_int_equal(span[1].vs_lo, 0);
	assert_int_equal(span[1].vs_hi, 2 * PCI_MSIX_ENTRY_SIZE);
	assert_int_equal(span[4].vs_lo, 0);
	assert_int_equal(span[4].vs_hi, 0x4000);
	for (int i = 0; i < PCI_INFO_BARS; i++) {
		if (i != 1 && i != 4) {
			assert_int_equal(span[i].vs_hi, 0);
		}
	}
}

/* Windows in any order make one span from the lowest to the highest. */
static void
test_span_union(void **state)
{
	window(&caps.vc_common, 4, 0x3000, 0x38);
	window(&caps.vc_notify, 4, 0x1000, 0x10);
	window(&caps.vc_isr, 4, 0x2000, 1);
	caps.vc_device.vw_present = 0;
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x12, span), 0);
	assert_int_equal(span[4].vs_lo, 0x1000);
	assert_int_equal(span[4].vs_hi, 0x3038);
}

static void
test_not_granted(void **state)
{
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x10, span), -EPERM); /* BAR 1 */
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x02, span), -EPERM); /* BAR 4 */
}

static void
test_window_in_io_bar(void **state)
{
	window(&caps.vc_isr, 0, 0, 1);
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x13, span), -EINVAL);
}

static void
test_window_past_bar(void **state)
{
	window(&caps.vc_notify, 4, 0x3000, 0x1001);
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x12, span), -EINVAL);
	window(&caps.vc_notify, 4, 0xffffffff, 0xffffffff);
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x12, span), -EINVAL);
	window(&caps.vc_notify, 2, 0, 4); /* an unimplemented BAR */
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x3f, span), -EINVAL);
}

static void
test_msix_table(void **state)
{
	info.pi_msix_size = 257; /* 4112 bytes: past BAR 1 */
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x12, span), -EINVAL);
	info.pi_msix_size = 2;
	info.pi_msix_table_bar = 6;
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x3f, span), -EINVAL);
	/* Without MSI-X the table is not mapped at all. */
	info.pi_msix_offset = 0;
	assert_int_equal(virtio_pci_plan(&info, &caps, 0x10, span), 0);
	assert_int_equal(span[1].vs_hi, 0);
}

static void
test_msix_entry(void **state)
{
	uint32_t table[3 * 4];
	struct msi_msg msg = { .mm_addr = 0x1fee01000ULL, .mm_data = 0x4031 };

	memset(table, 0, sizeof(table));
	table[4 + 3] = 0xa5a50000 | PCI_MSIX_ENTRY_MASKED; /* reserved bits set */
	virtio_pci_msix_entry((volatile uint8_t *)table, 1, &msg, true);
	assert_int_equal(table[4], 0xfee01000);
	assert_int_equal(table[5], 1);
	assert_int_equal(table[6], 0x4031);
	assert_int_equal(table[7], 0xa5a50000);
	/* Neighbours untouched. */
	assert_int_equal(table[3], 0);
	assert_int_equal(table[8], 0);
	virtio_pci_msix_entry((volatile uint8_t *)table, 2, &msg, false);
	assert_int_equal(table[11], PCI_MSIX_ENTRY_MASKED);
	assert_int_equal(table[10], 0x4031);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bar_sizes, setup),
		cmocka_unit_test_setup(test_qemu_layout, setup),
		cmocka_unit_test_setup(test_span_union, setup),
		cmocka_unit_test_setup(test_not_granted, setup),
		cmocka_unit_test_setup(test_window_in_io_bar, setup),
		cmocka_unit_test_setup(test_window_past_bar, setup),
		cmocka_unit_test_setup(test_msix_table, setup),
		cmocka_unit_test_setup(test_msix_entry, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
