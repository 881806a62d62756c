/*
 * The controller (AHCI 1.3 sections 3.1 and 10.1): claim the PCI
 * function, map ABAR (BAR 5), take it from the BIOS (BOHC), reset it
 * (GHC.HR: that also stops whatever a dead instance of this driver left
 * running), switch to AHCI mode and list the implemented ports; later
 * one MSI and the interrupt handler, which hands each port's events to
 * io.c.  Entry points: ahci_hba_init, ahci_hba_irq_on, ahci_hba_irq.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <libsys/dev.h>
#include <libsys/pci.h>
#include <stdio.h>
#include <xinim/errno.h>
#include "ahci.h"

#define ABAR 5
#define HANDOFF_BOS_NS 25000000ull  /* the BIOS gives the semaphore up */
#define HANDOFF_BB_NS 2000000000ull /* and finishes what it was doing */
#define RESET_NS 1000000000ull

/* The PCI command register. */
#define CONF_COMMAND 0x04
#define COMMAND_MEMORY 0x0002u
#define COMMAND_MASTER 0x0004u
#define COMMAND_INTX_DISABLE 0x0400u

/* The MSI capability (PCI 3.0 6.8.1). */
#define MSI_CTRL 2
#define MSI_CTRL_ENABLE 1u
#define MSI_CTRL_MME (7u << 4)
#define MSI_CTRL_64 (1u << 7)
#define MSI_ADDR 4

struct ahci_hba ahci_hba;

bool
ahci_wait(const struct ahci_port *p, uint32_t off, uint32_t mask, uint32_t want, uint64_t ns)
{
	uint64_t end = clock_now_ns() + ns;

	for (;;) {
		uint32_t v = p != NULL ? px_rd(p, off) : hba_rd(off);

		if ((v & mask) == want) {
			return true;
		}
		if (clock_now_ns() > end) {
			return false;
		}
		__asm__ volatile("pause");
	}
}

/* Memory decoding and bus mastering on, INTx off (MSI only). */
static int
enable_device(void)
{
	uint32_t cmd;
	int err = pci_conf_read(CONF_COMMAND, 2, &cmd);

	if (err != 0) {
		return err;
	}
	cmd |= COMMAND_MEMORY | COMMAND_MASTER | COMMAND_INTX_DISABLE;
	return pci_conf_write(CONF_COMMAND, 2, cmd);
}

/* BIOS/OS handoff (10.6.3), when the HBA offers it. */
static void
handoff(void)
{
	if ((hba_rd(HBA_CAP2) & CAP2_BOH) == 0) {
		return;
	}
	hba_wr(HBA_BOHC, hba_rd(HBA_BOHC) | BOHC_OOS);
	if (!ahci_wait(NULL, HBA_BOHC, BOHC_BOS, 0, HANDOFF_BOS_NS)) {
		printf("%s: the BIOS keeps the controller (BOHC 0x%x): taking it anyway\n",
		    AHCI_NAME, hba_rd(HBA_BOHC));
		return;
	}
	if ((hba_rd(HBA_BOHC) & BOHC_BB) != 0 &&
	    !ahci_wait(NULL, HBA_BOHC, BOHC_BB, 0, HANDOFF_BB_NS)) {
		printf("%s: the BIOS stays busy: taking the controller anyway\n", AHCI_NAME);
	}
}

/* HBA reset (10.4.3), then AHCI mode with interrupts off. */
static int
reset(void)
{
	hba_wr(HBA_GHC, GHC_AE);
	hba_wr(HBA_GHC, GHC_AE | GHC_HR);
	if (!ahci_wait(NULL, HBA_GHC, GHC_HR, 0, RESET_NS)) {
		printf("%s: the controller does not come out of reset\n", AHCI_NAME);
		return -EIO;
	}
	hba_wr(HBA_GHC, GHC_AE);
	if ((hba_rd(HBA_GHC) & GHC_AE) == 0) {
		printf("%s: the controller refuses AHCI mode\n", AHCI_NAME);
		return -EIO;
	}
	return 0;
}

int
ahci_hba_init(void)
{
	struct ahci_hba *h = &ahci_hba;
	struct pci_info info;
	const struct pci_info_bar *bar;
	uint32_t bars, vs;
	uint64_t need;
	int64_t va;
	int err;

	h->hb_hook = -1;
	err = pci_claim(&info, &bars);
	if (err != 0) {
		printf("%s: no controller to claim (%d)\n", AHCI_NAME, err);
		return err == -ENOENT ? -ENODEV : err;
	}
	h->hb_bdf = info.pi_bdf;
	h->hb_msi_cap = info.pi_msi_offset;
	bar = &info.pi_bar[ABAR];
	if ((bars & (1u << ABAR)) == 0 || bar->pib_kind != PCI_INFO_BAR_MEM ||
	    bar->pib_size < HBA_PORT_BASE + HBA_PORT_SIZE) {
		printf("%s: %02x:%02x.%u: no usable ABAR (BAR 5)\n", AHCI_NAME,
		    PCI_BDF_BUS(h->hb_bdf), PCI_BDF_DEV(h->hb_bdf), PCI_BDF_FN(h->hb_bdf));
		return -ENODEV;
	}
	va = kc_mmio_map(bar->pib_base, bar->pib_size);
	if (va < 0) {
		printf("%s: mapping ABAR failed (%ld)\n", AHCI_NAME, (long)va);
		return (int)va;
	}
	h->hb_abar = (volatile uint8_t *)va;
	err = enable_device();
	if (err != 0) {
		return err;
	}
	handoff();
	err = reset();
	if (err != 0) {
		return err;
	}
	h->hb_cap = hba_rd(HBA_CAP);
	h->hb_pi = hba_rd(HBA_PI);
	h->hb_slots = CAP_NCS(h->hb_cap);
	vs = hba_rd(HBA_VS);
	/* Only ports whose registers lie inside the BAR. */
	for (unsigned n = 0; n < HBA_PORTS; n++) {
		struct ahci_port *p;

		if ((h->hb_pi & (1u << n)) == 0) {
			continue;
		}
		need = HBA_PORT_BASE + (uint64_t)(n + 1) * HBA_PORT_SIZE;
		if (need > bar->pib_size) {
			printf("%s: port %u lies outside ABAR: ignored\n", AHCI_NAME, n);
			continue;
		}
		p = &h->hb_port[h->hb_nports++];
		p->pt_num = n;
		p->pt_regs = h->hb_abar + HBA_PORT_BASE + n * HBA_PORT_SIZE;
		p->pt_dev = -1;
	}
	printf("%s: %02x:%02x.%u: AHCI %x.%x, %u ports, %u slots%s%s\n", AHCI_NAME,
	    PCI_BDF_BUS(h->hb_bdf), PCI_BDF_DEV(h->hb_bdf), PCI_BDF_FN(h->hb_bdf), vs >> 16,
	    (vs >> 8) & 0xff, h->hb_nports, h->hb_slots, (h->hb_cap & CAP_SNCQ) != 0 ? ", NCQ" : "",
	    (h->hb_cap & CAP_S64A) != 0 ? ", 64-bit" : "");
	return 0;
}

/* Programs the device's MSI capability with one vector. */
static int
msi_setup(uint8_t cap, const struct msi_msg *msg)
{
	uint32_t ctrl;
	int err = pci_conf_read(cap + MSI_CTRL, 2, &ctrl);

	if (err != 0) {
		return err;
	}
	err = pci_conf_write(cap + MSI_ADDR, 4, (uint32_t)msg->mm_addr);
	if (err == 0 && (ctrl & MSI_CTRL_64) != 0) {
		err = pci_conf_write(cap + MSI_ADDR + 4, 4, (uint32_t)(msg->mm_addr >> 32));
		if (err == 0) {
			err = pci_conf_write(cap + MSI_ADDR + 8, 2, msg->mm_data);
		}
	} else if (err == 0) {
		if ((msg->mm_addr >> 32) != 0) {
			return -EINVAL;
		}
		err = pci_conf_write(cap + MSI_ADDR + 4, 2, msg->mm_data);
	}
	if (err != 0) {
		return err;
	}
	ctrl = (ctrl & ~MSI_CTRL_MME) | MSI_CTRL_ENABLE;
	return pci_conf_write(cap + MSI_CTRL, 2, ctrl);
}

int
ahci_hba_irq_on(void)
{
	struct ahci_hba *h = &ahci_hba;
	struct msi_msg msg;
	int hook, err;

	if (h->hb_msi_cap == 0) {
		printf("%s: the controller has no MSI capability\n", AHCI_NAME);
		return -ENODEV;
	}
	hook = kc_irq_msi(h->hb_bdf, &msg);
	if (hook < 0) {
		printf("%s: no MSI (%d)\n", AHCI_NAME, hook);
		return hook;
	}
	err = msi_setup(h->hb_msi_cap, &msg);
	if (err != 0) {
		printf("%s: programming MSI failed (%d)\n", AHCI_NAME, err);
		kc_irq_unbind(hook);
		return err;
	}
	h->hb_hook = hook;
	hba_wr(HBA_IS, hba_rd(HBA_IS));
	hba_wr(HBA_GHC, GHC_AE | GHC_IE);
	return 0;
}

void
ahci_hba_irq(uint64_t hooks)
{
	struct ahci_hba *h = &ahci_hba;
	uint32_t is;
	int rounds = 0;

	if (h->hb_hook < 0 || (hooks & (1ull << h->hb_hook)) == 0) {
		return;
	}
	/* Each port's PxIS first, then its bit of IS (10.7.2); again while
	 * IS shows a port that raised something meanwhile. */
	while ((is = hba_rd(HBA_IS)) != 0 && rounds++ < 8) {
		for (unsigned i = 0; i < h->hb_nports; i++) {
			struct ahci_port *p = &h->hb_port[i];

			if ((is & (1u << p->pt_num)) != 0) {
				ahci_io_port_irq(p);
			}
		}
		hba_wr(HBA_IS, is);
	}
	blockdriver_commit_all();
	kc_irq_enable(h->hb_hook);
}
