/*
 * sha256sum [FILE...]: the SHA-256 digest of each file (standard input
 * without files, or for "-"), printed as the host's sha256sum prints it:
 * 64 hex digits, two spaces, the name ("-" for standard input).  A file
 * that cannot be read is reported as `sha256sum: FILE: reason` and makes
 * the status 1; the others are still hashed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sha256.h"

static char buf[64 * 1024];

/* Hashes what fd holds and prints it under name; 0 or 1. */
static int
sum_fd(int fd, const char *name)
{
	uint8_t digest[SHA256_DIGEST_LEN];
	char hex[2 * SHA256_DIGEST_LEN + 1];
	struct sha256 s;
	ssize_t n;

	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		sha256_update(&s, buf, (size_t)n);
	}
	if (n < 0) {
		fprintf(stderr, "sha256sum: %s: %s\n", name, strerror(errno));
		return 1;
	}
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
	printf("%s  %s\n", hex, name);
	return 0;
}

int
main(int argc, char **argv)
{
	int status = 0, first = 1;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		first = 2;
	} else {
		for (int i = 1; i < argc; i++) {
			if (argv[i][0] == '-' && argv[i][1] != '\0') {
				fprintf(stderr, "usage: sha256sum [FILE...]\n");
				return 2;
			}
		}
	}
	if (first >= argc) {
		return sum_fd(0, "-");
	}
	for (int i = first; i < argc; i++) {
		int fd;

		if (strcmp(argv[i], "-") == 0) {
			status |= sum_fd(0, "-");
			continue;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "sha256sum: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= sum_fd(fd, argv[i]);
		close(fd);
	}
	return status;
}
