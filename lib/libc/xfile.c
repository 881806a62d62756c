/*
 * Stream buffering (see xfile.h).  Writing appends to the buffer and
 * writes it out when full, at a newline in line mode, or at once without
 * buffering; reading fills the buffer with one read.  A stream switches
 * between the two only after its buffer is drained (pending bytes
 * written; bytes read ahead dropped).  Before a read goes to the
 * descriptor, line-buffered streams are flushed, so a prompt without a
 * newline shows before the program waits for input.
 */
#include <stdlib.h>
#include <string.h>
#include <xinim/fs.h>
#include "xfile.h"

struct xfile *xf_all;

void
xf_init(struct xfile *f, int fd, int access, int mode)
{
	memset(f, 0, sizeof(*f));
	f->f_fd = fd;
	f->f_flags = access;
	f->f_mode = mode;
	f->f_unget = -1;
	f->f_next = xf_all;
	xf_all = f;
}

void
xf_release(struct xfile *f)
{
	struct xfile **link = &xf_all;

	while (*link != NULL && *link != f) {
		link = &(*link)->f_next;
	}
	if (*link == f) {
		*link = f->f_next;
	}
	free(f->f_buf);
	f->f_buf = NULL;
}

int
xf_parse_mode(const char *mode, int *oflags)
{
	int access, o;

	switch (mode[0]) {
	case 'r':
		access = XF_READ;
		o = XO_RDONLY;
		break;
	case 'w':
		access = XF_WRITE;
		o = XO_WRONLY | XO_CREAT | XO_TRUNC;
		break;
	case 'a':
		access = XF_WRITE;
		o = XO_WRONLY | XO_CREAT | XO_APPEND;
		break;
	default:
		return 0;
	}
	for (const char *p = mode + 1; *p != '\0'; p++) {
		if (*p == '+') {
			access = XF_READ | XF_WRITE;
			o = (o & ~XO_ACCMODE) | XO_RDWR;
		} else if (*p == 'e') {
			o |= XO_CLOEXEC;
		} else if (*p == 'x') {
			o |= XO_EXCL;
		} else if (*p != 'b') {
			return 0;
		}
	}
	*oflags = o;
	return access;
}

/* Decides the mode and finds a buffer on first use; no buffer: none. */
static void
setup(struct xfile *f)
{
	if (f->f_mode == XF_AUTO) {
		f->f_mode = xf_sys_automode(f->f_fd);
	}
	if (f->f_buf == NULL && f->f_mode != XF_NONE) {
		f->f_buf = malloc(XF_BUFSIZE);
		if (f->f_buf == NULL) {
			f->f_mode = XF_NONE;
		}
		f->f_size = XF_BUFSIZE;
	}
}

/* Writes all n bytes to the descriptor: 0, or -1 with XF_ERR set. */
static int
write_all(struct xfile *f, const unsigned char *p, size_t n)
{
	while (n > 0) {
		long r = xf_sys_write(f->f_fd, p, n);

		if (r <= 0) {
			f->f_flags |= XF_ERR;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int
xf_flush(struct xfile *f)
{
	int r = 0;

	if ((f->f_flags & XF_WRITING) != 0) {
		r = write_all(f, f->f_buf, f->f_len);
	}
	f->f_flags &= ~(XF_WRITING | XF_READING);
	f->f_pos = f->f_len = 0;
	return r;
}

int
xf_flush_all(void)
{
	int r = 0;

	for (struct xfile *f = xf_all; f != NULL; f = f->f_next) {
		if ((f->f_flags & XF_WRITING) != 0 && xf_flush(f) != 0) {
			r = -1;
		}
	}
	return r;
}

int
xf_setvbuf(struct xfile *f, int mode)
{
	if (mode != XF_FULL && mode != XF_LINE && mode != XF_NONE) {
		return -1;
	}
	if (xf_flush(f) != 0) {
		return -1;
	}
	f->f_mode = mode;
	return 0;
}

size_t
xf_write(struct xfile *f, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t room;

	if ((f->f_flags & XF_WRITE) == 0) {
		f->f_flags |= XF_ERR;
		return 0;
	}
	setup(f);
	if ((f->f_flags & XF_READING) != 0) {
		xf_flush(f);
	}
	if (f->f_mode == XF_NONE || n >= f->f_size) {
		if (xf_flush(f) != 0 || write_all(f, p, n) != 0) {
			return 0;
		}
		return n;
	}
	room = f->f_size - f->f_len;
	if (n > room) {
		memcpy(f->f_buf + f->f_len, p, room);
		f->f_len = f->f_size;
		f->f_flags |= XF_WRITING;
		if (xf_flush(f) != 0) {
			return 0;
		}
		p += room;
		n -= room;
		return room + xf_write(f, p, n);
	}
	memcpy(f->f_buf + f->f_len, p, n);
	f->f_len += n;
	f->f_flags |= XF_WRITING;
	if (f->f_len == f->f_size || (f->f_mode == XF_LINE && memchr(p, '\n', n) != NULL)) {
		if (xf_flush(f) != 0) {
			return 0;
		}
	}
	return n;
}

/* Refills the read buffer: 1, 0 at end of file, -1 on error. */
static int
refill(struct xfile *f)
{
	long r;

	for (struct xfile *o = xf_all; o != NULL; o = o->f_next) {
		if (o->f_mode == XF_LINE && (o->f_flags & XF_WRITING) != 0) {
			xf_flush(o);
		}
	}
	if ((f->f_flags & XF_WRITING) != 0 && xf_flush(f) != 0) {
		return -1;
	}
	f->f_pos = f->f_len = 0;
	r = xf_sys_read(f->f_fd, f->f_buf, f->f_size);
	if (r < 0) {
		f->f_flags |= XF_ERR;
		return -1;
	}
	if (r == 0) {
		f->f_flags |= XF_EOF;
		return 0;
	}
	f->f_len = (size_t)r;
	f->f_flags |= XF_READING;
	return 1;
}

int
xf_getc(struct xfile *f)
{
	unsigned char c;

	if ((f->f_flags & XF_READ) == 0) {
		f->f_flags |= XF_ERR;
		return -1;
	}
	if (f->f_unget >= 0) {
		c = (unsigned char)f->f_unget;
		f->f_unget = -1;
		return c;
	}
	setup(f);
	if (f->f_buf == NULL) {
		long r;

		xf_flush_all();
		r = xf_sys_read(f->f_fd, &c, 1);
		if (r <= 0) {
			f->f_flags |= r == 0 ? XF_EOF : XF_ERR;
			return -1;
		}
		return c;
	}
	if ((f->f_flags & XF_READING) == 0 || f->f_pos == f->f_len) {
		if (refill(f) <= 0) {
			return -1;
		}
	}
	return f->f_buf[f->f_pos++];
}

int
xf_ungetc(int c, struct xfile *f)
{
	if (c < 0 || f->f_unget >= 0) {
		return -1;
	}
	f->f_unget = (unsigned char)c;
	f->f_flags &= ~XF_EOF;
	return (unsigned char)c;
}

/* Copies from the buffer while it has bytes, getting more with
 * xf_getc() (which refills it) when it is empty. */
size_t
xf_read(struct xfile *f, void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t done = 0;

	while (done < n) {
		int c;

		if ((f->f_flags & XF_READING) != 0 && f->f_pos < f->f_len && f->f_unget < 0) {
			size_t k = f->f_len - f->f_pos;

			if (k > n - done) {
				k = n - done;
			}
			memcpy(p + done, f->f_buf + f->f_pos, k);
			f->f_pos += k;
			done += k;
			continue;
		}
		c = xf_getc(f);
		if (c < 0) {
			break;
		}
		p[done++] = (unsigned char)c;
	}
	return done;
}

char *
xf_gets(char *buf, int size, struct xfile *f)
{
	int i = 0;

	if (size <= 0) {
		return NULL;
	}
	while (i < size - 1) {
		int c = xf_getc(f);

		if (c < 0) {
			break;
		}
		buf[i++] = (char)c;
		if (c == '\n') {
			break;
		}
	}
	if (i == 0) {
		return NULL;
	}
	buf[i] = '\0';
	return buf;
}
