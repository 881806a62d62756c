/*
 * Helpers for the ext2 unit tests: an image made at test time by the
 * host's mke2fs (or built by hand), held in memory as the server's block
 * device seam (struct e2_dev), written back to a file for the host's
 * e2fsck -fn and debugfs.  The server's two other seams (e2_console, the
 * clock) are here too: reports are counted and the last one kept.
 */
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xinim/errno.h>
#include "../../servers/fs/ext2/ext2.h"

static int img_reports;
static char img_last[256];
static int64_t img_clock = 5000000000ll;

void
e2_console(const char *line)
{
	snprintf(img_last, sizeof(img_last), "%s", line);
	img_reports++;
	if (getenv("EXT2_VERBOSE") != NULL) {
		fprintf(stderr, "ext2: %s\n", img_last);
	}
}

int64_t
e2_clock_ns(void)
{
	return img_clock;
}

struct img {
	uint8_t *data;
	size_t size;
	int flushes, writes, reads; /* calls of each */
	bool fail_writes;
	char path[64];
};

static int
img_rw(void *ctx, bool write, uint64_t off, void *const *bufs, size_t len, int n)
{
	struct img *im = ctx;

	if (off % 512 != 0 || len % 512 != 0 || off + len * (uint64_t)n > im->size) {
		return -EINVAL;
	}
	if (write && im->fail_writes) {
		return -EIO;
	}
	if (write) {
		im->writes++;
	}
	if (!write) {
		im->reads++;
	}
	for (int i = 0; i < n; i++) {
		if (write) {
			memcpy(im->data + off + len * i, bufs[i], len);
		} else {
			memcpy(bufs[i], im->data + off + len * i, len);
		}
	}
	return 0;
}

static int
img_flush(void *ctx)
{
	((struct img *)ctx)->flushes++;
	return 0;
}

static struct e2_dev
img_dev(struct img *im)
{
	return (
	    struct e2_dev){ .d_ctx = im, .d_rw = img_rw, .d_flush = img_flush, .d_size = im->size };
}

/* Runs a shell command, quietly: its exit status. */
static inline int
img_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
img_load(struct img *im)
{
	FILE *f = fopen(im->path, "rb");

	fseek(f, 0, SEEK_END);
	im->size = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	im->data = malloc(im->size);
	if (fread(im->data, 1, im->size, f) != im->size) {
		im->size = 0;
	}
	fclose(f);
}

/* mke2fs with opts on a fresh file of kib KiB (with -d DIR among opts
 * for contents), loaded into im.  0 or mke2fs's status. */
static int
img_make(struct img *im, unsigned kib, const char *opts)
{
	int st;

	memset(im, 0, sizeof(*im));
	snprintf(im->path, sizeof(im->path), "/tmp/ext2test.%d.img", (int)getpid());
	unlink(im->path);
	st = img_sh("mke2fs -q -F -t ext2 %s %s %uk >/dev/null 2>&1", opts, im->path, kib);
	if (st == 0) {
		img_load(im);
	}
	return st;
}

static inline void
img_save(const struct img *im)
{
	FILE *f = fopen(im->path, "wb");

	fwrite(im->data, 1, im->size, f);
	fclose(f);
}

/* Saves im and runs e2fsck -fn on it: its exit status (0: clean).  The
 * output goes to stderr when EXT2_VERBOSE is set. */
static inline int
img_fsck(const struct img *im)
{
	img_save(im);
	return img_sh("e2fsck -fn %s %s", im->path,
	    getenv("EXT2_VERBOSE") != NULL ? ">&2 2>&1" : ">/dev/null 2>&1");
}

static void
img_free(struct img *im)
{
	unlink(im->path);
	free(im->data);
	im->data = NULL;
}

/* A test's teardown: forgets the mount fs (its cache, its group
 * descriptors) if it is mounted, then frees im. */
static inline void
img_forget(struct e2fs *fs, struct img *im)
{
	if (fs->f_gd != NULL) {
		e2_cache_drop(fs);
		free(fs->f_gd);
		fs->f_gd = NULL;
	}
	img_free(im);
}
