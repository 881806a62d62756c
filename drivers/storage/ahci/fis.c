/*
 * Command FISes and PRDTs (fis.h).  The register FIS layout (SATA 2.6
 * 10.3.4): type, PM port and C bit, command, features 7:0, LBA 23:0,
 * device, LBA 47:24, features 15:8, count 15:0, ICC, control.  For the
 * FPDMA commands the sector count travels in the features field and the
 * tag in count bits 7:3.
 */
#include <string.h>
#include <xinim/errno.h>
#include "fis.h"

static void
fis_start(uint8_t *fis, uint8_t command)
{
	memset(fis, 0, FIS_H2D_LEN);
	fis[0] = FIS_TYPE_H2D;
	fis[1] = FIS_H2D_C;
	fis[2] = command;
}

static void
fis_lba(uint8_t *fis, uint64_t lba)
{
	fis[4] = (uint8_t)lba;
	fis[5] = (uint8_t)(lba >> 8);
	fis[6] = (uint8_t)(lba >> 16);
	fis[8] = (uint8_t)(lba >> 24);
	fis[9] = (uint8_t)(lba >> 32);
	fis[10] = (uint8_t)(lba >> 40);
}

void
ahci_fis_simple(uint8_t *fis, uint8_t command)
{
	fis_start(fis, command);
}

void
ahci_fis_dma_ext(uint8_t *fis, bool write, uint64_t lba, uint32_t count)
{
	fis_start(fis, write ? ATA_WRITE_DMA_EXT : ATA_READ_DMA_EXT);
	fis_lba(fis, lba);
	fis[7] = ATA_DEV_LBA;
	/* 65536 is sent as 0. */
	fis[12] = (uint8_t)count;
	fis[13] = (uint8_t)(count >> 8);
}

void
ahci_fis_fpdma(uint8_t *fis, bool write, uint64_t lba, uint32_t count, unsigned tag, bool fua)
{
	fis_start(fis, write ? ATA_WRITE_FPDMA : ATA_READ_FPDMA);
	fis_lba(fis, lba);
	fis[3] = (uint8_t)count;
	fis[11] = (uint8_t)(count >> 8);
	fis[7] = ATA_DEV_LBA | (write && fua ? ATA_DEV_FUA : 0);
	fis[12] = (uint8_t)((tag & 0x1f) << 3);
}

int
ahci_prdt_build(struct ahci_prd *prd, unsigned max, const struct phys_seg *seg, unsigned n,
    const char **why)
{
	unsigned used = 0;

	*why = NULL;
	for (unsigned i = 0; i < n; i++) {
		uint64_t addr = seg[i].ps_addr, len = seg[i].ps_len;

		if ((addr & 1) != 0 || (len & 1) != 0 || len == 0) {
			*why = "a data segment at an odd address or of an odd length";
			return -EINVAL;
		}
		while (len > 0) {
			uint64_t piece = len < PRD_MAX_BYTES ? len : PRD_MAX_BYTES;

			if (used == max) {
				*why = "more physical segments than the PRDT holds";
				return -E2BIG;
			}
			prd[used].pr_dba = (uint32_t)addr;
			prd[used].pr_dbau = (uint32_t)(addr >> 32);
			prd[used].pr_rsvd = 0;
			prd[used].pr_dbc = (uint32_t)(piece - 1);
			used++;
			addr += piece;
			len -= piece;
		}
	}
	return (int)used;
}
