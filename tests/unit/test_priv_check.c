/* unit-sources: kernel/proc/priv_check.c */
/*
 * Privilege records a parent hands its child: malformed ones and ones
 * that give more than the parent holds (PCI functions included) are
 * refused; ranges may be covered by several of the parent's together.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <kern/priv_check.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>

#define PARENT_EP 0x401

static struct priv_desc parent, child;

static int
setup(void **state)
{
	memset(&parent, 0, sizeof(parent));
	memset(&child, 0, sizeof(child));
	parent.pd_kcalls = (1ULL << KC_SYSINFO) | (1ULL << KC_CONSOLE_WRITE);
	parent.pd_ipc_count = 1;
	parent.pd_ipc[0] = 0x802;
	parent.pd_io_count = 2;
	parent.pd_io[0] = (struct priv_io_range){ 0x3f8, 8 };
	parent.pd_io[1] = (struct priv_io_range){ 0x400, 0x100 };
	parent.pd_irq_count = 1;
	parent.pd_irq[0] = 4;
	parent.pd_mmio_count = 2;
	parent.pd_mmio[0] = (struct priv_mmio_range){ 0xfe000000, 0x1000 };
	parent.pd_mmio[1] = (struct priv_mmio_range){ 0xfe001000, 0x1000 };
	parent.pd_dma_quota = 65536;
	parent.pd_dev_count = 1;
	parent.pd_dev[0] = 0x0018; /* 00:03.0 */
	return 0;
}

static int
check(void)
{
	int err = priv_check_wellformed(&child);

	return err != 0 ? err : priv_check_subset(&child, &parent, PARENT_EP);
}

static void
test_empty_and_equal(void **state)
{
	assert_int_equal(check(), 0);
	child = parent;
	assert_int_equal(check(), 0);
}

static void
test_malformed(void **state)
{
	child.pd_ipc_count = PRIV_IPC_MAX + 1;
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_kcalls = 1ULL << 63;
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_flags = 0x80;
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_io_count = 1;
	child.pd_io[0] = (struct priv_io_range){ 0xfff0, 0x20 };
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_mmio_count = 1;
	child.pd_mmio[0] = (struct priv_mmio_range){ UINT64_MAX - 10, 100 };
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_mmio_count = 1;
	child.pd_mmio[0] = (struct priv_mmio_range){ 0xfe000000, 0 };
	assert_int_equal(check(), -EINVAL);
	setup(state);
	child.pd_dev_count = PRIV_DEV_MAX + 1;
	assert_int_equal(check(), -EINVAL);
}

static void
test_more_than_parent(void **state)
{
	child.pd_kcalls = 1ULL << KC_PROC_CREATE;
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_flags = PRIV_IPC_ANY;
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_ipc_count = 1;
	child.pd_ipc[0] = 0x803;
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_irq_count = 1;
	child.pd_irq[0] = 5;
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_dma_quota = 65537;
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_io_count = 1;
	child.pd_io[0] = (struct priv_io_range){ 0x3f7, 2 }; /* one port before */
	assert_int_equal(check(), -EPERM);
	setup(state);
	child.pd_mmio_count = 1;
	child.pd_mmio[0] = (struct priv_mmio_range){ 0xfdfff000, 0x2000 };
	assert_int_equal(check(), -EPERM);
	/* A PCI function the parent does not hold, and one it does. */
	setup(state);
	child.pd_dev_count = 1;
	child.pd_dev[0] = 0x0020;
	assert_int_equal(check(), -EPERM);
	child.pd_dev[0] = 0x0018;
	assert_int_equal(check(), 0);
	parent.pd_dev_count = 0;
	assert_int_equal(check(), -EPERM);
}

static void
test_ranges_and_targets(void **state)
{
	/* Two adjacent parent ranges cover one child range. */
	child.pd_mmio_count = 1;
	child.pd_mmio[0] = (struct priv_mmio_range){ 0xfe000800, 0x1000 };
	child.pd_io_count = 1;
	child.pd_io[0] = (struct priv_io_range){ 0x410, 0x10 };
	/* The parent itself is always a permitted target. */
	child.pd_ipc_count = 2;
	child.pd_ipc[0] = 0x802;
	child.pd_ipc[1] = PARENT_EP;
	assert_int_equal(check(), 0);
	/* With PRIV_IPC_ANY any target may be given. */
	parent.pd_flags = PRIV_IPC_ANY;
	child.pd_ipc[0] = 0x12345;
	assert_int_equal(check(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty_and_equal, setup),
		cmocka_unit_test_setup(test_malformed, setup),
		cmocka_unit_test_setup(test_more_than_parent, setup),
		cmocka_unit_test_setup(test_ranges_and_targets, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
