/*
 * dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]
 *    [conv=notrunc] [status=none|noxfer]
 *
 * Copies bs-byte blocks (default 512) from if= (standard input) to of=
 * (standard output): skip= blocks of the input are passed over first,
 * seek= blocks of the output, and count= blocks at most are copied.
 * Each block read is written as it came, so a short read makes a
 * partial record.  of= is truncated at the seek= offset unless
 * conv=notrunc (only a regular file: a device keeps its size).  The
 * summary goes to stderr as GNU dd prints it.  A bad operand prints the
 * usage and exits 2; a failure to open, read or write prints
 * `dd: FILE: reason`, the summary, and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "dd.h"

#define DD_BS_MAX (64u * 1024 * 1024)

struct dd_args {
	const char *in, *out;
	uint64_t bs, count, skip, seek;
	bool have_count, notrunc, quiet, noxfer;
};

static struct dd_counts counts;
static uint64_t start_ns;

static int
usage(void)
{
	fprintf(stderr,
	    "usage: dd [if=FILE] [of=FILE] [bs=N] [count=N] [skip=N] [seek=N]\n"
	    "          [conv=notrunc] [status=none|noxfer]\n");
	return 2;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Reads the operands; false on anything dd does not know. */
static bool
dd_operands(int argc, char **argv, struct dd_args *a)
{
	a->bs = 512;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *v;
		size_t k;

		if (eq == NULL || eq == argv[i] || eq[1] == '\0') {
			return false;
		}
		k = (size_t)(eq - argv[i]);
		v = eq + 1;
		if (k == 2 && strncmp(argv[i], "if", 2) == 0) {
			a->in = v;
		} else if (k == 2 && strncmp(argv[i], "of", 2) == 0) {
			a->out = v;
		} else if (k == 2 && strncmp(argv[i], "bs", 2) == 0) {
			if (!dd_parse_size(v, DD_BS_MAX, &a->bs) || a->bs == 0) {
				return false;
			}
		} else if (k == 5 && strncmp(argv[i], "count", 5) == 0) {
			if (!dd_parse_size(v, UINT64_MAX, &a->count)) {
				return false;
			}
			a->have_count = true;
		} else if (k == 4 && strncmp(argv[i], "skip", 4) == 0) {
			if (!dd_parse_size(v, UINT64_MAX, &a->skip)) {
				return false;
			}
		} else if (k == 4 && strncmp(argv[i], "seek", 4) == 0) {
			if (!dd_parse_size(v, UINT64_MAX, &a->seek)) {
				return false;
			}
		} else if (k == 4 && strncmp(argv[i], "conv", 4) == 0 &&
		    strcmp(v, "notrunc") == 0) {
			a->notrunc = true;
		} else if (k == 6 && strncmp(argv[i], "status", 6) == 0 &&
		    (strcmp(v, "none") == 0 || strcmp(v, "noxfer") == 0)) {
			a->quiet = strcmp(v, "none") == 0;
			a->noxfer = !a->quiet;
		} else {
			return false;
		}
	}
	/* Offsets in bytes must fit an off_t. */
	return a->skip <= (uint64_t)INT64_MAX / a->bs && a->seek <= (uint64_t)INT64_MAX / a->bs;
}

/* The summary (unless status=none), then status. */
static int
dd_finish(const struct dd_args *a, int status)
{
	char buf[256];

	if (a->quiet) {
		return status;
	}
	dd_summary(&counts, now_ns() - start_ns, buf, sizeof(buf));
	if (a->noxfer) {
		/* The records only: cut before the bytes line. */
		char *third = strchr(strchr(buf, '\n') + 1, '\n') + 1;

		*third = '\0';
	}
	fputs(buf, stderr);
	return status;
}

static int
dd_fail(const struct dd_args *a, const char *name, int err)
{
	fprintf(stderr, "dd: %s: %s\n", name, strerror(err));
	return dd_finish(a, 1);
}

/* Passes over n bytes of the input: a seek where it can, else reads. */
static int
dd_skip(int fd, uint64_t n, char *buf, uint64_t bs)
{
	if (n == 0 || lseek(fd, (off_t)n, SEEK_CUR) >= 0) {
		return 0;
	}
	while (n > 0) {
		ssize_t r = read(fd, buf, n < bs ? (size_t)n : (size_t)bs);

		if (r < 0) {
			return -errno;
		}
		if (r == 0) {
			break;
		}
		n -= (uint64_t)r;
	}
	return 0;
}

/* Writes all of n bytes; 0 or -errno. */
static int
dd_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			return w < 0 ? -errno : -EIO;
		}
		counts.dc_bytes += (uint64_t)w;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct dd_args a = { 0 };
	const char *iname, *oname;
	int in = 0, out = 1, flags, err;
	struct stat st;
	char *buf;

	if (!dd_operands(argc, argv, &a)) {
		return usage();
	}
	iname = a.in != NULL ? a.in : "standard input";
	oname = a.out != NULL ? a.out : "standard output";
	buf = malloc(a.bs);
	if (buf == NULL) {
		fprintf(stderr, "dd: %lu-byte buffer: %s\n", (unsigned long)a.bs, strerror(ENOMEM));
		return 1;
	}
	start_ns = now_ns();
	if (a.in != NULL && (in = open(a.in, O_RDONLY)) < 0) {
		return dd_fail(&a, iname, errno);
	}
	flags = O_WRONLY | O_CREAT | (a.seek == 0 && !a.notrunc ? O_TRUNC : 0);
	if (a.out != NULL && (out = open(a.out, flags, 0666)) < 0) {
		return dd_fail(&a, oname, errno);
	}
	/* Truncated at the seek offset, as GNU dd does: a regular file only. */
	if (a.out != NULL && a.seek > 0 && !a.notrunc && fstat(out, &st) == 0 &&
	    S_ISREG(st.st_mode) && ftruncate(out, (off_t)(a.seek * a.bs)) != 0) {
		return dd_fail(&a, oname, errno);
	}
	err = dd_skip(in, a.skip * a.bs, buf, a.bs);
	if (err != 0) {
		return dd_fail(&a, iname, -err);
	}
	if (a.seek > 0 && lseek(out, (off_t)(a.seek * a.bs), SEEK_CUR) < 0) {
		return dd_fail(&a, oname, errno);
	}
	while (!a.have_count || counts.dc_full_in + counts.dc_part_in < a.count) {
		ssize_t n = read(in, buf, (size_t)a.bs);
		uint64_t before = counts.dc_bytes;

		if (n < 0) {
			return dd_fail(&a, iname, errno);
		}
		if (n == 0) {
			break;
		}
		*((uint64_t)n == a.bs ? &counts.dc_full_in : &counts.dc_part_in) += 1;
		err = dd_write(out, buf, (size_t)n);
		if (counts.dc_bytes > before) {
			*(counts.dc_bytes - before == a.bs ? &counts.dc_full_out :
			                                     &counts.dc_part_out) += 1;
		}
		if (err != 0) {
			return dd_fail(&a, oname, -err);
		}
	}
	if (a.out != NULL && close(out) != 0) {
		return dd_fail(&a, oname, errno);
	}
	return dd_finish(&a, 0);
}
