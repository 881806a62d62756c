/* wc [-l] [-w] [-c] [FILE...]: lines, words and bytes of each file (or
 * standard input), or only those asked for, with a total for more than
 * one file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];
static int want[3] = { 1, 1, 1 };

static void
show(const long c[3], const char *name)
{
	const char *sep = "";

	for (int k = 0; k < 3; k++) {
		if (want[k]) {
			printf("%s%7ld", sep, c[k]);
			sep = " ";
		}
	}
	if (name != NULL) {
		printf(" %s", name);
	}
	putchar('\n');
}

static int
count(int fd, long c[3])
{
	ssize_t n;
	int inword = 0;

	c[0] = c[1] = c[2] = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];
			int space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' ||
			    ch == '\f' || ch == '\v';

			c[0] += ch == '\n';
			c[1] += !space && !inword;
			inword = !space;
		}
		c[2] += n;
	}
	return n < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	long c[3], total[3] = { 0, 0, 0 };
	int status = 0, i = 1, files;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (i == 1) {
			want[0] = want[1] = want[2] = 0;
		}
		for (const char *f = argv[i] + 1; *f != '\0'; f++) {
			const char *at = strchr("lwc", *f);

			if (at == NULL) {
				fprintf(stderr, "usage: wc [-l] [-w] [-c] [FILE...]\n");
				return 2;
			}
			want[at - "lwc"] = 1;
		}
	}
	files = argc - i;
	if (files == 0) {
		if (count(0, c) != 0) {
			fprintf(stderr, "wc: %s\n", strerror(errno));
			return 1;
		}
		show(c, NULL);
		return 0;
	}
	for (; i < argc; i++) {
		int fd;

		fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, c) != 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			if (fd >= 0) {
				close(fd);
			}
			continue;
		}
		close(fd);
		show(c, argv[i]);
		for (int k = 0; k < 3; k++) {
			total[k] += c[k];
		}
	}
	if (files > 1) {
		show(total, "total");
	}
	return status;
}
