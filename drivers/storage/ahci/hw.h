/*
 * The AHCI 1.3 controller and the ATA commands the driver sends, as the
 * hardware sees them: register offsets and bits of the HBA and its
 * ports, the command header, command table and PRD layouts, and the
 * IDENTIFY DEVICE words read.  No code; pure enough for the host tests.
 */
#pragma once
#include <stdint.h>

/* Generic host control (offsets in ABAR, PCI BAR 5). */
#define HBA_CAP 0x00
#define HBA_GHC 0x04
#define HBA_IS 0x08
#define HBA_PI 0x0c
#define HBA_VS 0x10
#define HBA_CAP2 0x24
#define HBA_BOHC 0x28
#define HBA_PORT_BASE 0x100
#define HBA_PORT_SIZE 0x80
#define HBA_PORTS 32
#define HBA_ABAR_MIN (HBA_PORT_BASE + HBA_PORTS * HBA_PORT_SIZE) /* 0x1100 */

#define CAP_NP(cap) (((cap)&0x1f) + 1u)           /* ports */
#define CAP_NCS(cap) ((((cap) >> 8) & 0x1f) + 1u) /* command slots per port */
#define CAP_SSS (1u << 27)                        /* staggered spin-up */
#define CAP_SCLO (1u << 24)                       /* command list override */
#define CAP_SNCQ (1u << 30)
#define CAP_S64A (1u << 31)

#define GHC_HR (1u << 0)
#define GHC_IE (1u << 1)
#define GHC_AE (1u << 31)

#define CAP2_BOH (1u << 0)
#define BOHC_BOS (1u << 0) /* BIOS owned semaphore */
#define BOHC_OOS (1u << 1) /* OS owned semaphore */
#define BOHC_BB (1u << 4)  /* BIOS busy */

/* Port registers (offsets from the port's base). */
#define PX_CLB 0x00
#define PX_CLBU 0x04
#define PX_FB 0x08
#define PX_FBU 0x0c
#define PX_IS 0x10
#define PX_IE 0x14
#define PX_CMD 0x18
#define PX_TFD 0x20
#define PX_SIG 0x24
#define PX_SSTS 0x28
#define PX_SCTL 0x2c
#define PX_SERR 0x30
#define PX_SACT 0x34
#define PX_CI 0x38

#define PXIS_DHRS (1u << 0) /* a D2H register FIS came */
#define PXIS_PSS (1u << 1)  /* a PIO setup FIS came */
#define PXIS_DSS (1u << 2)
#define PXIS_SDBS (1u << 3) /* a set device bits FIS came (NCQ) */
#define PXIS_UFS (1u << 4)
#define PXIS_DPS (1u << 5)
#define PXIS_PCS (1u << 6) /* port connect change */
#define PXIS_PRCS (1u << 22)
#define PXIS_IPMS (1u << 23)
#define PXIS_OFS (1u << 24)
#define PXIS_INFS (1u << 26)
#define PXIS_IFS (1u << 27)
#define PXIS_HBDS (1u << 28)
#define PXIS_HBFS (1u << 29)
#define PXIS_TFES (1u << 30)
#define PXIS_CPDS (1u << 31)
/* What ends the commands in flight and needs recovery. */
#define PXIS_ERRORS (PXIS_TFES | PXIS_HBFS | PXIS_HBDS | PXIS_IFS | PXIS_OFS | PXIS_UFS | PXIS_IPMS)
/* What the driver asks to be told. */
#define PXIS_ENABLED (PXIS_DHRS | PXIS_PSS | PXIS_DSS | PXIS_SDBS | PXIS_DPS | PXIS_ERRORS)

#define PXCMD_ST (1u << 0)
#define PXCMD_SUD (1u << 1)
#define PXCMD_POD (1u << 2)
#define PXCMD_CLO (1u << 3)
#define PXCMD_FRE (1u << 4)
#define PXCMD_FR (1u << 14)
#define PXCMD_CR (1u << 15)
#define PXCMD_ICC_ACTIVE (1u << 28)

#define TFD_STS_ERR (1u << 0)
#define TFD_STS_DRQ (1u << 3)
#define TFD_STS_BSY (1u << 7)
#define TFD_ERR(tfd) (((tfd) >> 8) & 0xff)

#define SSTS_DET(s) ((s)&0xf)
#define SSTS_DET_PRESENT 1 /* device there, no communication yet */
#define SSTS_DET_PHY 3     /* device there and communicating */
#define SCTL_DET_MASK 0xfu
#define SCTL_DET_COMRESET 1u
#define SCTL_IPM_NONE (3u << 8) /* no partial or slumber transitions */

#define SIG_ATA 0x00000101u
#define SIG_ATAPI 0xeb140101u
#define SIG_SEMB 0xc33c0101u
#define SIG_PM 0x96690101u

/* The command list: 32 headers of 32 bytes, 1 KiB aligned. */
struct ahci_cmd_hdr {
	uint32_t ch_flags; /* CFL 4:0, A 5, W 6, P 7, R 8, B 9, C 10, PMP 15:12, PRDTL 31:16 */
	uint32_t ch_prdbc; /* bytes transferred, written by the HBA */
	uint32_t ch_ctba;  /* command table, 128-byte aligned */
	uint32_t ch_ctbau;
	uint32_t ch_rsvd[4];
};
_Static_assert(sizeof(struct ahci_cmd_hdr) == 32, "AHCI command header");
#define CH_CFL(dwords) ((uint32_t)(dwords)&0x1f)
#define CH_WRITE (1u << 6)
#define CH_PRDTL(n) ((uint32_t)(n) << 16)

/* One physical region descriptor of a command table. */
struct ahci_prd {
	uint32_t pr_dba; /* bit 0 must be 0: word aligned */
	uint32_t pr_dbau;
	uint32_t pr_rsvd;
	uint32_t pr_dbc; /* bytes - 1 in 21:0 (odd: an even count), I in 31 */
};
_Static_assert(sizeof(struct ahci_prd) == 16, "AHCI PRD");
#define PRD_MAX_BYTES (4u << 20)

/* A command table: the command FIS, the ATAPI command, the PRDT. */
#define CT_CFIS 0x00
#define CT_PRDT 0x80
#define CT_ALIGN 128

/* The received-FIS area: 256 bytes, 256-byte aligned. */
#define RFIS_SIZE 256
#define RFIS_D2H 0x40 /* the last D2H register FIS */

/* Register FIS, host to device (FIS type 27h), 20 bytes. */
#define FIS_TYPE_H2D 0x27
#define FIS_H2D_LEN 20
#define FIS_H2D_C 0x80 /* byte 1: a command, not a device control */

/* ATA commands. */
#define ATA_IDENTIFY 0xec
#define ATA_READ_DMA_EXT 0x25
#define ATA_WRITE_DMA_EXT 0x35
#define ATA_READ_FPDMA 0x60
#define ATA_WRITE_FPDMA 0x61
#define ATA_FLUSH 0xe7
#define ATA_FLUSH_EXT 0xea
#define ATA_DEV_LBA 0x40       /* device register: LBA addressing */
#define ATA_DEV_FUA 0x80       /* device register of an FPDMA write: FUA */
#define ATA_MAX_SECTORS 65536u /* per EXT or FPDMA command (0 means this) */

/* IDENTIFY DEVICE words. */
#define ID_WORDS 256
#define ID_CONFIG 0 /* bit 15: not an ATA device */
#define ID_MODEL 27 /* 27..46, two characters per word, high byte first */
#define ID_MODEL_LEN 40
#define ID_CAP 49        /* bit 9: LBA, bit 8: DMA */
#define ID_LBA28 60      /* 60..61 */
#define ID_QDEPTH 75     /* 4:0: queue depth - 1 */
#define ID_SATA_CAP 76   /* bit 8: NCQ */
#define ID_CMDSET1 82    /* bit 5: write cache */
#define ID_CMDSET2 83    /* bit 10: 48-bit, 12: FLUSH CACHE, 13: FLUSH CACHE EXT */
#define ID_CMDEN1 85     /* bit 5: write cache enabled */
#define ID_CMDEN2 86     /* as 83, enabled */
#define ID_LBA48 100     /* 100..103 */
#define ID_SECSIZE 106   /* bit 14 valid (15 clear), bit 12: logical > 256 words */
#define ID_LSS 117       /* 117..118: words per logical sector */
#define ID_INTEGRITY 255 /* 7:0 A5h, 15:8 checksum */
