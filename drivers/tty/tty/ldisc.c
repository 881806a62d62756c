/*
 * The terminal line discipline (ldisc.h): editing, echo, signals and
 * the queue of bytes waiting for readers.  The ready queue holds 16-bit
 * entries so that an end of input (Ctrl-D on an empty line) can sit
 * between bytes: readers see the lines typed before it, then a 0.
 */
#include <string.h>
#include <xinim/proto/pm.h>
#include "ldisc.h"

#define CH_BS 0x08
#define CH_DEL 0x7f

/* Everything zero: cooked mode, nothing typed, nothing waiting. */
void
ldisc_init(struct ldisc *l)
{
	memset(l, 0, sizeof(*l));
}

/* Appends n bytes of echo for the terminal. */
static void
echo(struct ldisc *l, const char *s, size_t n)
{
	/* Echo that does not fit is dropped: the terminal is behind. */
	for (size_t i = 0; i < n && l->l_outlen < LDISC_OUT; i++) {
		l->l_out[l->l_outlen++] = s[i];
	}
}

/* Appends one entry to the ready ring; false when it is full. */
static bool
ready_put(struct ldisc *l, uint16_t v)
{
	if (l->l_count == LDISC_READY) {
		return false;
	}
	l->l_ready[(l->l_head + l->l_count) % LDISC_READY] = v;
	l->l_count++;
	return true;
}

/* Hands the edited line to the readers, followed by a newline when nl. */
static void
line_flush(struct ldisc *l, bool nl)
{
	for (size_t i = 0; i < l->l_len; i++) {
		ready_put(l, (uint8_t)l->l_line[i]);
	}
	l->l_len = 0;
	if (nl) {
		ready_put(l, '\n');
	}
}

/* An interrupt throws away what was typed ahead, as POSIX terminals do:
 * the line being edited and the lines no one has read yet. */
static void
ldisc_flush(struct ldisc *l)
{
	l->l_len = 0;
	l->l_head = 0;
	l->l_count = 0;
}

/* Backspace or DEL: the last byte of the line goes, on the screen too. */
static void
erase_one(struct ldisc *l)
{
	if (l->l_len > 0) {
		l->l_len--;
		echo(l, "\b \b", 3);
	}
}

/* One byte in cooked mode: an editing key, a control key that signals or
 * ends the line, or a byte of the line, echoed (control bytes as ^X).
 * Returns the signal asked for, or 0. */
static int
cooked_input(struct ldisc *l, uint8_t c)
{
	switch (c) {
	case CH_BS:
	case CH_DEL:
		erase_one(l);
		return 0;
	case LDISC_CTRL('U'):
		while (l->l_len > 0) {
			erase_one(l);
		}
		return 0;
	case LDISC_CTRL('C'):
		ldisc_flush(l);
		echo(l, "^C\n", 3);
		return XSIGINT;
	case LDISC_CTRL('\\'):
		ldisc_flush(l);
		echo(l, "^\\\n", 3);
		return XSIGQUIT;
	case LDISC_CTRL('D'):
		if (l->l_len > 0) {
			line_flush(l, false);
		} else {
			ready_put(l, LDISC_EOF);
		}
		return 0;
	case '\r':
	case '\n':
		echo(l, "\n", 1);
		line_flush(l, true);
		return 0;
	default:
		break;
	}
	/* The ready ring keeps room for the line and its newline: beyond
	 * that, typing is refused (a bell), since no reader is keeping up. */
	if (l->l_count + l->l_len + 2 > LDISC_READY) {
		echo(l, "\a", 1);
		return 0;
	}
	l->l_line[l->l_len++] = (char)c;
	if (c == '\t' || c >= 0x20) {
		echo(l, (const char *)&c, 1);
	} else {
		char caret[2] = { '^', (char)(c + '@') };

		echo(l, caret, 2);
	}
	if (l->l_len == LDISC_LINE) {
		line_flush(l, false);
	}
	return 0;
}

/* Raw mode hands the byte over as it is: no echo, no editing, no signals. */
int
ldisc_input(struct ldisc *l, uint8_t c)
{
	if (l->l_raw) {
		ready_put(l, c);
		return 0;
	}
	return cooked_input(l, c);
}

/* Anything waiting, bytes or an end of input, is readable. */
bool
ldisc_readable(const struct ldisc *l)
{
	return l->l_count > 0;
}

/* An end of input at the head is consumed alone (the read returns 0);
 * otherwise bytes up to n, stopping after a newline in cooked mode or
 * before an end of input, which the next read sees. */
long
ldisc_read(struct ldisc *l, char *buf, size_t n)
{
	size_t done = 0;

	if (l->l_count == 0) {
		return -1;
	}
	if (l->l_ready[l->l_head] == LDISC_EOF) {
		l->l_head = (l->l_head + 1) % LDISC_READY;
		l->l_count--;
		return 0;
	}
	while (done < n && l->l_count > 0) {
		uint16_t v = l->l_ready[l->l_head];

		if (v == LDISC_EOF) {
			break;
		}
		buf[done++] = (char)v;
		l->l_head = (l->l_head + 1) % LDISC_READY;
		l->l_count--;
		if (v == '\n' && !l->l_raw) {
			break;
		}
	}
	return (long)done;
}

/* Switching to raw mode hands over the half-typed line, so no byte is lost;
 * back in cooked mode, editing starts on a new line. */
void
ldisc_set_raw(struct ldisc *l, bool raw)
{
	if (raw && !l->l_raw) {
		line_flush(l, false);
	}
	l->l_raw = raw;
}

/* The driver sent l_out to the terminal. */
void
ldisc_out_taken(struct ldisc *l)
{
	l->l_outlen = 0;
}

/* Programs write bare newlines; a terminal needs a carriage return before
 * each. A "\r\n" is never split between two calls. */
size_t
ldisc_output(const char *in, size_t n, char *out, size_t outmax, size_t *used)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (in[i] == '\n') {
			if (o + 2 > outmax) {
				break;
			}
			out[o++] = '\r';
		} else if (o + 1 > outmax) {
			break;
		}
		out[o++] = in[i];
	}
	*used = i;
	return o;
}
