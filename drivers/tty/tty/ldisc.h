/*
 * The terminal line discipline: what happens to each byte typed on the
 * console before a program reads it.  Pure code (no I/O, no IPC), so
 * that it is tested on the host (tests/unit/test_ldisc.c).
 *
 * Cooked mode (the default) collects a line with echo and editing:
 * backspace or DEL erases a byte, Ctrl-U the whole line, Ctrl-C throws
 * the line away, echoes ^C and asks for SIGINT (Ctrl-\ likewise for
 * SIGQUIT), Ctrl-D hands over what is typed without a newline, or, on
 * an empty line, an end of input (a read that returns 0).  A line that
 * fills the edit buffer is handed over as it is, so that a reader sees
 * every byte of a very long line.  A read returns at most one line.
 * Raw mode hands over each byte as it comes, without echo or signals.
 *
 * What the discipline wants echoed collects in l_out (with bare '\n',
 * like a program's output); the caller sends it to the terminal through
 * ldisc_output() and empties it with ldisc_out_taken().
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDISC_LINE 1024  /* bytes of the line being edited */
#define LDISC_READY 8192 /* bytes (and end marks) waiting for readers */
#define LDISC_OUT 4096   /* echo waiting to be sent */
#define LDISC_EOF 0x100  /* an end of input in l_ready */

#define LDISC_CTRL(c) ((c)&0x1f)

struct ldisc {
	char l_line[LDISC_LINE]; /* the line being edited (cooked mode) */
	size_t l_len;
	uint16_t l_ready[LDISC_READY]; /* a ring of bytes and LDISC_EOF marks */
	size_t l_head, l_count;
	char l_out[LDISC_OUT]; /* echo for the terminal */
	size_t l_outlen;
	bool l_raw;
};

/* An empty discipline in cooked mode. */
void ldisc_init(struct ldisc *l);

/* Takes one typed byte.  Returns the signal it asks for (XSIGINT,
 * XSIGQUIT) or 0; the echo is appended to l_out. */
int ldisc_input(struct ldisc *l, uint8_t c);

/* Copies at most n bytes for a reader into buf: the count (0 at an end
 * of input, which it consumes), or -1 when there is nothing to read. */
long ldisc_read(struct ldisc *l, char *buf, size_t n);

/* Whether ldisc_read() would return something now. */
bool ldisc_readable(const struct ldisc *l);

/* Switches between raw (each byte as it comes) and cooked mode; a line
 * being edited is handed over as it is when raw mode starts. */
void ldisc_set_raw(struct ldisc *l, bool raw);

/* The echo has been sent. */
void ldisc_out_taken(struct ldisc *l);

/* Output conversion: copies in[0..n) to out (outmax bytes) turning each
 * '\n' into "\r\n", stopping when out cannot take the next byte whole;
 * *used says how many bytes of in were taken.  Returns the bytes put in
 * out. */
size_t ldisc_output(const char *in, size_t n, char *out, size_t outmax, size_t *used);
