/*
 * Building what the HBA reads for one command: the host-to-device
 * register FIS of an ATA command (fis.c) and the PRDT that describes the
 * data's physical memory.  Pure, for the host tests.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xinim/kcall.h>
#include "hw.h"

/* The command FIS of a non-data or PIO command (IDENTIFY, FLUSH) into
 * fis[0..FIS_H2D_LEN). */
void ahci_fis_simple(uint8_t *fis, uint8_t command);

/* READ/WRITE DMA EXT of count (1..ATA_MAX_SECTORS) sectors at lba. */
void ahci_fis_dma_ext(uint8_t *fis, bool write, uint64_t lba, uint32_t count);

/* READ/WRITE FPDMA QUEUED: the same, as NCQ command tag (0..31); fua
 * (writes only) sets the FUA bit. */
void ahci_fis_fpdma(uint8_t *fis, bool write, uint64_t lba, uint32_t count, unsigned tag, bool fua);

/* Fills prd[0..max) from the physical segments seg[0..n) (whose lengths
 * add up to the transfer), splitting a segment longer than a PRD may
 * be.  Returns how many PRDs it filled, or -EINVAL for an odd address
 * or length (AHCI moves words), -E2BIG when max is too few; *why says
 * which. */
int ahci_prdt_build(struct ahci_prd *prd, unsigned max, const struct phys_seg *seg, unsigned n,
    const char **why);
