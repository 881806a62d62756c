/*
 * IDENTIFY DEVICE (ATA8-ACS): what the driver learns from the 256 words
 * a disk answers.  Pure: ahci_identify_parse() checks the words before
 * trusting them, so a device that answers garbage is refused with a
 * reason, never believed.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "hw.h"

struct ahci_ident {
	char id_model[ID_MODEL_LEN + 1]; /* trailing blanks removed */
	uint64_t id_sectors;             /* logical sectors (48-bit count) */
	uint32_t id_sector_size;         /* bytes per logical sector */
	bool id_ncq;                     /* READ/WRITE FPDMA QUEUED */
	uint32_t id_qdepth;              /* 1..32: commands the device queues */
	bool id_wcache;                  /* a volatile write cache is on */
	bool id_flush_ext;               /* FLUSH CACHE EXT */
	bool id_flush;                   /* FLUSH CACHE */
};

/* Fills *out from the words w (as the device sent them, little-endian
 * 16-bit words).  0, or -ENOTSUP (not an ATA disk, no 48-bit LBA or no
 * DMA), -EINVAL (a bad checksum, an impossible size); *why says which. */
int ahci_identify_parse(const uint16_t w[ID_WORDS], struct ahci_ident *out, const char **why);
