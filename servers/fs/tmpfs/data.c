/*
 * tmpfs file contents: reading, writing and truncating regular files.  A
 * file is an array of pointers to 4 KiB blocks; a NULL pointer, and
 * everything past the array, is a hole that reads as zeros.  Writing
 * into a hole allocates its block; truncating frees the blocks past the
 * new end and zeroes the tail of the last one, so growing the file again
 * shows zeros.
 *
 * Charges against the volume's limit: each block, and the block array in
 * whole pages (so a sparse file far out costs its array).
 */
#include <string.h>
#include <xinim/errno.h>
#include "tmpfs.h"

#define PTRS_PER_PAGE (TMPFS_BLOCK / sizeof(uint8_t *))

/* Bytes charged for an array of slots pointers. */
static uint64_t
array_charge(uint64_t slots)
{
	return (slots + PTRS_PER_PAGE - 1) / PTRS_PER_PAGE * TMPFS_BLOCK;
}

/* The file's st_blocks (512-byte units) after a block came or went. */
static void
blocks_add(struct tmpfs_node *n, int64_t blocks)
{
	n->n_attr.fa_blocks += (uint64_t)(blocks * (TMPFS_BLOCK / 512));
}

/* Resizes the block array to slots pointers, charging the difference. */
static int
array_resize(struct tmpfs_node *n, uint64_t slots)
{
	struct tmpfs_file *f = &n->n_file;
	uint64_t had = array_charge(f->f_slots), need = array_charge(slots);
	uint8_t **grown;
	int r;

	if (slots == f->f_slots) {
		return 0;
	}
	if (need > had) {
		r = tmpfs_charge(n->n_vol, need - had);
		if (r != 0) {
			return r;
		}
	}
	if (slots == 0) {
		tmpfs_mem_free(f->f_blocks);
		grown = NULL;
	} else {
		grown = tmpfs_mem_realloc(f->f_blocks, slots * sizeof(*grown));
		if (grown == NULL) {
			if (need > had) {
				tmpfs_uncharge(n->n_vol, need - had);
				return -ENOMEM;
			}
			/* Shrinking in place failed: keep the larger array. */
			return 0;
		}
	}
	if (slots > f->f_slots) {
		memset(grown + f->f_slots, 0, (slots - f->f_slots) * sizeof(*grown));
	}
	if (had > need) {
		tmpfs_uncharge(n->n_vol, had - need);
	}
	f->f_blocks = grown;
	f->f_slots = slots;
	return 0;
}

/* Frees the blocks from index first on. */
static void
blocks_free_from(struct tmpfs_node *n, uint64_t first)
{
	struct tmpfs_file *f = &n->n_file;

	for (uint64_t i = first; i < f->f_slots; i++) {
		if (f->f_blocks[i] != NULL) {
			tmpfs_mem_free(f->f_blocks[i]);
			f->f_blocks[i] = NULL;
			tmpfs_uncharge(n->n_vol, TMPFS_BLOCK);
			blocks_add(n, -1);
		}
	}
}

void
tmpfs_data_free(struct tmpfs_node *n)
{
	blocks_free_from(n, 0);
	array_resize(n, 0);
}

/* Errors shared by read, write and truncate for a node that is no file. */
static int
file_check(const struct tmpfs_node *n)
{
	if (tmpfs_is(n, XS_IFDIR)) {
		return -EISDIR;
	}
	return tmpfs_is(n, XS_IFREG) ? 0 : -EINVAL;
}

int64_t
tmpfs_read(struct tmpfs_node *n, uint64_t off, void *buf, size_t len)
{
	const struct tmpfs_file *f = &n->n_file;
	uint8_t *out = buf;
	size_t done = 0;
	int r = file_check(n);

	if (r != 0) {
		return r;
	}
	if (off >= n->n_attr.fa_size) {
		return 0;
	}
	if (len > n->n_attr.fa_size - off) {
		len = (size_t)(n->n_attr.fa_size - off);
	}
	while (done < len) {
		uint64_t pos = off + done, b = pos / TMPFS_BLOCK;
		size_t in = (size_t)(pos % TMPFS_BLOCK), chunk = TMPFS_BLOCK - in;

		if (chunk > len - done) {
			chunk = len - done;
		}
		if (b < f->f_slots && f->f_blocks[b] != NULL) {
			memcpy(out + done, f->f_blocks[b] + in, chunk);
		} else {
			memset(out + done, 0, chunk);
		}
		done += chunk;
	}
	n->n_attr.fa_atime_ns = tmpfs_clock_ns();
	return (int64_t)done;
}

/* Makes block b exist: the array reaches it (to want slots if that
 * fits, else just b + 1) and the block is allocated. */
static int
block_get(struct tmpfs_node *n, uint64_t b, uint64_t want)
{
	struct tmpfs_file *f = &n->n_file;
	int r;

	if (b >= f->f_slots) {
		r = array_resize(n, want);
		if (r != 0 && want > b + 1) {
			r = array_resize(n, b + 1);
		}
		if (r != 0) {
			return r;
		}
	}
	if (f->f_blocks[b] != NULL) {
		return 0;
	}
	r = tmpfs_charge(n->n_vol, TMPFS_BLOCK);
	if (r != 0) {
		return r;
	}
	f->f_blocks[b] = tmpfs_mem_alloc(TMPFS_BLOCK);
	if (f->f_blocks[b] == NULL) {
		tmpfs_uncharge(n->n_vol, TMPFS_BLOCK);
		return -ENOMEM;
	}
	blocks_add(n, 1);
	return 0;
}

int64_t
tmpfs_write(struct tmpfs_node *n, uint64_t off, const void *buf, size_t len)
{
	const uint8_t *in = buf;
	uint64_t end_block;
	size_t done = 0;
	int r = file_check(n);

	if (r != 0) {
		return r;
	}
	if (len == 0) {
		return 0;
	}
	if (off >= TMPFS_FILE_MAX) {
		return -EFBIG;
	}
	if (len > TMPFS_FILE_MAX - off) {
		len = (size_t)(TMPFS_FILE_MAX - off);
	}
	end_block = (off + len + TMPFS_BLOCK - 1) / TMPFS_BLOCK;
	while (done < len) {
		uint64_t pos = off + done, b = pos / TMPFS_BLOCK;
		size_t at = (size_t)(pos % TMPFS_BLOCK), chunk = TMPFS_BLOCK - at;

		if (chunk > len - done) {
			chunk = len - done;
		}
		r = block_get(n, b, end_block);
		if (r != 0) {
			break;
		}
		memcpy(n->n_file.f_blocks[b] + at, in + done, chunk);
		done += chunk;
	}
	if (done == 0) {
		return r;
	}
	if (off + done > n->n_attr.fa_size) {
		n->n_attr.fa_size = off + done;
	}
	tmpfs_touch(n, true);
	return (int64_t)done;
}

/* A block of zeros that holes read from. */
static const uint8_t zero_block[TMPFS_BLOCK];

int
tmpfs_map(struct tmpfs_node *n, uint64_t off, size_t len, bool write, struct tmpfs_piece *p,
    int max, size_t *covered)
{
	const struct tmpfs_file *f = &n->n_file;
	uint64_t end_block;
	size_t done = 0;
	int np = 0, r = file_check(n);

	*covered = 0;
	if (r != 0) {
		return r;
	}
	if (write) {
		if (len > 0 && off >= TMPFS_FILE_MAX) {
			return -EFBIG;
		}
		if (len > TMPFS_FILE_MAX - off) {
			len = (size_t)(TMPFS_FILE_MAX - off);
		}
	} else {
		if (off >= n->n_attr.fa_size) {
			return 0;
		}
		if (len > n->n_attr.fa_size - off) {
			len = (size_t)(n->n_attr.fa_size - off);
		}
	}
	end_block = (off + len + TMPFS_BLOCK - 1) / TMPFS_BLOCK;
	while (done < len && np < max) {
		uint64_t pos = off + done, b = pos / TMPFS_BLOCK;
		size_t at = (size_t)(pos % TMPFS_BLOCK), chunk = TMPFS_BLOCK - at;

		if (chunk > len - done) {
			chunk = len - done;
		}
		if (write) {
			r = block_get(n, b, end_block);
			if (r != 0) {
				break;
			}
		}
		if (b < f->f_slots && f->f_blocks[b] != NULL) {
			p[np].tp_addr = f->f_blocks[b] + at;
		} else {
			p[np].tp_addr = (void *)(uintptr_t)(zero_block + at);
		}
		p[np++].tp_len = chunk;
		done += chunk;
	}
	if (done == 0 && write && len > 0) {
		return r;
	}
	*covered = done;
	return np;
}

void
tmpfs_wrote(struct tmpfs_node *n, uint64_t off, size_t len)
{
	if (len == 0) {
		return;
	}
	if (off + len > n->n_attr.fa_size) {
		n->n_attr.fa_size = off + len;
	}
	tmpfs_touch(n, true);
}

void
tmpfs_was_read(struct tmpfs_node *n)
{
	n->n_attr.fa_atime_ns = tmpfs_clock_ns();
}

int
tmpfs_truncate(struct tmpfs_node *n, uint64_t size)
{
	struct tmpfs_file *f = &n->n_file;
	uint64_t keep = (size + TMPFS_BLOCK - 1) / TMPFS_BLOCK;
	int r = file_check(n);

	if (r != 0) {
		return r;
	}
	if (size > TMPFS_FILE_MAX) {
		return -EFBIG;
	}
	if (size < n->n_attr.fa_size) {
		blocks_free_from(n, keep);
		if (keep > 0 && keep <= f->f_slots && f->f_blocks[keep - 1] != NULL &&
		    size % TMPFS_BLOCK != 0) {
			uint64_t in = size % TMPFS_BLOCK;

			memset(f->f_blocks[keep - 1] + in, 0, TMPFS_BLOCK - in);
		}
		if (keep < f->f_slots) {
			array_resize(n, keep);
		}
	}
	n->n_attr.fa_size = size;
	tmpfs_touch(n, true);
	return 0;
}
