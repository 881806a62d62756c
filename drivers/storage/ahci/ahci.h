/*
 * ahci: the driver of an AHCI 1.3 SATA controller (the q35 ICH9 one),
 * serving its disks through the block protocol (xinim/proto/blk.h) with
 * lib/libblockdriver.  Its private declarations:
 *
 *   hba.c      the controller: claim, ABAR, BIOS/OS handoff, reset,
 *              AHCI mode, MSI, the interrupt
 *   port.c     one port: engines, COMRESET, detection, polled commands
 *              (IDENTIFY, the partition scan's reads)
 *   io.c       requests: pinning the client's pages, PRDTs, NCQ or DMA
 *              EXT commands, completions, the waiting queue
 *   recover.c  errors and timeouts: port reset, commands issued again
 *   disk.c     the disks found: geometry, names, partitions, ds
 *   identify.c, fis.c, tags.c  pure parts (tests/unit/test_ahci.c)
 *
 * One thread: libdriver's loop calls everything, so nothing is locked.
 */
#pragma once
#include <libblockdriver/blockdriver.h>
#include <stdbool.h>
#include <stdint.h>
#include <xinim/kcall.h>
#include "fis.h"
#include "hw.h"
#include "identify.h"
#include "tags.h"

#define AHCI_NAME "ahci"
#define AHCI_PRDS 1088                 /* per command: a 4 MiB request in pages, plus pieces */
#define AHCI_PINS_CMD 24               /* pins per command: segments cut at GRANT_PIN_MAX */
#define AHCI_TRIES 4                   /* issues of one command before -EIO */
#define AHCI_TIMEOUT_NS 15000000000ull /* a command older than this is stuck */
#define AHCI_TICK_NS 1000000000ull     /* the watchdog's period while busy */
#define AHCI_CT_SIZE (CT_PRDT + AHCI_PRDS * sizeof(struct ahci_prd))
_Static_assert(AHCI_CT_SIZE % CT_ALIGN == 0, "command tables stay 128-byte aligned");

/* A range of a client's grant pinned for one command. */
struct ahci_pin {
	int64_t pn_grant;
	uint64_t pn_off, pn_len;
};

/* One command slot's command. */
struct ahci_cmd {
	struct blockdriver_req *cm_rq; /* NULL: the slot is free */
	endpoint_t cm_owner;
	unsigned cm_npins;
	unsigned cm_tries;
	bool cm_ncq;
	bool cm_fua_flush; /* a FUA write without NCQ: flush once written */
	uint64_t cm_issued_ns;
	struct ahci_pin cm_pins[AHCI_PINS_CMD];
};

/* One implemented port and, when a disk answered, that disk. */
struct ahci_port {
	unsigned pt_num;           /* port number on the HBA */
	volatile uint8_t *pt_regs; /* its registers */
	bool pt_disk;              /* an ATA disk answered IDENTIFY */
	int pt_dev;                /* its device number (sda = 0), -1: none */
	char pt_name[8];           /* "sda" */
	struct ahci_ident pt_id;
	struct dma_buf pt_mem;      /* command list, received FISes */
	struct dma_buf pt_ctmem;    /* command tables (a port with a disk) */
	struct ahci_cmd_hdr *pt_cl; /* 32 headers */
	uint64_t pt_cl_phys, pt_fis_phys, pt_ct_phys;
	uint8_t *pt_ct; /* AHCI_CT_SIZE per slot */
	bool pt_ncq;    /* NCQ is used */
	struct ahci_tags pt_tags;
	uint32_t pt_issued;   /* slots handed to the HBA */
	uint32_t pt_ncq_mask; /* of those, NCQ commands */
	struct ahci_cmd pt_cmd[32];
	/* Requests waiting for a slot or pins, in order (linked through
	 * br_driver). */
	struct blockdriver_req *pt_wait_head, *pt_wait_tail;
	uint32_t pt_parts;  /* bit n: partition n exists */
	unsigned pt_resets; /* recoveries so far */
};

/* The controller. */
struct ahci_hba {
	volatile uint8_t *hb_abar;
	uint32_t hb_bdf;
	uint32_t hb_cap, hb_pi;
	unsigned hb_slots;  /* command slots per port (CAP.NCS) */
	uint8_t hb_msi_cap; /* config offset of the MSI capability, 0: none */
	int hb_hook;        /* MSI hook, -1: none */
	unsigned hb_nports;
	struct ahci_port hb_port[HBA_PORTS];
	struct ahci_port *hb_dev[BLOCKDRIVER_MAX_DEVS]; /* disks in port order */
	unsigned hb_ndevs;
	unsigned hb_pins; /* pins held, at most GRANT_PINS_MAX */
	bool hb_no_ncq;   /* argument ncq=off: never NCQ */
};

extern struct ahci_hba ahci_hba;

/* MMIO accessors. */
static inline uint32_t
hba_rd(uint32_t off)
{
	return *(volatile uint32_t *)(ahci_hba.hb_abar + off);
}

static inline void
hba_wr(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(ahci_hba.hb_abar + off) = v;
}

static inline uint32_t
px_rd(const struct ahci_port *p, uint32_t off)
{
	return *(volatile uint32_t *)(p->pt_regs + off);
}

static inline void
px_wr(const struct ahci_port *p, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(p->pt_regs + off) = v;
}

/* Spins until (reg & mask) == want, at most ns: true when it came. */
bool ahci_wait(const struct ahci_port *p, uint32_t off, uint32_t mask, uint32_t want, uint64_t ns);

/* hba.c: finds, claims and resets the controller and lists its ports in
 * hb_port (0, or -ENODEV, an error); then MSI and interrupts on. */
int ahci_hba_init(void);
int ahci_hba_irq_on(void);
void ahci_hba_irq(uint64_t hooks);

/* port.c */
/* Brings port p up after the HBA reset: memory, FIS receive, detection,
 * IDENTIFY.  Prints what it found.  0 with pt_disk saying whether a disk
 * is there, or an error (the port is then unused). */
int ahci_port_init(struct ahci_port *p, struct dma_buf *scratch);
/* Stops the command engine (and with fis also FIS receive): true when
 * it stopped. */
bool ahci_port_stop(struct ahci_port *p, bool fis);
/* Starts the command engine once the device is ready. */
void ahci_port_start(struct ahci_port *p);
/* COMRESET; true when the device communicates again and is not busy. */
bool ahci_port_comreset(struct ahci_port *p);
/* Runs one command on slot 0 of an idle port and waits for it: cmd is
 * the FIS, data (phys, len) the one buffer (len 0: none).  0, -EIO (the
 * device said error), -ETIMEDOUT. */
int ahci_port_poll_cmd(struct ahci_port *p, const uint8_t *fis, bool write, uint64_t phys,
    uint32_t len);
/* Sets up the slot's command header and table address. */
void ahci_port_slot_setup(struct ahci_port *p, unsigned slot);

/* io.c */
/* Queues rq on its disk's port (bdo_submit); ahci_io_kick() (bdo_kick,
 * after the batch) issues what the ports can take. */
int ahci_io_submit(struct blockdriver_req *rq);
void ahci_io_kick(void);
/* Port p's interrupt: completions and errors. */
void ahci_io_port_irq(struct ahci_port *p);
/* Answers p's finished commands: those issued whose bits are clear in
 * active (CI | SACT). */
void ahci_io_reap(struct ahci_port *p, uint32_t active);
/* The same, then starts waiting requests (of every port: pins are
 * shared). */
void ahci_io_complete(struct ahci_port *p, uint32_t active);
/* Issues waiting requests while slots and pins allow. */
void ahci_io_start(struct ahci_port *p);
/* Ends the command in slot with result (unpins, frees the slot). */
void ahci_io_finish(struct ahci_port *p, unsigned slot, int64_t result);
/* Hands slot's command (table ready) to the HBA again. */
void ahci_io_issue(struct ahci_port *p, unsigned slot);
/* The watchdog (driver_timer): stuck commands. */
void ahci_io_tick(void);

/* recover.c: after an error interrupt (is: the PxIS bits seen) or a
 * timeout (is 0): resets the port and issues again what was in flight. */
void ahci_recover(struct ahci_port *p, uint32_t is, const char *why);

/* disk.c */
int ahci_disk_geometry(uint32_t dev, struct blk_geometry *g);
/* Names the disk found on p and reads its partition table (polled, with
 * the scratch buffer). */
void ahci_disk_add(struct ahci_port *p, struct dma_buf *scratch);
/* Publishes the disk's minors in ds ("blk/sda", "blk/sda1", ...). */
void ahci_disk_publish(struct ahci_port *p);
