/*
 * libc's streams inside (FILE is struct xfile): a descriptor, one buffer
 * used for reading or for writing at a time, the buffering mode, and the
 * end-of-file and error flags.  xfile.c is the pure buffering logic
 * (tested on the host against a fake descriptor layer); it reaches
 * descriptors only through the xf_sys_* functions, which stdio_sys.c
 * implements over vfs and the console.
 */
#pragma once
#include <stddef.h>

#define XF_READ 1
#define XF_WRITE 2
#define XF_EOF 4
#define XF_ERR 8
#define XF_STATIC 16  /* stdin, stdout, stderr: never freed */
#define XF_WRITING 32 /* the buffer holds bytes to write */
#define XF_READING 64 /* the buffer holds bytes read ahead */

#define XF_FULL 0 /* _IOFBF */
#define XF_LINE 1 /* _IOLBF */
#define XF_NONE 2 /* _IONBF */
#define XF_AUTO 3 /* line for a terminal, else full; decided on first use */

#define XF_BUFSIZE 1024

struct xfile {
	int f_fd;
	int f_flags;
	int f_mode;
	int f_unget; /* a byte pushed back, or -1 */
	unsigned char *f_buf;
	size_t f_size;
	size_t f_pos, f_len;  /* reading: unread bytes are [f_pos, f_len); writing: f_len pending */
	struct xfile *f_next; /* every open stream */
};

/* The descriptor layer: >= 0 bytes or a negative E* code. */
long xf_sys_read(int fd, void *buf, size_t n);
long xf_sys_write(int fd, const void *buf, size_t n);
/* The mode XF_AUTO becomes for fd: XF_LINE (a terminal), XF_FULL, or XF_NONE
 * (output that goes to the kernel console). */
int xf_sys_automode(int fd);

/* Every stream, for flushing them all. */
extern struct xfile *xf_all;

/* Sets f up on fd with XF_READ/XF_WRITE access and mode, and links it. */
void xf_init(struct xfile *f, int fd, int access, int mode);
/* Unlinks f and frees its buffer (not f itself). */
void xf_release(struct xfile *f);
/* fopen()'s mode string: XF_READ/XF_WRITE, O_* flags in *oflags; 0 if bad. */
int xf_parse_mode(const char *mode, int *oflags);

int xf_flush(struct xfile *f);
int xf_flush_all(void);
int xf_setvbuf(struct xfile *f, int mode);
size_t xf_write(struct xfile *f, const void *buf, size_t n);
size_t xf_read(struct xfile *f, void *buf, size_t n);
int xf_getc(struct xfile *f);
int xf_ungetc(int c, struct xfile *f);
char *xf_gets(char *buf, int size, struct xfile *f);
