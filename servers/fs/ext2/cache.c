/*
 * The buffer cache: E2_CACHE_BUFS buffers of E2_MAX_BLOCK bytes in one
 * page-aligned area, shared by every mount, found by (mount, block) in a
 * hash table, evicted least recently used first.  Write-back: a changed
 * buffer is only marked dirty; it reaches the disk when it is evicted,
 * on e2_cache_flush (sync, unmount, the server's periodic timer), and
 * dirty runs of neighbouring blocks go out in one device request.
 * Read-ahead reads the missing blocks of a list in runs the same way.
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

#define HASH 1024
#define RUN 16 /* blocks per device request, at most */

static uint8_t area[E2_CACHE_BUFS][E2_MAX_BLOCK] __attribute__((aligned(4096)));
static struct e2_buf bufs[E2_CACHE_BUFS];
static struct e2_buf *hash[HASH];
static uint64_t stamp;
static bool ready;

void
e2_cache_area(void **addr, size_t *len)
{
	*addr = area;
	*len = sizeof(area);
}

static void
init(void)
{
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		bufs[i].b_data = area[i];
	}
	ready = true;
}

static unsigned
slot(const struct e2fs *fs, uint32_t blk)
{
	return (unsigned)((blk * 2654435761u) ^ (uint32_t)((uintptr_t)fs >> 4)) % HASH;
}

static struct e2_buf *
find(const struct e2fs *fs, uint32_t blk)
{
	for (struct e2_buf *b = hash[slot(fs, blk)]; b != NULL; b = b->b_hnext) {
		if (b->b_fs == fs && b->b_blk == blk) {
			return b;
		}
	}
	return NULL;
}

static void
unhash(struct e2_buf *b)
{
	struct e2_buf **pp = &hash[slot(b->b_fs, b->b_blk)];

	while (*pp != NULL && *pp != b) {
		pp = &(*pp)->b_hnext;
	}
	if (*pp == b) {
		*pp = b->b_hnext;
	}
	b->b_fs = NULL;
	b->b_valid = b->b_dirty = false;
}

static void
enhash(struct e2_buf *b, struct e2fs *fs, uint32_t blk)
{
	unsigned h = slot(fs, blk);

	b->b_fs = fs;
	b->b_blk = blk;
	b->b_hnext = hash[h];
	hash[h] = b;
}

/* Writes n buffers of consecutive blocks in one request. */
static int
write_run(struct e2fs *fs, struct e2_buf **run, int n)
{
	void *data[RUN];
	int r;

	if (fs->f_broken) {
		return -EIO;
	}
	r = e2_before_write(fs);
	if (r != 0) {
		return r;
	}
	for (int i = 0; i < n; i++) {
		data[i] = run[i]->b_data;
	}
	r = fs->f_dev.d_rw(fs->f_dev.d_ctx, true, (uint64_t)run[0]->b_blk * fs->f_bsize, data,
	    fs->f_bsize, n);
	if (r != 0) {
		e2_report(fs, "writing blocks %u..%u failed (%d): the file system stays read-only",
		    run[0]->b_blk, run[0]->b_blk + n - 1, r);
		fs->f_broken = true;
		return r;
	}
	for (int i = 0; i < n; i++) {
		run[i]->b_dirty = false;
	}
	return 0;
}

/* A buffer to reuse: a free one, else the least recently used that is
 * not held (written first if dirty).  NULL when all are held. */
static struct e2_buf *
victim(int *err)
{
	struct e2_buf *best = NULL;

	if (!ready) {
		init();
	}
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		struct e2_buf *b = &bufs[i];

		if (b->b_fs == NULL) {
			return b;
		}
		if (b->b_hold == 0 && (best == NULL || b->b_used < best->b_used)) {
			best = b;
		}
	}
	if (best == NULL) {
		*err = -ENOMEM;
		return NULL;
	}
	if (best->b_dirty) {
		/* Its dirty neighbours go with it. */
		int r = e2_cache_flush(best->b_fs);

		if (r != 0 && best->b_dirty) {
			*err = r;
			return NULL;
		}
	}
	unhash(best);
	return best;
}

struct e2_buf *
e2_bget(struct e2fs *fs, uint32_t blk, bool fresh, int *err)
{
	struct e2_buf *b;
	void *data[1];
	int r;

	if (blk >= fs->f_sb.s_blocks_count ||
	    (uint64_t)(blk + 1) * fs->f_bsize > fs->f_dev.d_size) {
		e2_report(fs, "block %u is outside the disk", blk);
		*err = -EIO;
		return NULL;
	}
	b = find(fs, blk);
	if (b == NULL) {
		b = victim(err);
		if (b == NULL) {
			return NULL;
		}
		enhash(b, fs, blk);
	}
	if (fresh) {
		memset(b->b_data, 0, fs->f_bsize);
		b->b_valid = true;
	} else if (!b->b_valid) {
		data[0] = b->b_data;
		r = fs->f_dev.d_rw(fs->f_dev.d_ctx, false, (uint64_t)blk * fs->f_bsize, data,
		    fs->f_bsize, 1);
		if (r != 0) {
			e2_report(fs, "reading block %u failed (%d)", blk, r);
			unhash(b);
			*err = -EIO;
			return NULL;
		}
		b->b_valid = true;
	}
	b->b_hold++;
	b->b_used = ++stamp;
	return b;
}

void
e2_bput(struct e2_buf *b)
{
	if (b != NULL && b->b_hold > 0) {
		b->b_hold--;
	}
}

void
e2_bdirty(struct e2_buf *b)
{
	b->b_dirty = true;
}

void
e2_readahead(struct e2fs *fs, const uint32_t *blks, int n)
{
	struct e2_buf *run[RUN];
	void *data[RUN];
	int nrun = 0, err;

	for (int i = 0; i <= n; i++) {
		bool fits = i < n && e2_blk_ok(fs, blks[i]) && find(fs, blks[i]) == NULL &&
		    (uint64_t)(blks[i] + 1) * fs->f_bsize <= fs->f_dev.d_size;

		if (fits && nrun > 0 && (blks[i] != run[nrun - 1]->b_blk + 1 || nrun == RUN)) {
			fits = false;
			i--; /* ends the run; this block starts the next */
		}
		if (fits) {
			struct e2_buf *b = victim(&err);

			if (b == NULL) {
				fits = false;
			} else {
				enhash(b, fs, blks[i]);
				b->b_hold++;
				run[nrun++] = b;
				continue;
			}
		}
		if (nrun > 0) {
			for (int k = 0; k < nrun; k++) {
				data[k] = run[k]->b_data;
			}
			err = fs->f_dev.d_rw(fs->f_dev.d_ctx, false,
			    (uint64_t)run[0]->b_blk * fs->f_bsize, data, fs->f_bsize, nrun);
			for (int k = 0; k < nrun; k++) {
				run[k]->b_hold--;
				if (err == 0) {
					run[k]->b_valid = true;
					run[k]->b_used = ++stamp;
				} else {
					unhash(run[k]);
				}
			}
			nrun = 0;
		}
	}
}

static int
cmp_blk(const void *a, const void *b)
{
	uint32_t x = (*(struct e2_buf *const *)a)->b_blk, y = (*(struct e2_buf *const *)b)->b_blk;

	return x < y ? -1 : x > y;
}

/* Sorts p[0..n) by block (insertion sort: the lists are short). */
static void
sort_bufs(struct e2_buf **p, int n)
{
	for (int i = 1; i < n; i++) {
		struct e2_buf *t = p[i];
		int j = i;

		while (j > 0 && cmp_blk(&p[j - 1], &t) > 0) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = t;
	}
}

int
e2_cache_flush(struct e2fs *fs)
{
	static struct e2_buf *dirty[E2_CACHE_BUFS];
	int n = 0, first = 0, r = 0;

	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		if (bufs[i].b_fs == fs && bufs[i].b_dirty) {
			dirty[n++] = &bufs[i];
		}
	}
	sort_bufs(dirty, n);
	for (int i = 1; i <= n; i++) {
		if (i == n || dirty[i]->b_blk != dirty[i - 1]->b_blk + 1 || i - first == RUN) {
			int w = write_run(fs, &dirty[first], i - first);

			if (w != 0 && r == 0) {
				r = w;
			}
			first = i;
		}
	}
	return r;
}

void
e2_cache_drop(struct e2fs *fs)
{
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		if (bufs[i].b_fs == fs) {
			bufs[i].b_hold = 0;
			unhash(&bufs[i]);
		}
	}
}

void
e2_cache_forget(struct e2fs *fs, uint32_t blk)
{
	struct e2_buf *b = find(fs, blk);

	if (b != NULL && b->b_hold == 0) {
		unhash(b);
	}
}

bool
e2_cache_dirty(const struct e2fs *fs)
{
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		if (bufs[i].b_fs == fs && bufs[i].b_dirty) {
			return true;
		}
	}
	return false;
}
