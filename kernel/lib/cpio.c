/*
 * cpio "newc" archive walker: 110-byte ASCII-hex headers, each name and
 * body padded to a multiple of four bytes.
 */
#include <kern/cpio.h>
#include <kern/string.h>

#define HDR_LEN 110
#define FIELD_MODE 1
#define FIELD_FILESIZE 6
#define FIELD_NAMESIZE 11

/* Field i of the thirteen 8-digit hex fields that follow the magic. */
static int
hex_field(const uint8_t *hdr, unsigned i, uint32_t *out)
{
	uint32_t v = 0;

	for (unsigned k = 0; k < 8; k++) {
		uint8_t c = hdr[6 + i * 8 + k];
		unsigned d;
		if (c >= '0' && c <= '9') {
			d = c - '0';
		} else if (c >= 'a' && c <= 'f') {
			d = c - 'a' + 10;
		} else if (c >= 'A' && c <= 'F') {
			d = c - 'A' + 10;
		} else {
			return CPIO_ERR_FORMAT;
		}
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t
align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int
cpio_next(const uint8_t *buf, size_t len, size_t *off, struct cpio_entry *e)
{
	size_t pos = *off;
	uint32_t mode, size, namesize;

	if (pos > len || len - pos < HDR_LEN) {
		return CPIO_ERR_TRUNCATED;
	}
	const uint8_t *hdr = buf + pos;
	if (memcmp(hdr, "070701", 6) != 0 && memcmp(hdr, "070702", 6) != 0) {
		return CPIO_ERR_FORMAT;
	}
	if (hex_field(hdr, FIELD_MODE, &mode) != 0 || hex_field(hdr, FIELD_FILESIZE, &size) != 0 ||
	    hex_field(hdr, FIELD_NAMESIZE, &namesize) != 0) {
		return CPIO_ERR_FORMAT;
	}
	/* The name includes its NUL, so it is at least one byte long. */
	if (namesize == 0) {
		return CPIO_ERR_FORMAT;
	}
	size_t name_at = pos + HDR_LEN;
	if (len - name_at < namesize) {
		return CPIO_ERR_TRUNCATED;
	}
	if (buf[name_at + namesize - 1] != '\0') {
		return CPIO_ERR_FORMAT;
	}
	size_t data_at = align4(name_at + namesize);
	if (data_at > len || len - data_at < size) {
		return CPIO_ERR_TRUNCATED;
	}
	e->name = (const char *)buf + name_at;
	e->name_len = namesize - 1;
	e->mode = mode;
	e->data = buf + data_at;
	e->size = size;
	*off = align4(data_at + size);
	if (e->name_len == 10 && memcmp(e->name, "TRAILER!!!", 10) == 0) {
		return CPIO_END;
	}
	return 0;
}
