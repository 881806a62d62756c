/*
 * Requests on a port (AHCI 1.3 section 5, SATA NCQ): each checked
 * request from libblockdriver waits in the port's queue, in order, until
 * a command slot and enough pins are free; then the client's pages are
 * pinned (kc_grant_phys: the device moves the data straight to or from
 * them), the PRDT and command FIS are built in the slot's table and the
 * slot is issued (SACT and CI for NCQ, CI alone otherwise).  On a disk
 * with NCQ, reads and writes go as READ/WRITE FPDMA QUEUED, many at a
 * time; a FLUSH CACHE EXT, or any command on a disk without NCQ, goes
 * alone, once the port is idle.  A completion answers the request and
 * unpins.  A watchdog timer catches commands the disk never finishes.
 * Requests a drain of a client's ring submitted are issued together by
 * ahci_io_kick(), one doorbell (SACT, CI) for the batch.
 * Entry points: ahci_io_submit, ahci_io_kick, ahci_io_port_irq, ahci_io_complete,
 * ahci_io_start, ahci_io_finish, ahci_io_issue, ahci_io_tick.
 */
#include <libdriver/driver.h>
#include <libsys/clock.h>
#include <libsys/grant.h>
#include <stdio.h>
#include <string.h>
#include <xinim/errno.h>
#include "ahci.h"

static bool io_timer_armed;
/* The physical ranges of the request being prepared. */
static struct phys_seg io_segs[AHCI_PRDS];

/* Pins needed by rq: its segments cut at GRANT_PIN_MAX. */
static unsigned
pins_needed(const struct blockdriver_req *rq)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		n += (unsigned)((rq->br_seg[i].bs_len + GRANT_PIN_MAX - 1) / GRANT_PIN_MAX);
	}
	return n;
}

static void
unpin_all(struct ahci_cmd *cm)
{
	for (unsigned i = 0; i < cm->cm_npins; i++) {
		const struct ahci_pin *pn = &cm->cm_pins[i];

		kc_grant_unpin(cm->cm_owner, pn->pn_grant, pn->pn_off, pn->pn_len);
	}
	ahci_hba.hb_pins -= cm->cm_npins;
	cm->cm_npins = 0;
}

/* The pin takes either right, and the kernel trusts us with the rest
 * (xinim/kcall.h): before the disk writes into a segment (a read) the
 * grant must allow GRANT_WRITE, before it reads one (a write)
 * GRANT_READ.  A one-byte safecopy in that direction proves it; for a
 * read the byte is overwritten by the transfer anyway.  Once per grant
 * of the request.  0, or the copy's error (-EACCES: the wrong right). */
static int
check_access(const struct blockdriver_req *rq, uint32_t i)
{
	const struct blk_seg *sg = &rq->br_seg[i];
	uint8_t byte = 0;

	for (uint32_t j = 0; j < i; j++) {
		if (rq->br_seg[j].bs_grant == sg->bs_grant) {
			return 0;
		}
	}
	if (rq->br_op == BLK_READ) {
		return kc_safecopy_to(rq->br_owner, sg->bs_grant, sg->bs_off, &byte, 1);
	}
	return kc_safecopy_from(rq->br_owner, sg->bs_grant, sg->bs_off, &byte, 1);
}

/* Pins every segment of cm's request; fills io_segs.  The count of
 * physical ranges, or an error with nothing left pinned. */
static int
pin_segments(struct ahci_cmd *cm)
{
	const struct blockdriver_req *rq = cm->cm_rq;
	unsigned n = 0;
	int r;

	for (uint32_t i = 0; i < rq->br_nseg; i++) {
		const struct blk_seg *sg = &rq->br_seg[i];
		uint64_t off = sg->bs_off, left = sg->bs_len;

		r = check_access(rq, i);
		if (r != 0) {
			goto fail;
		}
		while (left > 0) {
			uint64_t len = left < GRANT_PIN_MAX ? left : GRANT_PIN_MAX;
			struct ahci_pin *pn;

			if (cm->cm_npins == AHCI_PINS_CMD || n == AHCI_PRDS) {
				r = -E2BIG;
				goto fail;
			}
			r = kc_grant_phys(cm->cm_owner, sg->bs_grant, off, len, &io_segs[n],
			    AHCI_PRDS - n);
			if (r <= 0) {
				r = r == 0 ? -EFAULT : r;
				goto fail;
			}
			pn = &cm->cm_pins[cm->cm_npins++];
			*pn = (struct ahci_pin){ sg->bs_grant, off, len };
			ahci_hba.hb_pins++;
			n += (unsigned)r;
			off += len;
			left -= len;
		}
	}
	return (int)n;
fail:
	unpin_all(cm);
	return r;
}

/* Fills slot's command table and header for rq.  0 or an error (the
 * request is then answered with it by the caller). */
static int
prepare(struct ahci_port *p, unsigned slot, struct blockdriver_req *rq, bool ncq)
{
	struct ahci_cmd *cm = &p->pt_cmd[slot];
	uint8_t *ct = p->pt_ct + (size_t)slot * AHCI_CT_SIZE;
	struct ahci_cmd_hdr *h = &p->pt_cl[slot];
	bool write = rq->br_op == BLK_WRITE;
	const char *why;
	int n = 0, err;

	*cm = (struct ahci_cmd){ .cm_rq = rq, .cm_owner = rq->br_owner, .cm_ncq = ncq };
	if (rq->br_op == BLK_FLUSH) {
		ahci_fis_simple(ct + CT_CFIS, p->pt_id.id_flush_ext ? ATA_FLUSH_EXT : ATA_FLUSH);
	} else {
		n = pin_segments(cm);
		if (n < 0) {
			return n;
		}
		if ((ahci_hba.hb_cap & CAP_S64A) == 0) {
			for (int i = 0; i < n; i++) {
				if (io_segs[i].ps_addr + io_segs[i].ps_len > 1ull << 32) {
					err = -EFAULT;
					why = "memory above 4 GiB for a 32-bit controller";
					goto refuse;
				}
			}
		}
		n = ahci_prdt_build((struct ahci_prd *)(ct + CT_PRDT), AHCI_PRDS, io_segs,
		    (unsigned)n, &why);
		if (n < 0) {
			err = n == -E2BIG ? -EINVAL : n;
			goto refuse;
		}
		if (ncq) {
			ahci_fis_fpdma(ct + CT_CFIS, write, rq->br_sector, (uint32_t)rq->br_count,
			    slot, (rq->br_flags & BLK_FL_FUA) != 0);
		} else {
			ahci_fis_dma_ext(ct + CT_CFIS, write, rq->br_sector,
			    (uint32_t)rq->br_count);
			/* FUA without NCQ: a flush follows the write. */
			cm->cm_fua_flush = write && (rq->br_flags & BLK_FL_FUA) != 0;
		}
	}
	h->ch_flags = CH_CFL(FIS_H2D_LEN / 4) | (write ? CH_WRITE : 0) | CH_PRDTL(n);
	h->ch_prdbc = 0;
	return 0;
refuse:
	printf("%s: %s: request refused: %s\n", AHCI_NAME, p->pt_name, why);
	unpin_all(cm);
	return err;
}

static void
arm_timer(void)
{
	if (!io_timer_armed) {
		io_timer_armed = true;
		driver_timer(AHCI_TICK_NS);
	}
}

void
ahci_io_issue(struct ahci_port *p, unsigned slot)
{
	uint32_t bit = 1u << slot;

	p->pt_cmd[slot].cm_issued_ns = clock_now_ns();
	p->pt_issued |= bit;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (p->pt_cmd[slot].cm_ncq) {
		p->pt_ncq_mask |= bit;
		px_wr(p, PX_SACT, bit);
	}
	px_wr(p, PX_CI, bit);
	arm_timer();
}

void
ahci_io_start(struct ahci_port *p)
{
	struct blockdriver_req *rq;
	uint32_t bits = 0, ncq_bits = 0;
	uint64_t now = 0;

	while ((rq = p->pt_wait_head) != NULL) {
		bool ncq = p->pt_ncq && rq->br_op != BLK_FLUSH;
		int slot, err;

		/* NCQ and other commands never mix on the wire. */
		if (ncq ? (p->pt_issued & ~p->pt_ncq_mask) != 0 : p->pt_issued != 0) {
			break;
		}
		if (ahci_hba.hb_pins + pins_needed(rq) > GRANT_PINS_MAX) {
			break;
		}
		slot = ahci_tags_get(&p->pt_tags);
		if (slot < 0) {
			break;
		}
		p->pt_wait_head = rq->br_driver;
		if (p->pt_wait_head == NULL) {
			p->pt_wait_tail = NULL;
		}
		err = prepare(p, (unsigned)slot, rq, ncq);
		if (err == -ENOSPC && ahci_hba.hb_pins != 0) {
			/* Out of pins after all: wait for some to come back. */
			ahci_tags_put(&p->pt_tags, (unsigned)slot);
			p->pt_cmd[slot].cm_rq = NULL;
			rq->br_driver = p->pt_wait_head;
			p->pt_wait_head = rq;
			if (p->pt_wait_tail == NULL) {
				p->pt_wait_tail = rq;
			}
			break;
		}
		if (err != 0) {
			ahci_tags_put(&p->pt_tags, (unsigned)slot);
			p->pt_cmd[slot].cm_rq = NULL;
			blockdriver_done(rq, err);
			continue;
		}
		if (now == 0) {
			now = clock_now_ns();
		}
		p->pt_cmd[slot].cm_issued_ns = now;
		p->pt_issued |= 1u << slot;
		bits |= 1u << slot;
		if (ncq) {
			p->pt_ncq_mask |= 1u << slot;
			ncq_bits |= 1u << slot;
		}
	}
	if (bits == 0) {
		return;
	}
	/* One doorbell for the batch: SACT before CI (section 5.3.1). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ncq_bits != 0) {
		px_wr(p, PX_SACT, ncq_bits);
	}
	px_wr(p, PX_CI, bits);
	arm_timer();
}

int
ahci_io_submit(struct blockdriver_req *rq)
{
	struct ahci_port *p;

	if (rq->br_dev >= ahci_hba.hb_ndevs) {
		return -ENXIO;
	}
	p = ahci_hba.hb_dev[rq->br_dev];
	switch (rq->br_op) {
	case BLK_READ:
	case BLK_WRITE:
		break;
	case BLK_FLUSH:
		/* Without a volatile cache everything answered is on disk. */
		if (!p->pt_id.id_wcache || (!p->pt_id.id_flush && !p->pt_id.id_flush_ext)) {
			blockdriver_done(rq, 0);
			return 0;
		}
		break;
	default:
		return -ENOTSUP;
	}
	rq->br_driver = NULL;
	if (p->pt_wait_tail != NULL) {
		p->pt_wait_tail->br_driver = rq;
	} else {
		p->pt_wait_head = rq;
	}
	p->pt_wait_tail = rq;
	return 0;
}

void
ahci_io_kick(void)
{
	for (unsigned d = 0; d < ahci_hba.hb_ndevs; d++) {
		ahci_io_start(ahci_hba.hb_dev[d]);
	}
}

void
ahci_io_finish(struct ahci_port *p, unsigned slot, int64_t result)
{
	struct ahci_cmd *cm = &p->pt_cmd[slot];
	struct blockdriver_req *rq = cm->cm_rq;

	unpin_all(cm);
	p->pt_issued &= ~(1u << slot);
	p->pt_ncq_mask &= ~(1u << slot);
	ahci_tags_put(&p->pt_tags, slot);
	cm->cm_rq = NULL;
	if (rq != NULL) {
		blockdriver_done(rq, result);
	}
}

/* The FUA write in slot is done: the same slot now flushes. */
static void
fua_flush(struct ahci_port *p, unsigned slot)
{
	struct ahci_cmd *cm = &p->pt_cmd[slot];
	uint8_t *ct = p->pt_ct + (size_t)slot * AHCI_CT_SIZE;

	cm->cm_fua_flush = false;
	p->pt_issued &= ~(1u << slot);
	ahci_fis_simple(ct + CT_CFIS, p->pt_id.id_flush_ext ? ATA_FLUSH_EXT : ATA_FLUSH);
	p->pt_cl[slot].ch_flags = CH_CFL(FIS_H2D_LEN / 4);
	p->pt_cl[slot].ch_prdbc = 0;
	ahci_io_issue(p, slot);
}

void
ahci_io_reap(struct ahci_port *p, uint32_t active)
{
	uint32_t done = p->pt_issued & ~active;

	while (done != 0) {
		unsigned slot = (unsigned)__builtin_ctz(done);
		struct ahci_cmd *cm = &p->pt_cmd[slot];

		done &= done - 1;
		if (cm->cm_fua_flush) {
			fua_flush(p, slot);
			continue;
		}
		ahci_io_finish(p, slot,
		    cm->cm_rq != NULL && cm->cm_rq->br_op != BLK_FLUSH ?
		        (int64_t)cm->cm_rq->br_bytes :
		        0);
	}
}

void
ahci_io_complete(struct ahci_port *p, uint32_t active)
{
	ahci_io_reap(p, active);
	/* Pins came back: requests of other ports may wait for them. */
	ahci_io_kick();
}

void
ahci_io_port_irq(struct ahci_port *p)
{
	uint32_t is = px_rd(p, PX_IS);

	px_wr(p, PX_IS, is);
	if (!p->pt_disk) {
		return;
	}
	if ((is & PXIS_ERRORS) != 0) {
		ahci_recover(p, is, "an error");
		return;
	}
	if (p->pt_issued != 0) {
		ahci_io_complete(p, px_rd(p, PX_CI) | px_rd(p, PX_SACT));
	}
}

void
ahci_io_tick(void)
{
	uint64_t now = clock_now_ns();
	bool busy = false;

	io_timer_armed = false;
	for (unsigned d = 0; d < ahci_hba.hb_ndevs; d++) {
		struct ahci_port *p = ahci_hba.hb_dev[d];
		uint32_t issued = p->pt_issued;

		/* A completion whose interrupt went missing is taken here. */
		if (issued != 0) {
			ahci_io_complete(p, px_rd(p, PX_CI) | px_rd(p, PX_SACT));
			issued = p->pt_issued;
		}
		while (issued != 0) {
			unsigned slot = (unsigned)__builtin_ctz(issued);

			issued &= issued - 1;
			if (now - p->pt_cmd[slot].cm_issued_ns > AHCI_TIMEOUT_NS) {
				ahci_recover(p, 0, "a command timed out");
				break;
			}
		}
		busy |= p->pt_issued != 0;
	}
	blockdriver_commit_all();
	if (busy) {
		arm_timer();
	}
}
