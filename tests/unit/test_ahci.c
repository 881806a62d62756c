/* unit-sources: drivers/storage/ahci/identify.c drivers/storage/ahci/fis.c drivers/storage/ahci/tags.c */
/*
 * The AHCI driver's pure parts: IDENTIFY DEVICE parsing (a QEMU-like
 * disk, 4 KiB logical sectors, no NCQ, and refusals: not ATA, no 48-bit
 * LBA, a bad checksum, an impossible size, an odd sector size), the
 * register FISes of DMA EXT, FPDMA QUEUED (tag, count, FUA) and simple
 * commands byte by byte, PRDTs from physical segments (a long segment
 * cut at 4 MiB, odd addresses and lengths refused, a table too small),
 * and the command-slot allocator (lowest first, depth, reuse).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <xinim/errno.h>
#include "../../drivers/storage/ahci/fis.h"
#include "../../drivers/storage/ahci/identify.h"
#include "../../drivers/storage/ahci/tags.h"

/* IDENTIFY words of a disk like QEMU's: LBA48, NCQ depth 32, write
 * cache on, FLUSH CACHE (EXT), sectors sectors of 512 bytes. */
static void
ident_words(uint16_t *w, uint64_t sectors)
{
	const char *model = "QEMU HARDDISK";

	memset(w, 0, ID_WORDS * sizeof(*w));
	w[ID_CONFIG] = 0x0040;
	for (unsigned i = 0; i < ID_MODEL_LEN / 2; i++) {
		char a = ' ', b = ' ';

		if (2 * i < strlen(model)) {
			a = model[2 * i];
		}
		if (2 * i + 1 < strlen(model)) {
			b = model[2 * i + 1];
		}
		w[ID_MODEL + i] = (uint16_t)((unsigned char)a << 8 | (unsigned char)b);
	}
	w[ID_CAP] = 1u << 9 | 1u << 8;
	w[ID_QDEPTH] = 31;
	w[ID_SATA_CAP] = 1u << 8;
	w[ID_CMDSET1] = 1u << 5;
	w[ID_CMDSET2] = 0x4000 | 1u << 13 | 1u << 12 | 1u << 10;
	w[ID_CMDEN1] = 1u << 5;
	w[ID_CMDEN2] = 1u << 13 | 1u << 12 | 1u << 10;
	w[ID_LBA48] = (uint16_t)sectors;
	w[ID_LBA48 + 1] = (uint16_t)(sectors >> 16);
	w[ID_LBA48 + 2] = (uint16_t)(sectors >> 32);
	w[ID_LBA48 + 3] = (uint16_t)(sectors >> 48);
}

/* Sets the integrity word so that the bytes add up to zero. */
static void
ident_checksum(uint16_t *w)
{
	uint8_t sum = 0xa5;

	w[ID_INTEGRITY] = 0x00a5;
	for (unsigned i = 0; i < ID_WORDS - 1; i++) {
		sum = (uint8_t)(sum + (w[i] & 0xff) + (w[i] >> 8));
	}
	w[ID_INTEGRITY] = (uint16_t)(0xa5 | (uint8_t)(0x100 - sum) << 8);
}

static void
test_identify_qemu_disk(void **state)
{
	uint16_t w[ID_WORDS];
	struct ahci_ident id;
	const char *why;

	ident_words(w, 0x123456789ull);
	ident_checksum(w);
	assert_int_equal(ahci_identify_parse(w, &id, &why), 0);
	assert_string_equal(id.id_model, "QEMU HARDDISK");
	assert_int_equal(id.id_sectors, 0x123456789ull);
	assert_int_equal(id.id_sector_size, 512);
	assert_true(id.id_ncq);
	assert_int_equal(id.id_qdepth, 32);
	assert_true(id.id_wcache);
	assert_true(id.id_flush);
	assert_true(id.id_flush_ext);
}

static void
test_identify_variants(void **state)
{
	uint16_t w[ID_WORDS];
	struct ahci_ident id;
	const char *why;

	/* 4096-byte logical sectors (2048 words), no NCQ, cache off. */
	ident_words(w, 1000);
	w[ID_SECSIZE] = 0x4000 | 1u << 12;
	w[ID_LSS] = 2048;
	w[ID_SATA_CAP] = 0;
	w[ID_CMDEN1] = 0;
	w[ID_QDEPTH] = 7;
	assert_int_equal(ahci_identify_parse(w, &id, &why), 0);
	assert_int_equal(id.id_sector_size, 4096);
	assert_false(id.id_ncq);
	assert_int_equal(id.id_qdepth, 1);
	assert_false(id.id_wcache);
	/* Word 76 all ones: not SATA, so no NCQ either. */
	w[ID_SATA_CAP] = 0xffff;
	assert_int_equal(ahci_identify_parse(w, &id, &why), 0);
	assert_false(id.id_ncq);
	/* Queue depth 1 from word 75. */
	ident_words(w, 1000);
	w[ID_QDEPTH] = 0;
	assert_int_equal(ahci_identify_parse(w, &id, &why), 0);
	assert_int_equal(id.id_qdepth, 1);
	/* Control characters in the model are not passed on. */
	w[ID_MODEL] = 0x0a41;
	assert_int_equal(ahci_identify_parse(w, &id, &why), 0);
	assert_int_equal(id.id_model[0], '?');
	assert_int_equal(id.id_model[1], 'A');
}

static void
test_identify_refused(void **state)
{
	uint16_t w[ID_WORDS];
	struct ahci_ident id;
	const char *why;

	ident_words(w, 1000);
	w[ID_CONFIG] = 0x8000;
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);
	assert_non_null(why);

	ident_words(w, 1000);
	w[ID_CMDSET2] &= (uint16_t) ~(1u << 10);
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);

	ident_words(w, 1000);
	w[ID_CMDSET2] = 0xffff; /* word 83 not valid: bit 15 set */
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);

	ident_words(w, 1000);
	w[ID_CAP] = 1u << 9; /* no DMA */
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);

	ident_words(w, 0);
	assert_int_equal(ahci_identify_parse(w, &id, &why), -EINVAL);
	ident_words(w, 1ull << 48);
	w[ID_LBA48 + 3] = 0xffff;
	assert_int_equal(ahci_identify_parse(w, &id, &why), -EINVAL);

	ident_words(w, 1000);
	w[ID_SECSIZE] = 0x4000 | 1u << 12;
	w[ID_LSS] = 300; /* not a power of two */
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);
	w[ID_LSS] = 0;
	w[ID_LSS + 1] = 1; /* 65536 words */
	assert_int_equal(ahci_identify_parse(w, &id, &why), -ENOTSUP);

	ident_words(w, 1000);
	ident_checksum(w);
	w[ID_MODEL] ^= 1;
	assert_int_equal(ahci_identify_parse(w, &id, &why), -EINVAL);
	assert_non_null(strstr(why, "checksum"));
}

static void
test_fis_dma_ext(void **state)
{
	uint8_t fis[FIS_H2D_LEN];
	static const uint8_t want[FIS_H2D_LEN] = { 0x27, 0x80, 0x35, 0, 0x66, 0x55, 0x44, 0x40,
		0x33, 0x22, 0x11, 0, 0x34, 0x12, 0, 0, 0, 0, 0, 0 };

	memset(fis, 0xcc, sizeof(fis));
	ahci_fis_dma_ext(fis, true, 0x112233445566ull, 0x1234);
	assert_memory_equal(fis, want, sizeof(want));
	ahci_fis_dma_ext(fis, false, 0, 65536);
	assert_int_equal(fis[2], ATA_READ_DMA_EXT);
	assert_int_equal(fis[12], 0);
	assert_int_equal(fis[13], 0);
}

static void
test_fis_fpdma(void **state)
{
	uint8_t fis[FIS_H2D_LEN];

	ahci_fis_fpdma(fis, false, 0x0000aabbccddull, 0x0208, 31, true);
	assert_int_equal(fis[0], FIS_TYPE_H2D);
	assert_int_equal(fis[1], FIS_H2D_C);
	assert_int_equal(fis[2], ATA_READ_FPDMA);
	/* Count in the features field, tag in count 7:3. */
	assert_int_equal(fis[3], 0x08);
	assert_int_equal(fis[11], 0x02);
	assert_int_equal(fis[12], 31 << 3);
	assert_int_equal(fis[13], 0);
	assert_int_equal(fis[4], 0xdd);
	assert_int_equal(fis[5], 0xcc);
	assert_int_equal(fis[6], 0xbb);
	assert_int_equal(fis[8], 0xaa);
	/* FUA only on writes. */
	assert_int_equal(fis[7], ATA_DEV_LBA);
	ahci_fis_fpdma(fis, true, 5, 8, 3, true);
	assert_int_equal(fis[2], ATA_WRITE_FPDMA);
	assert_int_equal(fis[7], ATA_DEV_LBA | ATA_DEV_FUA);
	assert_int_equal(fis[12], 3 << 3);
	ahci_fis_fpdma(fis, true, 5, 8, 3, false);
	assert_int_equal(fis[7], ATA_DEV_LBA);
}

static void
test_fis_simple(void **state)
{
	uint8_t fis[FIS_H2D_LEN];

	memset(fis, 0xcc, sizeof(fis));
	ahci_fis_simple(fis, ATA_FLUSH_EXT);
	assert_int_equal(fis[0], 0x27);
	assert_int_equal(fis[1], 0x80);
	assert_int_equal(fis[2], 0xea);
	for (unsigned i = 3; i < FIS_H2D_LEN; i++) {
		assert_int_equal(fis[i], 0);
	}
}

static void
test_prdt(void **state)
{
	struct ahci_prd prd[8];
	const char *why;
	struct phys_seg segs[] = {
		{ 0x100000, 4096 },
		{ 0x123456789000ull, 9u << 20 }, /* cut in 4 + 4 + 1 MiB */
		{ 0x2000, 512 },
	};

	assert_int_equal(ahci_prdt_build(prd, 8, segs, 3, &why), 5);
	assert_int_equal(prd[0].pr_dba, 0x100000);
	assert_int_equal(prd[0].pr_dbau, 0);
	assert_int_equal(prd[0].pr_dbc, 4095);
	assert_int_equal(prd[1].pr_dba, 0x56789000);
	assert_int_equal(prd[1].pr_dbau, 0x1234);
	assert_int_equal(prd[1].pr_dbc, (4u << 20) - 1);
	assert_int_equal(prd[2].pr_dba, 0x56789000 + (4u << 20));
	assert_int_equal(prd[2].pr_dbc, (4u << 20) - 1);
	assert_int_equal(prd[3].pr_dba, 0x56789000 + (8u << 20));
	assert_int_equal(prd[3].pr_dbc, (1u << 20) - 1);
	assert_int_equal(prd[4].pr_dba, 0x2000);
	assert_int_equal(prd[4].pr_dbc, 511);
	/* The count field is bytes - 1: odd for every even length. */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(prd[i].pr_dbc & 1, 1);
		assert_int_equal(prd[i].pr_dbc >> 31, 0);
	}
	/* Too small a table. */
	assert_int_equal(ahci_prdt_build(prd, 4, segs, 3, &why), -E2BIG);
	assert_non_null(why);
}

static void
test_prdt_refused(void **state)
{
	struct ahci_prd prd[4];
	const char *why;
	struct phys_seg odd_addr = { 0x1001, 512 }, odd_len = { 0x1000, 511 },
	                empty = { 0x1000, 0 };

	assert_int_equal(ahci_prdt_build(prd, 4, &odd_addr, 1, &why), -EINVAL);
	assert_non_null(why);
	assert_int_equal(ahci_prdt_build(prd, 4, &odd_len, 1, &why), -EINVAL);
	assert_int_equal(ahci_prdt_build(prd, 4, &empty, 1, &why), -EINVAL);
	assert_int_equal(ahci_prdt_build(prd, 4, &odd_addr, 0, &why), 0);
}

static void
test_tags(void **state)
{
	struct ahci_tags t;

	ahci_tags_init(&t, 32);
	for (int i = 0; i < 32; i++) {
		assert_int_equal(ahci_tags_get(&t), i);
	}
	assert_int_equal(ahci_tags_get(&t), -1);
	assert_int_equal(ahci_tags_busy(&t), 32);
	ahci_tags_put(&t, 17);
	ahci_tags_put(&t, 3);
	assert_int_equal(ahci_tags_busy(&t), 30);
	assert_int_equal(ahci_tags_get(&t), 3);
	assert_int_equal(ahci_tags_get(&t), 17);
	assert_int_equal(ahci_tags_get(&t), -1);
	/* A slot out of range is ignored. */
	ahci_tags_put(&t, 40);
	assert_int_equal(ahci_tags_busy(&t), 32);

	ahci_tags_init(&t, 1);
	assert_int_equal(ahci_tags_get(&t), 0);
	assert_int_equal(ahci_tags_get(&t), -1);
	ahci_tags_put(&t, 0);
	assert_int_equal(ahci_tags_get(&t), 0);

	/* Depths out of range are clamped. */
	ahci_tags_init(&t, 0);
	assert_int_equal(t.tg_depth, 1);
	ahci_tags_init(&t, 99);
	assert_int_equal(t.tg_depth, 32);
	ahci_tags_init(&t, 5);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(ahci_tags_get(&t), i);
	}
	assert_int_equal(ahci_tags_get(&t), -1);
	assert_int_equal(ahci_bits(0xf0f0u), 8);
	assert_int_equal(ahci_bits(0xffffffffu), 32);
	assert_int_equal(ahci_bits(0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identify_qemu_disk),
		cmocka_unit_test(test_identify_variants),
		cmocka_unit_test(test_identify_refused),
		cmocka_unit_test(test_fis_dma_ext),
		cmocka_unit_test(test_fis_fpdma),
		cmocka_unit_test(test_fis_simple),
		cmocka_unit_test(test_prdt),
		cmocka_unit_test(test_prdt_refused),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
