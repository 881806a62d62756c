/*
 * cmp [-s] FILE1 FILE2: compares two files byte by byte ("-" is standard
 * input).  At the first difference it prints, as POSIX says,
 * "FILE1 FILE2 differ: byte N, line M" (bytes and lines counted from 1)
 * unless -s; when one file is a prefix of the other it says, as GNU cmp
 * does, "cmp: EOF on FILE after byte N, line M" (or "... which is
 * empty") on stderr.  Status 0: the same, 1:
 * different, 2: trouble (a bad flag, a file that cannot be read).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CMP_BUF 32768

/* One input: its descriptor and a window of what was read. */
struct cmp_in {
	const char *name;
	int fd;
	char buf[CMP_BUF];
	size_t len, pos;
	bool eof;
};

static struct cmp_in in[2];

static int
usage(void)
{
	fprintf(stderr, "usage: cmp [-s] FILE1 FILE2\n");
	return 2;
}

/* Makes sure c has a byte at c->pos unless at its end: 0, or -1 after
 * reporting a read error. */
static int
cmp_fill(struct cmp_in *c)
{
	ssize_t n;

	if (c->pos < c->len || c->eof) {
		return 0;
	}
	n = read(c->fd, c->buf, sizeof(c->buf));
	if (n < 0) {
		fprintf(stderr, "cmp: %s: %s\n", c->name, strerror(errno));
		return -1;
	}
	c->len = (size_t)n;
	c->pos = 0;
	c->eof = n == 0;
	return 0;
}

static int
cmp_open(struct cmp_in *c, const char *name)
{
	c->name = name;
	c->fd = strcmp(name, "-") == 0 ? 0 : open(name, O_RDONLY);
	if (c->fd < 0) {
		fprintf(stderr, "cmp: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long long byte = 1, line = 1;
	bool silent = false, last_nl = false;
	int i = 1;

	if (i < argc && strcmp(argv[i], "-s") == 0) {
		silent = true;
		i++;
	} else if (i < argc && strcmp(argv[i], "--") == 0) {
		i++;
	}
	if (argc - i != 2 || (argv[i][0] == '-' && argv[i][1] != '\0')) {
		return usage();
	}
	if (cmp_open(&in[0], argv[i]) != 0 || cmp_open(&in[1], argv[i + 1]) != 0) {
		return 2;
	}
	for (;;) {
		char a, b;

		if (cmp_fill(&in[0]) != 0 || cmp_fill(&in[1]) != 0) {
			return 2;
		}
		if (in[0].eof || in[1].eof) {
			if (in[0].eof && in[1].eof) {
				return 0;
			}
			if (!silent && byte == 1) {
				fprintf(stderr, "cmp: EOF on %s which is empty\n",
				    in[in[0].eof ? 0 : 1].name);
			} else if (!silent) {
				/* The line of the last byte read. */
				fprintf(stderr, "cmp: EOF on %s after byte %llu, line %llu\n",
				    in[in[0].eof ? 0 : 1].name, byte - 1,
				    last_nl ? line - 1 : line);
			}
			return 1;
		}
		a = in[0].buf[in[0].pos++];
		b = in[1].buf[in[1].pos++];
		if (a != b) {
			if (!silent) {
				printf("%s %s differ: byte %llu, line %llu\n", in[0].name,
				    in[1].name, byte, line);
			}
			return 1;
		}
		last_nl = a == '\n';
		if (last_nl) {
			line++;
		}
		byte++;
	}
}
