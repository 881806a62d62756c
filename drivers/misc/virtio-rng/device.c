/*
 * The virtio entropy device: one request queue (queue 0) into which the
 * driver puts device-writable buffers that the device fills with random
 * bytes.  One DMA buffer of RNG_READ_MAX bytes is with the device at a
 * time, sized for the request at the head of the FIFO; when the device
 * returns it, the bytes are copied into that client's grant and the
 * client answered.  A buffer returned empty is given again, a few times;
 * a buffer the device keeps too long ends the instance, so that rs
 * restarts it and the new instance resets the device.
 */
#include <libdriver/driver.h>
#include <libsys/dev.h>
#include <libsys/grant.h>
#include <libsys/pci.h>
#include <libvirtio/pci.h>
#include <libvirtio/virtio.h>
#include <stdio.h>
#include <stdlib.h>
#include <xinim/errno.h>
#include <xinim/proto/rng.h>
#include "rng.h"

#define RNG_QSIZE 8                      /* the queue never holds more than one */
#define RNG_EMPTY_TRIES 8                /* empty returns before -EIO */
#define RNG_TIMEOUT_NS 2000000000ULL     /* 2 s for the device to answer */

static struct virtio_pci sc_vp;
static struct virtio_pci_queue sc_q;
static struct virtq_slot sc_slots[RNG_QSIZE];
static struct dma_buf sc_buf;
static bool sc_busy; /* sc_buf is with the device */

int
rng_dev_init(void)
{
	struct pci_info info;
	uint32_t bars;
	const char *step;
	int err;

	step = "claim";
	err = pci_claim(&info, &bars);
	if (err == 0) {
		step = "open";
		err = virtio_pci_open(&sc_vp, &info, bars);
	}
	if (err == 0) {
		step = "MSI-X";
		err = virtio_pci_msix(&sc_vp, 1);
	}
	if (err != 0) {
		goto fail;
	}
	step = "init";
	err = virtio_dev_init(&sc_vp.vp_dev, VIRTIO_FEATURE(VIRTIO_F_EVENT_IDX), 0);
	if (err == 0) {
		step = "queue";
		err = virtio_pci_queue(&sc_vp, &sc_q, 0, RNG_QSIZE, sc_slots, 0);
	}
	if (err == 0) {
		step = "buffer";
		err = kc_dma_alloc(RNG_READ_MAX, 0, 0, &sc_buf);
	}
	if (err == 0) {
		step = "DRIVER_OK";
		err = virtio_dev_ready(&sc_vp.vp_dev);
	}
	if (err != 0) {
		virtio_dev_fail(&sc_vp.vp_dev);
		goto fail;
	}
	return 0;
fail:
	printf("%s: %s failed (%d)\n", driver_name(), step, err);
	return err;
}

void
rng_dev_start(void)
{
	struct rng_req *rq;
	struct virtq_buf b;
	int err;

	while (!sc_busy && (rq = rng_fifo_head()) != NULL) {
		b = (struct virtq_buf){ sc_buf.db_phys, rq->rq_len };
		err = virtq_add(&sc_q.pq_vq, &b, 0, 1, rq);
		if (err < 0) {
			rng_fifo_done(err);
			continue;
		}
		sc_busy = true;
		virtio_pci_kick(&sc_q);
		driver_timer(RNG_TIMEOUT_NS);
	}
}

/* The device gave the buffer back with len bytes in it. */
static void
rng_dev_done(uint32_t len)
{
	struct rng_req *rq = rng_fifo_head();
	int err;

	sc_busy = false;
	driver_timer(0);
	if (rq == NULL) {
		return;
	}
	if (len == 0) {
		if (++rq->rq_empty < RNG_EMPTY_TRIES) {
			return;
		}
		rng_fifo_done(-EIO);
		return;
	}
	err = kc_safecopy_to(rq->rq_client, rq->rq_grant, 0, (const void *)sc_buf.db_vaddr, len);
	rng_fifo_done(err != 0 ? err : (int64_t)len);
}

void
rng_dev_irq(uint64_t hooks)
{
	struct virtq_done done;
	unsigned bad = 0;
	int r;

	if ((hooks & (1ULL << sc_vp.vp_hook[0])) == 0) {
		return;
	}
	/* A bad entry is counted and skipped (virtq_harvest); a wrecked
	 * ring fails every time, so after a queue's worth of failures this
	 * stops, and the timeout ends the instance. */
	do {
		while (bad <= RNG_QSIZE && (r = virtq_harvest(&sc_q.pq_vq, &done)) != 0) {
			if (r < 0) {
				bad++;
			} else if (sc_busy) {
				rng_dev_done(done.dn_len);
			}
		}
	} while (bad <= RNG_QSIZE && virtq_intr_enable(&sc_q.pq_vq) == 1);
	kc_irq_enable(sc_vp.vp_hook[0]);
	rng_dev_start();
}

void
rng_dev_timeout(void)
{
	if (!sc_busy) {
		return;
	}
	printf("%s: the device kept a buffer for %lu ms: giving up on this instance\n",
	    driver_name(), (unsigned long)(RNG_TIMEOUT_NS / 1000000));
	exit(1);
}
