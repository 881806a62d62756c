/*
 * Error recovery (AHCI 1.3 section 6.2.2): a task-file error (the disk
 * refused a command), an interface or host bus error, or a command that
 * never finished.  What had completed is answered; then the port's
 * command engine is stopped, the errors cleared, the link reset with
 * COMRESET when the device is busy, an NCQ command failed (that leaves
 * the device's queue aborted) or the interface itself failed, and the
 * engine started again.  The commands that were in flight are issued
 * again from their tables, as they were: block requests are idempotent.
 * Each has AHCI_TRIES issues; after that it is answered -EIO.
 * Entry point: ahci_recover.
 */
#include <stdio.h>
#include <xinim/errno.h>
#include "ahci.h"

#define IS_LINK (PXIS_IFS | PXIS_HBFS | PXIS_HBDS | PXIS_OFS | PXIS_UFS | PXIS_IPMS)

/* Answers every command in mask with -EIO. */
static void
fail_all(struct ahci_port *p, uint32_t mask)
{
	while (mask != 0) {
		unsigned slot = (unsigned)__builtin_ctz(mask);

		mask &= mask - 1;
		ahci_io_finish(p, slot, -EIO);
	}
}

void
ahci_recover(struct ahci_port *p, uint32_t is, const char *why)
{
	uint32_t ci = px_rd(p, PX_CI), sact = px_rd(p, PX_SACT);
	uint32_t tfd = px_rd(p, PX_TFD), serr = px_rd(p, PX_SERR);
	uint32_t failed, retry = 0, gave_up = 0;
	bool comreset, stopped;

	/* Commands already finished keep their answers; each of the others
	 * has used one more try. */
	ahci_io_reap(p, ci | sact);
	failed = p->pt_issued;
	p->pt_resets++;
	for (uint32_t m = failed; m != 0; m &= m - 1) {
		unsigned slot = (unsigned)__builtin_ctz(m);

		if (++p->pt_cmd[slot].cm_tries >= AHCI_TRIES) {
			gave_up |= 1u << slot;
		} else {
			retry |= 1u << slot;
		}
	}
	printf("%s: %s: port %u: %s (IS 0x%x, TFD 0x%x, SERR 0x%x): resetting the port, "
	       "%u command(s) to issue again\n",
	    AHCI_NAME, p->pt_name, p->pt_num, why, is, tfd, serr, ahci_bits(retry));

	stopped = ahci_port_stop(p, false);
	px_wr(p, PX_SERR, 0xffffffffu);
	px_wr(p, PX_IS, 0xffffffffu);
	comreset = !stopped || is == 0 || (is & IS_LINK) != 0 ||
	    (tfd & (TFD_STS_BSY | TFD_STS_DRQ)) != 0 || (failed & p->pt_ncq_mask) != 0;
	if (comreset && !ahci_port_comreset(p)) {
		printf("%s: %s: port %u: the disk does not come back after COMRESET: failing "
		       "its requests\n",
		    AHCI_NAME, p->pt_name, p->pt_num);
		fail_all(p, failed);
		ahci_port_start(p);
		return;
	}
	px_wr(p, PX_IS, 0xffffffffu);
	ahci_port_start(p);

	p->pt_issued = 0;
	p->pt_ncq_mask = 0;
	if (gave_up != 0) {
		printf("%s: %s: %u request(s) failed %u times: -EIO\n", AHCI_NAME, p->pt_name,
		    ahci_bits(gave_up), AHCI_TRIES);
		fail_all(p, gave_up);
	}
	for (uint32_t m = retry; m != 0; m &= m - 1) {
		ahci_io_issue(p, (unsigned)__builtin_ctz(m));
	}
	ahci_io_start(p);
}
