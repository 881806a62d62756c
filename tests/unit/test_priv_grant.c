/*
 * KC_DEV_GRANT's record arithmetic and the PCI view it starts from: a
 * function's BARs become MMIO and port ranges, its line an IRQ entry, its
 * BDF a pd_dev entry; BARs it lacks are refused, a full record is left
 * untouched, and granting twice adds nothing.  Also pci_info_fill, the
 * struct pci_info user space gets for the same function.
 */
/* unit-sources: kernel/proc/priv_grant.c kernel/pci/info.c kernel/proc/res_check.c */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <kern/priv_grant.h>
#include <kern/res_check.h>
#include <xinim/errno.h>
#include <xinim/kcall.h>
#include <xinim/pci.h>

#define BDF PCI_BDF(0, 0, 3, 0)

static struct pci_device dev;
static struct priv_desc pd;

/* A virtio-like function: MSI-X table in BAR 1, I/O at BAR 2, a 64-bit
 * memory BAR at 4 (5 is its upper half), INTA# on line 11. */
static int
setup(void **state)
{
	memset(&dev, 0, sizeof(dev));
	memset(&pd, 0, sizeof(pd));
	dev.dev = 3;
	dev.vendor = 0x1af4;
	dev.device = 0x1044;
	dev.class_code = 0xff;
	dev.bar_count = 6;
	dev.bars[1] = (struct pci_bar){ PCI_BAR_MEM32, false, 0xfebd1000, 0x1000 };
	dev.bars[2] = (struct pci_bar){ PCI_BAR_IO, false, 0xc040, 0x20 };
	dev.bars[4] = (struct pci_bar){ PCI_BAR_MEM64, true, 0xfe000000, 0x4000 };
	dev.irq_pin = 1;
	dev.irq_line = 11;
	dev.msix = (struct pci_msix){ true, 0x98, 2, 1, 0, 1, 0x800 };
	return 0;
}

static void
test_plan(void **state)
{
	struct priv_grant g;

	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 1 | 1u << 2 | 1u << 4, DEV_GRANT_INTX,
	                     &g),
	    0);
	assert_int_equal(g.pg_bdf, BDF);
	assert_int_equal(g.pg_mmio_count, 2);
	assert_int_equal(g.pg_mmio[0].pmm_base, 0xfebd1000);
	assert_int_equal(g.pg_mmio[1].pmm_base, 0xfe000000);
	assert_int_equal(g.pg_mmio[1].pmm_size, 0x4000);
	assert_int_equal(g.pg_io_count, 1);
	assert_int_equal(g.pg_io[0].pio_base, 0xc040);
	assert_int_equal(g.pg_io[0].pio_count, 0x20);
	assert_true(g.pg_has_irq);
	assert_int_equal(g.pg_irq, 11);

	/* No INTx without the flag, nor without a routed line. */
	assert_int_equal(priv_grant_plan(&dev, BDF, 0, 0, &g), 0);
	assert_false(g.pg_has_irq);
	dev.irq_line = 0xff;
	assert_int_equal(priv_grant_plan(&dev, BDF, 0, DEV_GRANT_INTX, &g), 0);
	assert_false(g.pg_has_irq);
}

static void
test_plan_refused(void **state)
{
	struct priv_grant g;

	/* BAR 0 is unimplemented, BAR 5 the upper half of BAR 4. */
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 0, 0, &g), -EINVAL);
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 5, 0, &g), -EINVAL);
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 6, 0, &g), -EINVAL);
	assert_int_equal(priv_grant_plan(&dev, BDF, 0, 2, &g), -EINVAL);
	/* A BAR firmware left unassigned, one past a bridge's two slots, and
	 * ports beyond 0xffff. */
	dev.bars[1].base = 0;
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 1, 0, &g), -EINVAL);
	dev.bar_count = 2;
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 4, 0, &g), -EINVAL);
	dev.bar_count = 6;
	dev.bars[2].base = 0xfff0;
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 2, 0, &g), -EINVAL);
}

static void
test_apply_and_again(void **state)
{
	struct priv_grant g;
	struct priv_desc before;

	pd.pd_mmio_count = 1;
	pd.pd_mmio[0] = (struct priv_mmio_range){ 0xfed00000, 0x1000 };
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 2 | 1u << 4, DEV_GRANT_INTX, &g), 0);
	assert_int_equal(priv_grant_apply(&pd, &g), 0);
	assert_int_equal(pd.pd_mmio_count, 2);
	assert_int_equal(pd.pd_io_count, 1);
	assert_int_equal(pd.pd_irq_count, 1);
	assert_int_equal(pd.pd_dev_count, 1);
	assert_int_equal(pd.pd_dev[0], BDF);
	/* The checks the kernel calls use now say yes. */
	assert_int_equal(res_check_mmio(&pd, 0xfe000000, 0x4000), 0);
	assert_int_equal(res_check_mmio(&pd, 0xfebd1000, 0x1000), -EPERM);
	assert_true(res_check_irq(&pd, 11));
	assert_true(res_check_dev(&pd, BDF));
	assert_false(res_check_dev(&pd, BDF + 1));

	/* Twice: nothing new. */
	before = pd;
	assert_int_equal(priv_grant_apply(&pd, &g), 0);
	assert_memory_equal(&pd, &before, sizeof(pd));
	/* A range inside one the record holds is not added either. */
	pd.pd_mmio[0] = (struct priv_mmio_range){ 0xfeb00000, 0x200000 };
	before = pd;
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 1, 0, &g), 0);
	assert_int_equal(priv_grant_apply(&pd, &g), 0);
	assert_memory_equal(&pd, &before, sizeof(pd));
}

static void
test_full(void **state)
{
	struct priv_grant g;
	struct priv_desc before;

	pd.pd_dev_count = PRIV_DEV_MAX;
	for (unsigned i = 0; i < PRIV_DEV_MAX; i++) {
		pd.pd_dev[i] = PCI_BDF(0, 1, i, 0);
	}
	before = pd;
	assert_int_equal(priv_grant_plan(&dev, BDF, 1u << 4, 0, &g), 0);
	assert_int_equal(priv_grant_apply(&pd, &g), -ENOSPC);
	assert_memory_equal(&pd, &before, sizeof(pd));

	/* Room for the function but not for its BAR. */
	setup(state);
	pd.pd_mmio_count = PRIV_MMIO_MAX;
	for (unsigned i = 0; i < PRIV_MMIO_MAX; i++) {
		pd.pd_mmio[i] = (struct priv_mmio_range){ 0x100000000ULL * (i + 1), 0x1000 };
	}
	before = pd;
	assert_int_equal(priv_grant_apply(&pd, &g), -ENOSPC);
	assert_memory_equal(&pd, &before, sizeof(pd));
}

static void
test_info(void **state)
{
	struct pci_info pi;

	dev.bus = 2;
	dev.fn = 1;
	dev.msi = (struct pci_msi){ true, 0x84, true, false, 1 };
	pci_info_fill(&dev, &pi);
	assert_int_equal(pi.pi_bdf, PCI_BDF(0, 2, 3, 1));
	assert_int_equal(pi.pi_vendor, 0x1af4);
	assert_int_equal(pi.pi_device, 0x1044);
	assert_int_equal(pi.pi_class, 0xff);
	assert_int_equal(pi.pi_irq_pin, 1);
	assert_int_equal(pi.pi_irq_line, 11);
	assert_int_equal(pi.pi_msi_offset, 0x84);
	assert_int_equal(pi.pi_msix_offset, 0x98);
	assert_int_equal(pi.pi_msix_size, 2);
	assert_int_equal(pi.pi_msix_table_bar, 1);
	assert_int_equal(pi.pi_msix_pba_bar, 1);
	assert_int_equal(pi.pi_msix_pba_offset, 0x800);
	assert_int_equal(pi.pi_bar[0].pib_kind, PCI_INFO_BAR_NONE);
	assert_int_equal(pi.pi_bar[1].pib_kind, PCI_INFO_BAR_MEM);
	assert_int_equal(pi.pi_bar[2].pib_kind, PCI_INFO_BAR_IO);
	assert_int_equal(pi.pi_bar[2].pib_base, 0xc040);
	assert_int_equal(pi.pi_bar[4].pib_kind, PCI_INFO_BAR_MEM);
	assert_int_equal(pi.pi_bar[4].pib_size, 0x4000);
	assert_int_equal(pi.pi_bar[4].pib_prefetch, 1);
	assert_int_equal(pi.pi_bar[5].pib_kind, PCI_INFO_BAR_NONE);

	/* No capabilities, and a bridge's slots past its two BARs stay empty. */
	dev.msi.present = false;
	dev.msix.present = false;
	dev.bar_count = 2;
	pci_info_fill(&dev, &pi);
	assert_int_equal(pi.pi_msi_offset, 0);
	assert_int_equal(pi.pi_msix_offset, 0);
	assert_int_equal(pi.pi_msix_size, 0);
	assert_int_equal(pi.pi_bar[4].pib_kind, PCI_INFO_BAR_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_plan, setup),
		cmocka_unit_test_setup(test_plan_refused, setup),
		cmocka_unit_test_setup(test_apply_and_again, setup),
		cmocka_unit_test_setup(test_full, setup),
		cmocka_unit_test_setup(test_info, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
