/* hexdump [-C] [FILE]: the bytes of a file (or standard input) in hex,
 * 16 a line; -C adds the printable characters. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
fill(int fd, unsigned char *b, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, b + got, n - got);

		if (r <= 0) {
			break;
		}
		got += (size_t)r;
	}
	return (int)got;
}

int
main(int argc, char **argv)
{
	unsigned char b[16];
	unsigned long off = 0;
	int i = 1, canon = 0, fd = 0, n;

	if (i < argc && strcmp(argv[i], "-C") == 0) {
		canon = 1;
		i++;
	}
	if (argc - i > 1 || (i < argc && argv[i][0] == '-')) {
		fprintf(stderr, "usage: hexdump [-C] [FILE]\n");
		return 2;
	}
	if (i < argc && (fd = open(argv[i], O_RDONLY)) < 0) {
		fprintf(stderr, "hexdump: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	while ((n = fill(fd, b, sizeof(b))) > 0) {
		printf("%08lx ", off);
		for (int k = 0; k < 16; k++) {
			if (k == 8) {
				putchar(' ');
			}
			if (k < n) {
				printf(" %02x", b[k]);
			} else {
				printf("   ");
			}
		}
		if (canon) {
			printf("  |");
			for (int k = 0; k < n; k++) {
				putchar(b[k] >= 0x20 && b[k] < 0x7f ? b[k] : '.');
			}
			putchar('|');
		}
		putchar('\n');
		off += (unsigned long)n;
	}
	printf("%08lx\n", off);
	return 0;
}
