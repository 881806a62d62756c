/*
 * The privilege-test programs (user/tests/privtest, memtest, leaktest,
 * granttest)
 * hand their children device rights, and a child never gets more than its
 * parent: so when rs runs one of them with run=, it adds the few devices
 * they exercise to the ordinary record.  These are devices nothing else
 * in the system uses: the i8042 keyboard controller (ports 0x60 and 0x64,
 * IRQ 1), the CMOS clock ports (0x70-0x71), the POST port (0x80), ISA IRQ
 * line 5 (unused), the HPET's register page, a range of RAM (for the test
 * that it is refused) and some DMA memory.  Also the pci server's calls
 * (the PCI list and configuration space, KC_DEV_GRANT) and KC_IRQ_MSI, so
 * that privtest can hand its children PCI functions as pci does, and
 * KC_GRANT_PHYS with KC_GRANT_UNPIN for granttest's pins.
 */
#include <string.h>
#include <xinim/kcall.h>
#include "rs.h"

#define DEVTEST_HPET 0xfed00000ULL
#define DEVTEST_HOLE 0x4000000000ULL    /* 256 GiB: no RAM, no device */
#define DEVTEST_RAM 0x100000ULL         /* 1 MiB of RAM at 1 MiB */
#define DEVTEST_DMA_QUOTA (32ULL << 20) /* bytes */

static const char *const devtest_programs[] = { "privtest", "memtest", "leaktest", "granttest" };

void
rs_devtest_priv(const char *program, struct priv_desc *pd)
{
	size_t i, n = sizeof(devtest_programs) / sizeof(devtest_programs[0]);

	for (i = 0; i < n && strcmp(program, devtest_programs[i]) != 0; i++) {
	}
	if (i == n) {
		return;
	}
	pd->pd_kcalls |= (1ULL << KC_IRQ_BIND) | (1ULL << KC_IRQ_ENABLE) | (1ULL << KC_IRQ_UNBIND) |
	    (1ULL << KC_MMIO_MAP) | (1ULL << KC_DMA_ALLOC) | (1ULL << KC_DMA_FREE) |
	    (1ULL << KC_PCI_INFO) | (1ULL << KC_PCI_CONF) | (1ULL << KC_DEV_GRANT) |
	    (1ULL << KC_IRQ_MSI) | (1ULL << KC_GRANT_PHYS) | (1ULL << KC_GRANT_UNPIN);
	pd->pd_io_count = 4;
	pd->pd_io[0] = (struct priv_io_range){ 0x60, 1 };
	pd->pd_io[1] = (struct priv_io_range){ 0x64, 1 };
	pd->pd_io[2] = (struct priv_io_range){ 0x70, 2 };
	pd->pd_io[3] = (struct priv_io_range){ 0x80, 1 };
	pd->pd_irq_count = 2;
	pd->pd_irq[0] = 1;
	pd->pd_irq[1] = 5;
	pd->pd_mmio_count = 3;
	pd->pd_mmio[0] = (struct priv_mmio_range){ DEVTEST_HPET, 0x1000 };
	pd->pd_mmio[1] = (struct priv_mmio_range){ DEVTEST_RAM, 0x100000 };
	/* 4 GiB of nothing, far above RAM: only for the size cap's test. */
	pd->pd_mmio[2] = (struct priv_mmio_range){ DEVTEST_HOLE, 4ULL << 30 };
	pd->pd_dma_quota = DEVTEST_DMA_QUOTA;
}
