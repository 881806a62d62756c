/*
 * The buffer cache: E2_CACHE_BUFS buffers of E2_MAX_BLOCK bytes in one
 * page-aligned area, shared by every mount, found by (mount, block) in a
 * hash table, evicted least recently used first (a list in use order).
 * Write-back: a changed buffer is only marked dirty; it reaches the disk
 * when it is evicted, on e2_cache_flush (sync, unmount, the server's
 * periodic timer), and dirty runs of neighbouring blocks go out as one
 * device request, all the runs of a flush in flight together (d_rwv).
 * Read-ahead reads the missing blocks of a list in runs the same way.
 *
 * Overlapping readers (see ext2.h): a buffer in transfer is held and
 * busy; e2_bget of a busy buffer sleeps until the transfer ends, and
 * eviction passes busy and held buffers by.
 */
#include <string.h>
#include <xinim/errno.h>
#include "ext2.h"

#define HASH 1024
#define RUN 256 /* blocks per run, at most (the device layer splits runs) */
#define RUNS 64 /* runs per batch of d_rwv */

static uint8_t area[E2_CACHE_BUFS][E2_MAX_BLOCK] __attribute__((aligned(4096)));
static struct e2_buf bufs[E2_CACHE_BUFS];
static struct e2_buf *hash[HASH];
static struct e2_buf *lru_head, *lru_tail; /* least and most recently used */
static bool ready;

void
e2_cache_area(void **addr, size_t *len)
{
	*addr = area;
	*len = sizeof(area);
}

static void
lru_unlink(struct e2_buf *b)
{
	if (b->b_prev != NULL) {
		b->b_prev->b_next = b->b_next;
	} else {
		lru_head = b->b_next;
	}
	if (b->b_next != NULL) {
		b->b_next->b_prev = b->b_prev;
	} else {
		lru_tail = b->b_prev;
	}
	b->b_prev = b->b_next = NULL;
}

/* b becomes the most recently used. */
static void
lru_touch(struct e2_buf *b)
{
	lru_unlink(b);
	b->b_prev = lru_tail;
	if (lru_tail != NULL) {
		lru_tail->b_next = b;
	} else {
		lru_head = b;
	}
	lru_tail = b;
}

/* b (forgotten) is the first to be reused. */
static void
lru_first(struct e2_buf *b)
{
	lru_unlink(b);
	b->b_next = lru_head;
	if (lru_head != NULL) {
		lru_head->b_prev = b;
	} else {
		lru_tail = b;
	}
	lru_head = b;
}

static void
init(void)
{
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		bufs[i].b_data = area[i];
		bufs[i].b_prev = i > 0 ? &bufs[i - 1] : NULL;
		bufs[i].b_next = i + 1 < E2_CACHE_BUFS ? &bufs[i + 1] : NULL;
	}
	lru_head = &bufs[0];
	lru_tail = &bufs[E2_CACHE_BUFS - 1];
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
	struct e2_buf **pp;

	if (b->b_fs == NULL) {
		return;
	}
	pp = &hash[slot(b->b_fs, b->b_blk)];
	while (*pp != NULL && *pp != b) {
		pp = &(*pp)->b_hnext;
	}
	if (*pp == b) {
		*pp = b->b_hnext;
	}
	b->b_fs = NULL;
	b->b_valid = b->b_dirty = false;
	lru_first(b);
}

static void
enhash(struct e2_buf *b, struct e2fs *fs, uint32_t blk)
{
	unsigned h = slot(fs, blk);

	b->b_fs = fs;
	b->b_blk = blk;
	b->b_hnext = hash[h];
	hash[h] = b;
	lru_touch(b);
}

/* Waits while b is in transfer (only ever true with overlapping calls):
 * false when it is busy and the caller cannot sleep (the server's own
 * loop, which keeps off the cache while requests run). */
static bool
wait_busy(struct e2fs *fs, struct e2_buf *b)
{
	while (b->b_busy) {
		if (fs->f_dev.d_sleep == NULL || fs->f_dev.d_sleep(b) != 0) {
			return false;
		}
	}
	return true;
}

static void
end_busy(struct e2fs *fs, struct e2_buf *b)
{
	b->b_busy = false;
	if (fs->f_dev.d_wakeup != NULL) {
		fs->f_dev.d_wakeup(b);
	}
}

/* Moves the runs of bufs (consecutive blocks, at most RUN each: the list
 * sorted by block) in one batch: 0 or the first error, with a buffer's
 * own outcome in ok[] (true: moved).  The buffers are held and busy. */
static int
transfer(struct e2fs *fs, bool write, struct e2_buf **list, int n, bool *ok)
{
	struct e2_run runs[RUNS];
	void *data[RUNS * 4]; /* the runs' buffer addresses, refilled per batch */
	int r = 0;

	for (int i = 0; i < n;) {
		int nrun = 0, nd = 0, start[RUNS];

		/* One batch: as many runs as fit in runs[] and data[]. */
		while (i < n && nrun < RUNS && nd < (int)(sizeof(data) / sizeof(data[0]))) {
			int k = 1;

			while (i + k < n && k < RUN &&
			    nd + k < (int)(sizeof(data) / sizeof(data[0])) &&
			    list[i + k]->b_blk == list[i + k - 1]->b_blk + 1) {
				k++;
			}
			start[nrun] = i;
			runs[nrun] =
			    (struct e2_run){ .r_off = (uint64_t)list[i]->b_blk * fs->f_bsize,
				    .r_bufs = &data[nd],
				    .r_n = k };
			for (int j = 0; j < k; j++) {
				data[nd + j] = list[i + j]->b_data;
			}
			nd += k;
			i += k;
			nrun++;
		}
		if (fs->f_dev.d_rwv != NULL) {
			fs->f_dev.d_rwv(fs->f_dev.d_ctx, write, fs->f_bsize, runs, nrun);
		} else {
			for (int k = 0; k < nrun; k++) {
				runs[k].r_err = fs->f_dev.d_rw(fs->f_dev.d_ctx, write,
				    runs[k].r_off, runs[k].r_bufs, fs->f_bsize, runs[k].r_n);
			}
		}
		for (int k = 0; k < nrun; k++) {
			for (int j = 0; j < runs[k].r_n; j++) {
				ok[start[k] + j] = runs[k].r_err == 0;
			}
			if (runs[k].r_err != 0 && r == 0) {
				r = runs[k].r_err;
			}
		}
	}
	return r;
}

/* Writes the dirty buffers of list (sorted by block; not busy). */
static int
write_bufs(struct e2fs *fs, struct e2_buf **list, int n)
{
	static bool ok[E2_CACHE_BUFS];
	int r;

	if (n == 0) {
		return 0;
	}
	if (fs->f_broken) {
		return -EIO;
	}
	r = e2_before_write(fs);
	if (r != 0) {
		return r;
	}
	/* Taken off the dirty list before the transfer: nothing changes a
	 * buffer while reads overlap, and a failed one is dirty again. */
	for (int i = 0; i < n; i++) {
		list[i]->b_hold++;
		list[i]->b_busy = true;
		list[i]->b_dirty = false;
	}
	r = transfer(fs, true, list, n, ok);
	for (int i = 0; i < n; i++) {
		if (!ok[i]) {
			list[i]->b_dirty = true;
		}
		list[i]->b_hold--;
		end_busy(fs, list[i]);
	}
	if (r != 0) {
		e2_report(fs,
		    "writing %d blocks from %u failed (%d): the file system stays read-only", n,
		    list[0]->b_blk, r);
		fs->f_broken = true;
	}
	return r;
}

/* A buffer to reuse: the least recently used that is not held (written
 * first if dirty).  NULL when all are held. */
static struct e2_buf *
victim(int *err)
{
	if (!ready) {
		init();
	}
	for (;;) {
		struct e2_buf *best = NULL;

		for (struct e2_buf *b = lru_head; b != NULL; b = b->b_next) {
			if (b->b_hold == 0 && !b->b_busy) {
				best = b;
				break;
			}
		}
		if (best == NULL) {
			*err = -ENOMEM;
			return NULL;
		}
		if (!best->b_dirty) {
			unhash(best);
			return best;
		}
		/* Its dirty neighbours go with it.  The flush may sleep, and
		 * the buffer may be taken meanwhile: look again. */
		int r = e2_cache_flush(best->b_fs);

		if (r != 0 && best->b_dirty) {
			*err = r;
			return NULL;
		}
	}
}

/* The buffer of blk, cached or taken for it (not valid then), held. */
static struct e2_buf *
lookup(struct e2fs *fs, uint32_t blk, int *err)
{
	struct e2_buf *b;

	if (blk >= fs->f_sb.s_blocks_count ||
	    (uint64_t)(blk + 1) * fs->f_bsize > fs->f_dev.d_size) {
		e2_report(fs, "block %u is outside the disk", blk);
		*err = -EIO;
		return NULL;
	}
	for (;;) {
		b = find(fs, blk);
		if (b != NULL) {
			b->b_hold++;
			if (!wait_busy(fs, b)) {
				b->b_hold--;
				*err = -EAGAIN;
				return NULL;
			}
			if (b->b_fs == fs && b->b_blk == blk) {
				break;
			}
			b->b_hold--; /* dropped while we slept (a failed read) */
			continue;
		}
		b = victim(err);
		if (b == NULL) {
			return NULL;
		}
		if (find(fs, blk) != NULL) {
			continue; /* someone read it in while victim() slept */
		}
		enhash(b, fs, blk);
		b->b_hold++;
		break;
	}
	lru_touch(b);
	return b;
}

struct e2_buf *
e2_bget(struct e2fs *fs, uint32_t blk, bool fresh, int *err)
{
	struct e2_buf *b = lookup(fs, blk, err);
	void *data[1];
	int r;

	if (b == NULL) {
		return NULL;
	}
	if (fresh) {
		memset(b->b_data, 0, fs->f_bsize);
		b->b_valid = true;
	} else if (!b->b_valid) {
		data[0] = b->b_data;
		b->b_busy = true;
		r = fs->f_dev.d_rw(fs->f_dev.d_ctx, false, (uint64_t)blk * fs->f_bsize, data,
		    fs->f_bsize, 1);
		if (r != 0) {
			e2_report(fs, "reading block %u failed (%d)", blk, r);
			b->b_hold--;
			unhash(b);
			end_busy(fs, b);
			*err = -EIO;
			return NULL;
		}
		b->b_valid = true;
		end_busy(fs, b);
	}
	return b;
}

struct e2_buf *
e2_bget_over(struct e2fs *fs, uint32_t blk, int *err)
{
	return lookup(fs, blk, err);
}

void
e2_bput(struct e2_buf *b)
{
	if (b != NULL && b->b_hold > 0) {
		b->b_hold--;
	}
}

void
e2_bdrop(struct e2_buf *b)
{
	if (b == NULL) {
		return;
	}
	e2_bput(b);
	if (!b->b_valid && b->b_hold == 0) {
		unhash(b);
	}
}

void
e2_bdirty(struct e2_buf *b)
{
	b->b_dirty = true;
}

/* Sorts p[0..n) by block (insertion sort: mostly in order already). */
static void
sort_bufs(struct e2_buf **p, int n)
{
	for (int i = 1; i < n; i++) {
		struct e2_buf *t = p[i];
		int j = i;

		while (j > 0 && p[j - 1]->b_blk > t->b_blk) {
			p[j] = p[j - 1];
			j--;
		}
		p[j] = t;
	}
}

void
e2_readahead(struct e2fs *fs, const uint32_t *blks, int n)
{
	struct e2_buf *mine[RUN]; /* on the stack: readers overlap */
	bool ok[RUN];
	int k = 0, err;

	if (n > RUN) {
		n = RUN;
	}
	for (int i = 0; i < n; i++) {
		struct e2_buf *b;

		if (!e2_blk_ok(fs, blks[i]) || find(fs, blks[i]) != NULL ||
		    (uint64_t)(blks[i] + 1) * fs->f_bsize > fs->f_dev.d_size) {
			continue;
		}
		b = victim(&err);
		if (b == NULL) {
			break;
		}
		if (find(fs, blks[i]) != NULL) {
			continue; /* read in while victim() slept */
		}
		enhash(b, fs, blks[i]);
		b->b_hold++;
		b->b_busy = true;
		mine[k++] = b;
	}
	sort_bufs(mine, k);
	transfer(fs, false, mine, k, ok);
	for (int i = 0; i < k; i++) {
		mine[i]->b_hold--;
		if (ok[i]) {
			mine[i]->b_valid = true;
		} else {
			unhash(mine[i]);
		}
		end_busy(fs, mine[i]);
	}
}

int
e2_cache_flush(struct e2fs *fs)
{
	/* One flush at a time (its arrays are static): an overlapping
	 * caller waits for the running one, then looks again. */
	static struct e2_buf *dirty[E2_CACHE_BUFS];
	static bool flushing;
	int n = 0, r;

	while (flushing) {
		if (fs->f_dev.d_sleep == NULL || fs->f_dev.d_sleep(&flushing) != 0) {
			return 0; /* cannot wait: the running flush does it */
		}
	}
	for (int i = 0; i < E2_CACHE_BUFS; i++) {
		if (bufs[i].b_fs == fs && bufs[i].b_dirty && !bufs[i].b_busy) {
			dirty[n++] = &bufs[i];
		}
	}
	sort_bufs(dirty, n);
	flushing = true;
	r = write_bufs(fs, dirty, n);
	flushing = false;
	if (fs->f_dev.d_wakeup != NULL) {
		fs->f_dev.d_wakeup(&flushing);
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

	if (b != NULL && b->b_hold == 0 && !b->b_busy) {
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
