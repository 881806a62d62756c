/*
 * The stdio stream calls over xfile.c: opening and closing streams and
 * reading and writing them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc_int.h"
#include "xfile.h"

FILE *
fdopen(int fd, const char *mode)
{
	int oflags, access = xf_parse_mode(mode, &oflags);
	FILE *f;

	if (access == 0 || fd < 0) {
		errno = EINVAL;
		return NULL;
	}
	f = malloc(sizeof(*f));
	if (f == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	xf_init(f, fd, access, XF_AUTO);
	return f;
}

FILE *
fopen(const char *path, const char *mode)
{
	int oflags, fd;
	FILE *f;

	if (xf_parse_mode(mode, &oflags) == 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, oflags, 0666);
	if (fd < 0) {
		return NULL;
	}
	f = fdopen(fd, mode);
	if (f == NULL) {
		close(fd);
	}
	return f;
}

int
fclose(FILE *f)
{
	int r = xf_flush(f);

	if (close(f->f_fd) != 0) {
		r = EOF;
	}
	xf_release(f);
	if ((f->f_flags & XF_STATIC) == 0) {
		free(f);
	}
	return r == 0 ? 0 : EOF;
}

int
fflush(FILE *f)
{
	if (f == NULL) {
		return xf_flush_all() == 0 ? 0 : EOF;
	}
	return xf_flush(f) == 0 ? 0 : EOF;
}

int
setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	return xf_setvbuf(f, mode) == 0 ? 0 : EOF;
}

void
setbuf(FILE *f, char *buf)
{
	xf_setvbuf(f, buf == NULL ? XF_NONE : XF_FULL);
}

int
fileno(FILE *f)
{
	return f->f_fd;
}

int
feof(FILE *f)
{
	return (f->f_flags & XF_EOF) != 0;
}

int
ferror(FILE *f)
{
	return (f->f_flags & XF_ERR) != 0;
}

void
clearerr(FILE *f)
{
	f->f_flags &= ~(XF_EOF | XF_ERR);
}

size_t
fread(void *buf, size_t size, size_t n, FILE *f)
{
	if (size == 0 || n == 0) {
		return 0;
	}
	return xf_read(f, buf, size * n) / size;
}

size_t
fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
	if (size == 0 || n == 0) {
		return 0;
	}
	return xf_write(f, buf, size * n) / size;
}

int
fgetc(FILE *f)
{
	return xf_getc(f);
}

int
getc(FILE *f)
{
	return xf_getc(f);
}

int
getchar(void)
{
	return xf_getc(stdin);
}

int
ungetc(int c, FILE *f)
{
	return xf_ungetc(c, f);
}

char *
fgets(char *buf, int size, FILE *f)
{
	return xf_gets(buf, size, f);
}

int
fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return xf_write(f, &ch, 1) == 1 ? ch : EOF;
}

int
putc(int c, FILE *f)
{
	return fputc(c, f);
}

int
putchar(int c)
{
	return fputc(c, stdout);
}

int
fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return xf_write(f, s, n) == n ? 0 : EOF;
}

int
puts(const char *s)
{
	return printf("%s\n", s) < 0 ? EOF : 0;
}

void
perror(const char *s)
{
	int err = errno;

	if (s != NULL && s[0] != '\0') {
		fprintf(stderr, "%s: %s\n", s, strerror(err));
	} else {
		fprintf(stderr, "%s\n", strerror(err));
	}
}
