/*
 * IDENTIFY DEVICE parsing (identify.h).  Word numbers are ATA8-ACS's;
 * a word pair or quad is least significant word first.
 */
#include <stddef.h>
#include <string.h>
#include <xinim/errno.h>
#include "identify.h"

static int
refuse(const char **why, const char *what, int err)
{
	*why = what;
	return err;
}

/* Words 83/86 and 106 are valid only with bit 14 set and bit 15 clear. */
static bool
word_valid(uint16_t w)
{
	return (w & 0xc000) == 0x4000;
}

/* The model string: two characters per word, the high byte first. */
static void
model(const uint16_t *w, char *out)
{
	size_t n = 0;

	for (unsigned i = 0; i < ID_MODEL_LEN / 2; i++) {
		out[2 * i] = (char)(w[ID_MODEL + i] >> 8);
		out[2 * i + 1] = (char)(w[ID_MODEL + i] & 0xff);
	}
	for (unsigned i = 0; i < ID_MODEL_LEN; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c > 0x7e) {
			out[i] = '?';
		}
		if (out[i] != ' ') {
			n = i + 1;
		}
	}
	out[n] = '\0';
}

int
ahci_identify_parse(const uint16_t w[ID_WORDS], struct ahci_ident *out, const char **why)
{
	uint32_t words;
	uint8_t sum = 0;

	*why = NULL;
	memset(out, 0, sizeof(*out));
	/* The integrity word, when the device fills it: the bytes of all
	 * 256 words add up to zero. */
	if ((w[ID_INTEGRITY] & 0xff) == 0xa5) {
		for (unsigned i = 0; i < ID_WORDS; i++) {
			sum = (uint8_t)(sum + (w[i] & 0xff) + (w[i] >> 8));
		}
		if (sum != 0) {
			return refuse(why, "IDENTIFY data with a bad checksum", -EINVAL);
		}
	}
	if ((w[ID_CONFIG] & 0x8000) != 0) {
		return refuse(why, "not an ATA device", -ENOTSUP);
	}
	if ((w[ID_CAP] & (1u << 9)) == 0 || (w[ID_CAP] & (1u << 8)) == 0) {
		return refuse(why, "no LBA or no DMA", -ENOTSUP);
	}
	if (!word_valid(w[ID_CMDSET2]) || (w[ID_CMDSET2] & (1u << 10)) == 0 ||
	    (w[ID_CMDEN2] & (1u << 10)) == 0) {
		return refuse(why, "no 48-bit LBA", -ENOTSUP);
	}
	out->id_sectors = (uint64_t)w[ID_LBA48] | (uint64_t)w[ID_LBA48 + 1] << 16 |
	    (uint64_t)w[ID_LBA48 + 2] << 32 | (uint64_t)w[ID_LBA48 + 3] << 48;
	if (out->id_sectors == 0 || out->id_sectors >= 1ull << 48) {
		return refuse(why, "an impossible sector count", -EINVAL);
	}
	out->id_sector_size = 512;
	if (word_valid(w[ID_SECSIZE]) && (w[ID_SECSIZE] & (1u << 12)) != 0) {
		words = (uint32_t)w[ID_LSS] | (uint32_t)w[ID_LSS + 1] << 16;
		if (words < 256 || words > 2048 || (words & (words - 1)) != 0) {
			return refuse(why, "an unsupported logical sector size", -ENOTSUP);
		}
		out->id_sector_size = words * 2;
	}
	/* Word 76 is 0 or ffffh on devices that are not SATA. */
	if (w[ID_SATA_CAP] != 0xffff && (w[ID_SATA_CAP] & (1u << 8)) != 0) {
		out->id_ncq = true;
		out->id_qdepth = (w[ID_QDEPTH] & 0x1f) + 1u;
	} else {
		out->id_qdepth = 1;
	}
	out->id_wcache = (w[ID_CMDSET1] & (1u << 5)) != 0 && (w[ID_CMDEN1] & (1u << 5)) != 0;
	out->id_flush = (w[ID_CMDSET2] & (1u << 12)) != 0;
	out->id_flush_ext = (w[ID_CMDSET2] & (1u << 13)) != 0;
	model(w, out->id_model);
	return 0;
}
