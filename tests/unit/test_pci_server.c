/* unit-sources: servers/pci/rule.c servers/pci/confwrite.c servers/pci/table.c */
/*
 * The pci server's pure logic: decoding RS_PCI_RULE replies (bad ones
 * refused), matching by id and by class with and without progif, BAR
 * masks against what a device implements, the configuration-write
 * filter, and choosing a device: a service gets back the one it holds,
 * another service never gets it; a service of several devices gets them
 * by index in table order, the same ones again after a restart, and the
 * conf-space calls find a device by BDF only for the instance holding it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../servers/pci/pci.h"

static struct message
rule_msg(const char *name, uint64_t kind, uint64_t ids)
{
	struct message m = { 0 };

	assert_int_equal(rs_name_pack(&m, 1, name), 0);
	m.m_arg[4] = kind;
	m.m_arg[5] = ids;
	return m;
}

static struct pci_info
dev(uint32_t bdf, uint16_t vendor, uint16_t device, uint8_t cls, uint8_t sub, uint8_t pi)
{
	struct pci_info i = { 0 };

	i.pi_bdf = bdf;
	i.pi_vendor = vendor;
	i.pi_device = device;
	i.pi_class = cls;
	i.pi_subclass = sub;
	i.pi_progif = pi;
	return i;
}

static void
test_decode_id(void **state)
{
	struct message m =
	    rule_msg("virtio-rng", RS_PCI_ID, 0x1af4 | 0x1044ull << 16 | 0x10ull << 32);
	struct pci_rule r;

	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_string_equal(r.pr_name, "virtio-rng");
	assert_int_equal(r.pr_kind, RS_PCI_ID);
	assert_int_equal(r.pr_vendor, 0x1af4);
	assert_int_equal(r.pr_device, 0x1044);
	assert_int_equal(r.pr_bars, 0x10);
}

static void
test_decode_bad(void **state)
{
	struct message m = rule_msg("x", 7, 0);
	struct pci_rule r;

	assert_int_equal(pci_rule_decode(&m, &r), -EINVAL);
	m = rule_msg("x", 0, 0);
	assert_int_equal(pci_rule_decode(&m, &r), -EINVAL);
	m = rule_msg("x", RS_PCI_ID, 0);
	memset(&m.m_arg[1], 'a', 24); /* no NUL */
	assert_int_equal(pci_rule_decode(&m, &r), -EINVAL);
	/* BAR bits above 5 are dropped */
	m = rule_msg("x", RS_PCI_ID, 0xffull << 32);
	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_int_equal(r.pr_bars, 0x3f);
}

static void
test_match(void **state)
{
	struct pci_info ahci = dev(0x00fa, 0x8086, 0x2922, 0x01, 0x06, 0x01);
	struct message m = rule_msg("ahci", RS_PCI_CLASS | 0x01ull << 16 | 0x06ull << 24, 0);
	struct pci_rule r;

	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_true(pci_rule_match(&r, &ahci));
	/* with progif 02: no longer a match */
	m.m_arg[4] |= 1ull << 8 | 0x02ull << 32;
	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_false(pci_rule_match(&r, &ahci));
	m.m_arg[4] = RS_PCI_CLASS | 1ull << 8 | 0x01ull << 16 | 0x06ull << 24 | 0x01ull << 32;
	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_true(pci_rule_match(&r, &ahci));
	m = rule_msg("e1000", RS_PCI_ID, 0x8086 | 0x100eull << 16);
	assert_int_equal(pci_rule_decode(&m, &r), 0);
	assert_false(pci_rule_match(&r, &ahci));
	ahci.pi_device = 0x100e;
	assert_true(pci_rule_match(&r, &ahci));
}

static void
test_bars_present(void **state)
{
	struct pci_info i = { 0 };

	i.pi_bar[1] = (struct pci_info_bar){ 0xfe000000, 0x1000, PCI_INFO_BAR_MEM, 0 };
	i.pi_bar[4] = (struct pci_info_bar){ 0xfe800000, 0x4000, PCI_INFO_BAR_MEM, 1 };
	i.pi_bar[5] = (struct pci_info_bar){ 0, 0, PCI_INFO_BAR_NONE, 0 };
	i.pi_bar[0] = (struct pci_info_bar){ 0xc000, 0x20, PCI_INFO_BAR_IO, 0 };
	assert_int_equal(pci_bars_present(&i, 0x3f), 0x13);
	assert_int_equal(pci_bars_present(&i, 0x10), 0x10);
	assert_int_equal(pci_bars_present(&i, 0x20), 0);
	assert_int_equal(pci_bars_present(&i, 0), 0);
}

static void
test_conf_write(void **state)
{
	uint32_t v;

	/* BARs, identity, ROM, interrupt line: refused */
	for (unsigned off = 0x10; off < 0x28; off += 4) {
		v = 0xffffffff;
		assert_int_equal(pci_conf_write_check(off, 4, 0, &v), -EPERM);
	}
	v = 0;
	assert_int_equal(pci_conf_write_check(0x00, 4, 0, &v), -EPERM);
	assert_int_equal(pci_conf_write_check(0x30, 4, 0, &v), -EPERM);
	assert_int_equal(pci_conf_write_check(0x3c, 1, 0, &v), -EPERM);
	assert_int_equal(pci_conf_write_check(0x04, 4, 0, &v), -EPERM);
	/* command: only the driver's bits change */
	v = 0xffff;
	assert_int_equal(pci_conf_write_check(0x04, 2, 0x0100, &v), 0);
	assert_int_equal(v, 0x0507);
	v = 0;
	assert_int_equal(pci_conf_write_check(0x04, 2, 0x0107, &v), 0);
	assert_int_equal(v, 0x0100);
	/* capabilities: free; bad shapes refused */
	v = 0x8000;
	assert_int_equal(pci_conf_write_check(0x42, 2, 0, &v), 0);
	assert_int_equal(v, 0x8000);
	assert_int_equal(pci_conf_write_check(0x41, 2, 0, &v), -EINVAL);
	assert_int_equal(pci_conf_write_check(0x40, 3, 0, &v), -EINVAL);
	assert_int_equal(pci_conf_write_check(0xfe, 4, 0, &v), -EINVAL);
	assert_int_equal(pci_conf_write_check(0x100, 1, 0, &v), -EINVAL);
	assert_int_equal(pci_conf_write_check(0xff, 1, 0, &v), 0);
}

static void
test_choose(void **state)
{
	static struct pci_table t;
	struct message m = rule_msg("net0", RS_PCI_ID, 0x8086 | 0x100eull << 16);
	struct pci_rule a, b;

	memset(&t, 0, sizeof(t));
	t.pt_count = 3;
	t.pt_info[0] = dev(0x0000, 0x8086, 0x29c0, 6, 0, 0);
	t.pt_info[1] = dev(0x0010, 0x8086, 0x100e, 2, 0, 0);
	t.pt_info[2] = dev(0x0018, 0x8086, 0x100e, 2, 0, 0);
	assert_int_equal(pci_rule_decode(&m, &a), 0);
	m = rule_msg("net1", RS_PCI_ID, 0x8086 | 0x100eull << 16);
	assert_int_equal(pci_rule_decode(&m, &b), 0);

	assert_int_equal(pci_table_choose(&t, &a, 0), 1);
	strcpy(t.pt_owner[1].po_name, "net0");
	t.pt_owner[1].po_ep = 77;
	/* net0 gets its own back; net1 the other; then nothing is left */
	assert_int_equal(pci_table_choose(&t, &a, 0), 1);
	assert_int_equal(pci_table_choose(&t, &b, 0), 2);
	strcpy(t.pt_owner[2].po_name, "net1");
	t.pt_owner[2].po_ep = 78;
	m = rule_msg("net2", RS_PCI_ID, 0x8086 | 0x100eull << 16);
	assert_int_equal(pci_rule_decode(&m, &b), 0);
	assert_int_equal(pci_table_choose(&t, &b, 0), -ENODEV);
	/* a held device is found by its holder only */
	assert_int_equal(pci_table_owned_by(&t, 77), 1);
	assert_int_equal(pci_table_owned_by(&t, 78), 2);
	assert_int_equal(pci_table_owned_by(&t, 79), -1);
	assert_int_equal(pci_table_owned_by(&t, ENDPOINT_NONE), -1);
	/* a count past the table is clamped, never read beyond */
	t.pt_count = 0xffffffff;
	assert_int_equal(pci_table_choose(&t, &b, 0), -ENODEV);
}

/* One driver, many disks: indices 0, 1, 2 in table order, skipping what
 * another service holds; the same indices after a restart; a BDF is the
 * holder's alone. */
static void
test_choose_many(void **state)
{
	static struct pci_table t;
	struct message m = rule_msg("virtio-blk", RS_PCI_ID, 0x1af4 | 0x1042ull << 16);
	struct pci_rule blk, other;

	memset(&t, 0, sizeof(t));
	t.pt_count = 5;
	t.pt_info[0] = dev(0x0008, 0x1af4, 0x1042, 1, 0, 0);
	t.pt_info[1] = dev(0x0010, 0x1af4, 0x1044, 0xff, 0, 0); /* an rng */
	t.pt_info[2] = dev(0x0018, 0x1af4, 0x1042, 1, 0, 0);
	t.pt_info[3] = dev(0x0020, 0x1af4, 0x1042, 1, 0, 0);
	t.pt_info[4] = dev(0x0028, 0x1af4, 0x1042, 1, 0, 0);
	for (int i = 0; i < 5; i++) {
		t.pt_owner[i].po_bdf = t.pt_info[i].pi_bdf;
	}
	assert_int_equal(pci_rule_decode(&m, &blk), 0);
	m = rule_msg("other", RS_PCI_ID, 0x1af4 | 0x1042ull << 16);
	assert_int_equal(pci_rule_decode(&m, &other), 0);
	/* another service took the third disk first */
	strcpy(t.pt_owner[3].po_name, "other");
	t.pt_owner[3].po_ep = 50;
	assert_int_equal(pci_table_choose(&t, &blk, 0), 0);
	assert_int_equal(pci_table_choose(&t, &blk, 1), 2);
	assert_int_equal(pci_table_choose(&t, &blk, 2), 4);
	assert_int_equal(pci_table_choose(&t, &blk, 3), -ENODEV);
	assert_int_equal(pci_table_choose(&t, &blk, 0xffffffffu), -ENODEV);
	for (int i = 0; i < 5; i += 2) {
		strcpy(t.pt_owner[i].po_name, "virtio-blk");
		t.pt_owner[i].po_ep = 60;
	}
	/* held: the conf-space calls by BDF, for the holder only */
	assert_int_equal(pci_table_held(&t, 60, 0x0018), 2);
	assert_int_equal(pci_table_held(&t, 60, 0x0028), 4);
	assert_int_equal(pci_table_held(&t, 60, 0x0020), -1); /* other's */
	assert_int_equal(pci_table_held(&t, 60, 0x0010), -1); /* free */
	assert_int_equal(pci_table_held(&t, 60, 0x0099), -1); /* none */
	assert_int_equal(pci_table_held(&t, 61, 0x0018), -1);
	assert_int_equal(pci_table_held(&t, ENDPOINT_NONE, 0x0018), -1);
	assert_int_equal(pci_table_owned_by(&t, 60), 0);
	/* a restarted instance claims the same devices at the same indices */
	assert_int_equal(pci_table_choose(&t, &blk, 0), 0);
	assert_int_equal(pci_table_choose(&t, &blk, 1), 2);
	assert_int_equal(pci_table_choose(&t, &blk, 2), 4);
	assert_int_equal(pci_table_choose(&t, &blk, 3), -ENODEV);
	/* and the other service keeps its one */
	assert_int_equal(pci_table_choose(&t, &other, 0), 3);
	assert_int_equal(pci_table_choose(&t, &other, 1), -ENODEV);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_id),
		cmocka_unit_test(test_decode_bad),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_bars_present),
		cmocka_unit_test(test_conf_write),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_choose_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
