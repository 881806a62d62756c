/* unit-sources: lib/libvirtio/caps.c */
/*
 * Virtio PCI capability parsing: a configuration space laid out as
 * QEMU's virtio-rng-pci presents it (MSI-X, then vendor capabilities
 * for PCI-cfg access, notify, device, ISR and common configuration,
 * all in BAR 4), then malformed lists: loops, pointers into the header,
 * capabilities past the end, reserved BARs, short or overflowing windows,
 * bad notify multipliers, and random bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <xinim/errno.h>
#include <libvirtio/caps.h>
#include <libvirtio/virtio.h>

static uint8_t cfg[4096];
static unsigned reads;

/* The caller-supplied reader: aligned dwords of the image, bounds
 * asserted so that the parser never asks for anything else. */
static uint32_t
read32(void *ctx, uint16_t off)
{
	size_t size = *(size_t *)ctx;

	assert_true((off & 3) == 0);
	assert_true(off + 4u <= size);
	reads++;
	return (uint32_t)cfg[off] | (uint32_t)cfg[off + 1] << 8 | (uint32_t)cfg[off + 2] << 16 |
	    (uint32_t)cfg[off + 3] << 24;
}

static void
put32(unsigned off, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		cfg[off + i] = (uint8_t)(v >> (8 * i));
	}
}

/* A virtio capability at off: type, bar, offset, length, next. */
static void
vcap(unsigned off, uint8_t next, uint8_t type, uint8_t bar, uint32_t offset, uint32_t length)
{
	cfg[off] = PCI_CAP_ID_VENDOR;
	cfg[off + 1] = next;
	cfg[off + 2] = type == VIRTIO_PCI_CAP_NOTIFY_CFG ? 20 : 16;
	cfg[off + 3] = type;
	cfg[off + 4] = bar;
	put32(off + 8, offset);
	put32(off + 12, length);
}

/* QEMU's virtio-rng-pci (transitional, 1af4:1005): capability pointer
 * 0x98 (MSI-X) -> 0x84 (PCI cfg) -> 0x70 notify -> 0x60 device ->
 * 0x50 ISR -> 0x40 common, each structure 4 KiB in the 16 KiB BAR 4. */
static void
build_rng(void)
{
	memset(cfg, 0, sizeof(cfg));
	put32(0x00, 0x10051af4);
	cfg[0x06] = 0x10; /* status: capability list */
	cfg[0x34] = 0x98;
	cfg[0x98] = 0x11; /* MSI-X */
	cfg[0x99] = 0x84;
	vcap(0x84, 0x70, VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 0);
	vcap(0x70, 0x60, VIRTIO_PCI_CAP_NOTIFY_CFG, 4, 0x3000, 0x1000);
	put32(0x70 + 16, 4);
	vcap(0x60, 0x50, VIRTIO_PCI_CAP_DEVICE_CFG, 4, 0x2000, 0x1000);
	vcap(0x50, 0x40, VIRTIO_PCI_CAP_ISR_CFG, 4, 0x1000, 0x1000);
	vcap(0x40, 0x00, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0x0000, 0x1000);
}

static int
parse(size_t size, const uint64_t *bars, struct virtio_caps *caps)
{
	return virtio_caps_parse(read32, &size, bars, caps);
}

static void
test_qemu_rng(void **state)
{
	struct virtio_caps c;
	uint32_t off;

	build_rng();
	assert_int_equal(parse(256, NULL, &c), 0);
	assert_int_equal(c.vc_ignored, 0);
	assert_true(c.vc_common.vw_present);
	assert_int_equal(c.vc_common.vw_bar, 4);
	assert_int_equal(c.vc_common.vw_offset, 0);
	assert_int_equal(c.vc_common.vw_length, 0x1000);
	assert_int_equal(c.vc_isr.vw_offset, 0x1000);
	assert_int_equal(c.vc_device.vw_offset, 0x2000);
	assert_int_equal(c.vc_notify.vw_offset, 0x3000);
	assert_int_equal(c.vc_notify_mult, 4);
	assert_int_equal(virtio_caps_notify_offset(&c, 0, &off), 0);
	assert_int_equal(off, 0x3000);
	assert_int_equal(virtio_caps_notify_offset(&c, 3, &off), 0);
	assert_int_equal(off, 0x300c);
	assert_int_equal(virtio_caps_notify_offset(&c, 1023, &off), 0);
	assert_int_equal(virtio_caps_notify_offset(&c, 1024, &off), -ERANGE);
	/* A 4 KiB (PCIe) image parses the same. */
	assert_int_equal(parse(4096, NULL, &c), 0);
	assert_int_equal(c.vc_notify.vw_offset, 0x3000);
}

static void
test_bar_sizes(void **state)
{
	/* As XINIM's PCI list shows QEMU's virtio-rng-pci: bar0 I/O 32
	 * bytes, bar1 4 KiB (MSI-X table), bar4 64-bit 16 KiB. */
	uint64_t bars[6] = { 0x20, 0x1000, 0, 0, 0x4000, 0 };
	struct virtio_caps c;

	build_rng();
	assert_int_equal(parse(256, bars, &c), 0);
	/* BAR 4 only 8 KiB: notify (0x3000) and device (0x2000) do not fit. */
	bars[4] = 0x2000;
	assert_int_equal(parse(256, bars, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 2);
	assert_false(c.vc_device.vw_present);
	/* BAR 4 not implemented at all. */
	bars[4] = 0;
	assert_int_equal(parse(256, bars, &c), -ENODEV);
}

static void
test_no_cap_list(void **state)
{
	struct virtio_caps c;

	build_rng();
	cfg[0x06] = 0;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
}

static void
test_loops(void **state)
{
	struct virtio_caps c;

	/* The last capability points back to the first: walk stops. */
	build_rng();
	cfg[0x41] = 0x98;
	reads = 0;
	assert_int_equal(parse(256, NULL, &c), 0);
	assert_int_equal(c.vc_ignored, 1);
	assert_true(reads < 1000);
	/* A capability pointing at itself before common is reached. */
	build_rng();
	cfg[0x71] = 0x70;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 1);
	/* A pointer into the configuration header. */
	build_rng();
	cfg[0x85] = 0x10;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 1);
}

static void
test_past_end(void **state)
{
	struct virtio_caps c;

	/* Common moved to 0xf8: its 16 bytes cross the 256-byte end. */
	build_rng();
	vcap(0xf8, 0x00, VIRTIO_PCI_CAP_COMMON_CFG, 4, 0, 0x1000);
	cfg[0x51] = 0xf8;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 1);
	/* A cap_len too short for a virtio capability. */
	build_rng();
	cfg[0x42] = 12;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	/* A notify capability without its multiplier. */
	build_rng();
	cfg[0x72] = 16;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
}

static void
test_bad_windows(void **state)
{
	struct virtio_caps c;

	/* Reserved BAR numbers. */
	build_rng();
	cfg[0x44] = 6;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 1);
	/* A common window too small for the 1.0 registers. */
	build_rng();
	put32(0x40 + 12, 0x20);
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	/* offset + length past 4 GiB. */
	build_rng();
	put32(0x50 + 8, 0xfffff000);
	put32(0x50 + 12, 0x2000);
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	/* Zero-length ISR window. */
	build_rng();
	put32(0x50 + 12, 0);
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	/* Missing common configuration: turned into another type. */
	build_rng();
	cfg[0x43] = 9;
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	assert_int_equal(c.vc_ignored, 0);
}

static void
test_notify_mult(void **state)
{
	struct virtio_caps c;
	uint32_t off;

	build_rng();
	put32(0x70 + 16, 3);
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	put32(0x70 + 16, 1);
	assert_int_equal(parse(256, NULL, &c), -ENODEV);
	/* 0: every queue notifies at the same address. */
	put32(0x70 + 16, 0);
	assert_int_equal(parse(256, NULL, &c), 0);
	assert_int_equal(virtio_caps_notify_offset(&c, 500, &off), 0);
	assert_int_equal(off, 0x3000);
	/* Huge multiplier: every queue but 0 lies outside the window. */
	put32(0x70 + 16, 0x80000000u);
	assert_int_equal(parse(256, NULL, &c), 0);
	assert_int_equal(virtio_caps_notify_offset(&c, 1, &off), -ERANGE);
	assert_int_equal(virtio_caps_notify_offset(&c, 0xffff, &off), -ERANGE);
}

static void
test_first_wins(void **state)
{
	struct virtio_caps c;

	/* A malformed common (BAR 7) first, a good one later: the good one
	 * is used; of two good ones, the first. */
	build_rng();
	vcap(0xb0, 0x40, VIRTIO_PCI_CAP_COMMON_CFG, 7, 0, 0x1000);
	vcap(0xc0, 0xb0, VIRTIO_PCI_CAP_COMMON_CFG, 2, 0x8000, 0x1000);
	cfg[0x51] = 0xc0;
	assert_int_equal(parse(256, NULL, &c), 0);
	assert_int_equal(c.vc_ignored, 1);
	assert_int_equal(c.vc_common.vw_bar, 2);
	assert_int_equal(c.vc_common.vw_offset, 0x8000);
}

/* Random capability areas: the parser must stay inside the image and
 * terminate; what it accepts must satisfy its own rules. */
static void
test_random(void **state)
{
	struct virtio_caps c;

	srand(4);
	for (int round = 0; round < 20000; round++) {
		build_rng();
		if (round % 2 == 0) {
			for (unsigned i = 0x40; i < 256; i++) {
				cfg[i] = (uint8_t)rand();
			}
		} else {
			for (int k = 0; k < 4; k++) {
				cfg[0x40 + rand() % 0xc0] = (uint8_t)rand();
			}
		}
		cfg[0x34] = (uint8_t)(round % 5 == 0 ? rand() : 0x98);
		reads = 0;
		if (parse(256, NULL, &c) == 0) {
			assert_true(c.vc_common.vw_bar < 6);
			assert_true(c.vc_common.vw_length >= VIRTIO_COMMON_CFG_SIZE);
			assert_true(c.vc_notify_mult != 1);
			assert_true(
			    (uint64_t)c.vc_isr.vw_offset + c.vc_isr.vw_length <= UINT32_MAX);
		}
		assert_true(reads < 48 * 16);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_rng),
		cmocka_unit_test(test_bar_sizes),
		cmocka_unit_test(test_no_cap_list),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_past_end),
		cmocka_unit_test(test_bad_windows),
		cmocka_unit_test(test_notify_mult),
		cmocka_unit_test(test_first_wins),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
