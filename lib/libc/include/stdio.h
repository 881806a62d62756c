/*
 * Streams over descriptors, and formatted output.
 *
 * stdin, stdout and stderr are descriptors 0, 1 and 2.  A process pm
 * started (posix_spawn) writes them through vfs: stdout is line buffered
 * on a terminal and fully buffered otherwise, stderr unbuffered.  When
 * descriptor 1 or 2 is not open (EBADF), and in processes pm did not
 * start (rs's services and run= programs, which must never wait on vfs),
 * their output goes to the kernel console instead, unbuffered, each
 * printf() in one piece.  The formatter is the kernel's
 * (kernel/lib/printf.c): %d %i %u %x %X %o %c %s %p %%, flags, width,
 * precision, hh h l ll z t; no floating point.
 */
#pragma once
#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

#define EOF (-1)
#define BUFSIZ 1024
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

typedef struct xfile FILE;

extern FILE *stdin, *stdout, *stderr;

FILE *fopen(const char *path, const char *mode);
FILE *fdopen(int fd, const char *mode);
int fclose(FILE *f);
int fflush(FILE *f); /* NULL: every stream */
/* buf is ignored (streams keep their own buffer); mode is _IO*. */
int setvbuf(FILE *f, char *buf, int mode, size_t size);
void setbuf(FILE *f, char *buf);
int fileno(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);

size_t fread(void *buf, size_t size, size_t n, FILE *f);
size_t fwrite(const void *buf, size_t size, size_t n, FILE *f);
int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *buf, int size, FILE *f);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *s, FILE *f);
/* Writes s and a newline. */
int puts(const char *s);
int putchar(int c);
/* "s: strerror(errno)" on stderr. */
void perror(const char *s);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Writes len bytes of buf to the kernel console as they are; returns len
 * or a negative E* code. */
long console_write(const char *buf, size_t len);
