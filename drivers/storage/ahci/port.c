/*
 * One port (AHCI 1.3 sections 3.3 and 10.1-10.4): its memory (command
 * list, received-FIS area, command tables), starting and stopping its
 * command engine and FIS receive, COMRESET, device detection and
 * IDENTIFY, and commands run with polling before interrupts are on.
 * Entry points: ahci_port_init, ahci_port_stop, ahci_port_start,
 * ahci_port_comreset, ahci_port_poll_cmd, ahci_port_slot_setup.
 */
#include <libsys/clock.h>
#include <libsys/dev.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ahci.h"

#define STOP_NS 500000000ull        /* CR and FR clear (spec: 500 ms) */
#define LINK_NS 50000000ull         /* DET 1 becomes 3 */
#define COMRESET_HOLD_NS 2000000ull /* DET=1 held at least 1 ms */
#define READY_NS 3000000000ull      /* BSY and DRQ clear after a reset */
#define POLL_CMD_NS 5000000000ull

/* Memory of a port: the command list and received FISes in one page;
 * the 32 command tables, for a port with a disk only, in another
 * buffer. */
#define MEM_CL 0
#define MEM_FIS 1024
#define MEM_SIZE 4096
#define CT_MEM_SIZE (32 * AHCI_CT_SIZE)

static unsigned
dma_flags(void)
{
	return (ahci_hba.hb_cap & CAP_S64A) != 0 ? 0 : DMA_BELOW_4G;
}

bool
ahci_port_stop(struct ahci_port *p, bool fis)
{
	bool ok;

	px_wr(p, PX_CMD, px_rd(p, PX_CMD) & ~PXCMD_ST);
	ok = ahci_wait(p, PX_CMD, PXCMD_CR, 0, STOP_NS);
	if (fis) {
		px_wr(p, PX_CMD, px_rd(p, PX_CMD) & ~PXCMD_FRE);
		ok = ahci_wait(p, PX_CMD, PXCMD_FR, 0, STOP_NS) && ok;
	}
	return ok;
}

void
ahci_port_start(struct ahci_port *p)
{
	uint32_t tfd = px_rd(p, PX_TFD);

	/* A device still busy from an aborted command: the command list
	 * override lets the engine start (10.4.2). */
	if ((tfd & (TFD_STS_BSY | TFD_STS_DRQ)) != 0 && (ahci_hba.hb_cap & CAP_SCLO) != 0) {
		px_wr(p, PX_CMD, px_rd(p, PX_CMD) | PXCMD_CLO);
		ahci_wait(p, PX_CMD, PXCMD_CLO, 0, STOP_NS);
	}
	ahci_wait(p, PX_CMD, PXCMD_CR, 0, STOP_NS);
	px_wr(p, PX_CMD, px_rd(p, PX_CMD) | PXCMD_FRE);
	px_wr(p, PX_CMD, px_rd(p, PX_CMD) | PXCMD_ST);
}

bool
ahci_port_comreset(struct ahci_port *p)
{
	uint32_t sctl = px_rd(p, PX_SCTL) & ~SCTL_DET_MASK;
	uint64_t until;

	px_wr(p, PX_SCTL, sctl | SCTL_IPM_NONE | SCTL_DET_COMRESET);
	until = clock_now_ns() + COMRESET_HOLD_NS;
	while (clock_now_ns() < until) {
		__asm__ volatile("pause");
	}
	px_wr(p, PX_SCTL, sctl | SCTL_IPM_NONE);
	if (!ahci_wait(p, PX_SSTS, 0xf, SSTS_DET_PHY, READY_NS)) {
		return false;
	}
	px_wr(p, PX_SERR, 0xffffffffu);
	return ahci_wait(p, PX_TFD, TFD_STS_BSY | TFD_STS_DRQ, 0, READY_NS);
}

void
ahci_port_slot_setup(struct ahci_port *p, unsigned slot)
{
	uint64_t ct = p->pt_ct_phys + (uint64_t)slot * AHCI_CT_SIZE;

	p->pt_cl[slot].ch_ctba = (uint32_t)ct;
	p->pt_cl[slot].ch_ctbau = (uint32_t)(ct >> 32);
}

int
ahci_port_poll_cmd(struct ahci_port *p, const uint8_t *fis, bool write, uint64_t phys, uint32_t len)
{
	struct ahci_cmd_hdr *h = &p->pt_cl[0];
	uint8_t *ct = p->pt_ct;
	struct ahci_prd *prd = (struct ahci_prd *)(ct + CT_PRDT);
	uint64_t end;
	uint32_t is;

	memcpy(ct + CT_CFIS, fis, FIS_H2D_LEN);
	if (len != 0) {
		prd[0] = (struct ahci_prd){ (uint32_t)phys, (uint32_t)(phys >> 32), 0, len - 1 };
	}
	h->ch_flags = CH_CFL(FIS_H2D_LEN / 4) | (write ? CH_WRITE : 0) | CH_PRDTL(len != 0);
	h->ch_prdbc = 0;
	px_wr(p, PX_IS, 0xffffffffu);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	px_wr(p, PX_CI, 1);
	end = clock_now_ns() + POLL_CMD_NS;
	for (;;) {
		is = px_rd(p, PX_IS);
		if ((is & PXIS_ERRORS) != 0) {
			break;
		}
		if ((px_rd(p, PX_CI) & 1) == 0) {
			px_wr(p, PX_IS, is);
			return (px_rd(p, PX_TFD) & TFD_STS_ERR) != 0 ? -EIO : 0;
		}
		if (clock_now_ns() > end) {
			break;
		}
		__asm__ volatile("pause");
	}
	/* Failed or stuck: stop, clear, start again, so the port is idle. */
	ahci_port_stop(p, false);
	px_wr(p, PX_SERR, 0xffffffffu);
	px_wr(p, PX_IS, 0xffffffffu);
	if ((px_rd(p, PX_TFD) & (TFD_STS_BSY | TFD_STS_DRQ)) != 0) {
		ahci_port_comreset(p);
	}
	ahci_port_start(p);
	return (is & PXIS_ERRORS) != 0 ? -EIO : -ETIMEDOUT;
}

/* The link: true when a device communicates and is ready; else says
 * why on the console. */
static bool
link_up(struct ahci_port *p)
{
	uint32_t det = SSTS_DET(px_rd(p, PX_SSTS));

	if (det == 0) {
		printf("%s: port %u: no device\n", AHCI_NAME, p->pt_num);
		return false;
	}
	if (det != SSTS_DET_PHY && !ahci_wait(p, PX_SSTS, 0xf, SSTS_DET_PHY, LINK_NS) &&
	    !ahci_port_comreset(p)) {
		printf("%s: port %u: a device that does not communicate (SSTS 0x%x)\n", AHCI_NAME,
		    p->pt_num, px_rd(p, PX_SSTS));
		return false;
	}
	px_wr(p, PX_SERR, 0xffffffffu);
	if (!ahci_wait(p, PX_TFD, TFD_STS_BSY | TFD_STS_DRQ, 0, READY_NS) &&
	    !ahci_port_comreset(p)) {
		printf("%s: port %u: the device stays busy (TFD 0x%x)\n", AHCI_NAME, p->pt_num,
		    px_rd(p, PX_TFD));
		return false;
	}
	return true;
}

/* IDENTIFY DEVICE into the scratch buffer, then the console line. */
static int
identify(struct ahci_port *p, struct dma_buf *scratch)
{
	uint8_t fis[FIS_H2D_LEN];
	uint16_t words[ID_WORDS];
	const char *why;
	int err;

	ahci_fis_simple(fis, ATA_IDENTIFY);
	memset((void *)scratch->db_vaddr, 0, sizeof(words));
	err = ahci_port_poll_cmd(p, fis, false, scratch->db_phys, sizeof(words));
	if (err != 0) {
		printf("%s: port %u: IDENTIFY DEVICE failed (%d)\n", AHCI_NAME, p->pt_num, err);
		return err;
	}
	memcpy(words, (const void *)scratch->db_vaddr, sizeof(words));
	err = ahci_identify_parse(words, &p->pt_id, &why);
	if (err != 0) {
		printf("%s: port %u: disk not usable: %s\n", AHCI_NAME, p->pt_num, why);
		return err;
	}
	return 0;
}

int
ahci_port_init(struct ahci_port *p, struct dma_buf *scratch)
{
	struct ahci_hba *h = &ahci_hba;
	uint32_t sig;
	unsigned depth;
	int err;

	if (!ahci_port_stop(p, true)) {
		printf("%s: port %u: the engines do not stop: port not used\n", AHCI_NAME,
		    p->pt_num);
		return -EIO;
	}
	px_wr(p, PX_IE, 0);
	err = kc_dma_alloc(MEM_SIZE, 4096, dma_flags(), &p->pt_mem);
	if (err != 0) {
		printf("%s: port %u: no DMA memory (%d)\n", AHCI_NAME, p->pt_num, err);
		return err;
	}
	p->pt_cl = (struct ahci_cmd_hdr *)(p->pt_mem.db_vaddr + MEM_CL);
	p->pt_cl_phys = p->pt_mem.db_phys + MEM_CL;
	p->pt_fis_phys = p->pt_mem.db_phys + MEM_FIS;
	px_wr(p, PX_CLB, (uint32_t)p->pt_cl_phys);
	px_wr(p, PX_CLBU, (uint32_t)(p->pt_cl_phys >> 32));
	px_wr(p, PX_FB, (uint32_t)p->pt_fis_phys);
	px_wr(p, PX_FBU, (uint32_t)(p->pt_fis_phys >> 32));
	px_wr(p, PX_SERR, 0xffffffffu);
	px_wr(p, PX_IS, 0xffffffffu);
	if ((h->hb_cap & CAP_SSS) != 0) {
		px_wr(p, PX_CMD, px_rd(p, PX_CMD) | PXCMD_SUD | PXCMD_POD);
	}
	px_wr(p, PX_CMD, px_rd(p, PX_CMD) | PXCMD_FRE);
	if (!link_up(p)) {
		goto unused;
	}
	sig = px_rd(p, PX_SIG);
	if (sig != SIG_ATA) {
		printf("%s: port %u: %s (signature 0x%08x): not supported\n", AHCI_NAME, p->pt_num,
		    sig == SIG_ATAPI  ? "an ATAPI device" :
		        sig == SIG_PM ? "a port multiplier" :
		                        "a device that is no ATA disk",
		    sig);
		goto unused;
	}
	err = kc_dma_alloc(CT_MEM_SIZE, 4096, dma_flags(), &p->pt_ctmem);
	if (err != 0) {
		printf("%s: port %u: no DMA memory for command tables (%d)\n", AHCI_NAME, p->pt_num,
		    err);
		goto unused;
	}
	p->pt_ct = (uint8_t *)p->pt_ctmem.db_vaddr;
	p->pt_ct_phys = p->pt_ctmem.db_phys;
	for (unsigned s = 0; s < 32; s++) {
		ahci_port_slot_setup(p, s);
	}
	ahci_port_start(p);
	if (identify(p, scratch) != 0) {
		ahci_port_stop(p, false);
		goto unused;
	}
	p->pt_ncq = p->pt_id.id_ncq && (h->hb_cap & CAP_SNCQ) != 0 && !h->hb_no_ncq;
	depth = p->pt_ncq ? p->pt_id.id_qdepth : 1;
	if (depth > h->hb_slots) {
		depth = h->hb_slots;
	}
	ahci_tags_init(&p->pt_tags, depth);
	px_wr(p, PX_IS, 0xffffffffu);
	px_wr(p, PX_IE, PXIS_ENABLED);
	p->pt_disk = true;
	return 0;
unused:
	/* The port stays programmed (its FIS area is live), but unused. */
	return 0;
}
