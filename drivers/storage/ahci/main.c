/*
 * ahci: SATA disks on an AHCI controller, served through the block
 * protocol (xinim/proto/blk.h).  init() resets the controller, brings
 * up every implemented port, names the disks sda, sdb, ... in port
 * order, reads their partition tables, turns the MSI on and publishes
 * the minors in ds; then libdriver's loop hands BLK_OPEN/BLK_CLOSE and
 * clients' notifications to libblockdriver, interrupts to hba.c and the
 * watchdog to io.c.
 *
 * Arguments: `ncq=off` uses READ/WRITE DMA EXT, one command at a time,
 * even on disks with NCQ (how the tests reach that path on QEMU).
 *
 * A controller without any disk (q35 always has the ICH9 one, most
 * boots put their disk on virtio): init() says so and fails with
 * -ENODEV, so that rs leaves the service down instead of keeping an
 * idle driver, its DMA memory and its interrupt.  A restarted instance
 * starts over: the HBA reset stops whatever the dead one had issued,
 * and clients resend what was not answered.
 */
#include <libdriver/driver.h>
#include <libsys/dev.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ahci.h"

#define SCRATCH_SIZE (64u << 10) /* IDENTIFY and the partition scan */

static const struct blockdriver_ops ahci_bops = {
	.bdo_geometry = ahci_disk_geometry,
	.bdo_submit = ahci_io_submit,
	.bdo_kick = ahci_io_kick,
};

static int
ahci_init(int argc, char **argv, bool restored)
{
	struct ahci_hba *h = &ahci_hba;
	struct dma_buf scratch;
	int err;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "ncq=off") == 0) {
			h->hb_no_ncq = true;
		} else {
			printf("%s: unknown argument '%s' ignored\n", AHCI_NAME, argv[i]);
		}
	}
	blockdriver_init(&ahci_bops);
	err = ahci_hba_init();
	if (err != 0) {
		return err;
	}
	err =
	    kc_dma_alloc(SCRATCH_SIZE, 0, (h->hb_cap & CAP_S64A) != 0 ? 0 : DMA_BELOW_4G, &scratch);
	if (err != 0) {
		printf("%s: no DMA memory (%d)\n", AHCI_NAME, err);
		return err;
	}
	for (unsigned i = 0; i < h->hb_nports; i++) {
		ahci_port_init(&h->hb_port[i], &scratch);
	}
	for (unsigned i = 0; i < h->hb_nports; i++) {
		if (h->hb_port[i].pt_disk) {
			ahci_disk_add(&h->hb_port[i], &scratch);
		}
	}
	kc_dma_free(scratch.db_vaddr);
	if (h->hb_ndevs == 0) {
		/* Nothing of ours may stay live in the HBA once we exit. */
		hba_wr(HBA_GHC, GHC_AE | GHC_HR);
		printf("%s: no disk on any port: not serving\n", AHCI_NAME);
		return -ENODEV;
	}
	err = ahci_hba_irq_on();
	if (err != 0) {
		return err;
	}
	for (unsigned d = 0; d < h->hb_ndevs; d++) {
		ahci_disk_publish(h->hb_dev[d]);
	}
	return 0;
}

static const struct driver_ops ahci_ops = {
	.init = ahci_init,
	.irq = ahci_hba_irq,
	.request = blockdriver_request,
	.notify = blockdriver_notified,
	.timer = ahci_io_tick,
	.reply_type = BLK_REPLY,
};

int
main(int argc, char **argv)
{
	driver_main(&ahci_ops, argc, argv);
}
