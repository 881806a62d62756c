/*
 * The console's character requests (libchardriver callbacks): writes go
 * out at once (polled); a read with no line typed yet waits in a FIFO and
 * is answered -EINPROGRESS, then, when input completes it, its result
 * goes to libchardriver's done queue, which tells vfs.  A select that
 * asked for news hears of XPOLLIN the same way.  Ctrl-C and Ctrl-\ end
 * the waiting reads with EINTR (signal.c queues the signal).
 */
#include <libchardriver/chardriver.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "tty.h"

#define TTY_READS 16   /* reads that may wait at once */
#define TTY_CHUNK 1024 /* bytes copied per safecopy */

struct ldisc tty_ldisc;
static struct chardriver_io sc_reads[TTY_READS]; /* oldest first */
static unsigned sc_nreads;
static endpoint_t sc_select_to = ENDPOINT_NONE; /* who wants XPOLLIN news */
static char sc_buf[TTY_CHUNK];
static char sc_out[2 * TTY_CHUNK];

/* Sends the discipline's echo, newlines as "\r\n", and empties it. */
void
tty_echo_flush(void)
{
	size_t used, n;

	n = ldisc_output(tty_ldisc.l_out, tty_ldisc.l_outlen, sc_out, sizeof(sc_out), &used);
	uart_send(sc_out, n);
	ldisc_out_taken(&tty_ldisc);
}

/* Removes waiting read i, keeping the order of the others. */
static void
reads_remove(unsigned i)
{
	sc_nreads--;
	for (; i < sc_nreads; i++) {
		sc_reads[i] = sc_reads[i + 1];
	}
}

/* Copies what the discipline has (at most one line in cooked mode) into
 * the request's grant: the count, 0 at an end of input, or an error. */
static int64_t
read_now(const struct chardriver_io *io)
{
	long n = ldisc_read(&tty_ldisc, sc_buf, io->ci_len < TTY_CHUNK ? io->ci_len : TTY_CHUNK);
	int err;

	if (n <= 0) {
		return 0;
	}
	err = chardriver_copy_out(io, 0, sc_buf, (size_t)n);
	return err < 0 ? err : n;
}

/* Serves the waiting reads in order while there is something to read,
 * then a select that asked for news. */
void
tty_input_done(void)
{
	while (sc_nreads > 0 && ldisc_readable(&tty_ldisc)) {
		struct chardriver_io rd = sc_reads[0];

		reads_remove(0);
		chardriver_done_io(rd.ci_caller, rd.ci_id, read_now(&rd));
	}
	if (sc_select_to != ENDPOINT_NONE && ldisc_readable(&tty_ldisc)) {
		chardriver_ready(sc_select_to, CHR_MINOR_CONSOLE, XPOLLIN | XPOLLOUT);
		sc_select_to = ENDPOINT_NONE;
	}
}

/* Ctrl-C and Ctrl-\ interrupt every read waiting for a line: each ends
 * with EINTR, as a read interrupted by a signal does.  A program the
 * signal ends never sees it; one that ignores it (the shell at its
 * prompt) learns that the line was thrown away. */
void
tty_interrupt_reads(void)
{
	for (unsigned i = 0; i < sc_nreads; i++) {
		chardriver_done_io(sc_reads[i].ci_caller, sc_reads[i].ci_id, -EINTR);
	}
	sc_nreads = 0;
}

int64_t
tty_read(uint64_t minor, const struct chardriver_io *io)
{
	if (sc_nreads == 0 && ldisc_readable(&tty_ldisc)) {
		return read_now(io);
	}
	if ((io->ci_flags & XO_NONBLOCK) != 0 || sc_nreads == TTY_READS) {
		return -EAGAIN;
	}
	sc_reads[sc_nreads++] = *io;
	return -EINPROGRESS;
}

/* "\n" goes out as "\r\n". */
int64_t
tty_write(uint64_t minor, const struct chardriver_io *io)
{
	uint64_t done = 0, len = io->ci_len;

	while (done < len) {
		size_t chunk = len - done < TTY_CHUNK ? len - done : TTY_CHUNK;
		size_t used, n;
		int err = chardriver_copy_in(io, done, sc_buf, chunk);

		if (err < 0) {
			return done > 0 ? (int64_t)done : err;
		}
		n = ldisc_output(sc_buf, chunk, sc_out, sizeof(sc_out), &used);
		uart_send(sc_out, n);
		done += chunk;
	}
	return (int64_t)done;
}

/* A waiting read is forgotten (libchardriver dropped a finished one). */
void
tty_cancel(endpoint_t caller, uint64_t id)
{
	for (unsigned i = 0; i < sc_nreads; i++) {
		if (sc_reads[i].ci_id == id && sc_reads[i].ci_caller == caller) {
			reads_remove(i);
			return;
		}
	}
}

/* Always writable; readable when a line (raw: a byte) waits. */
int64_t
tty_select(uint64_t minor, uint64_t ops, endpoint_t notify)
{
	uint64_t ready = XPOLLOUT;

	if (ldisc_readable(&tty_ldisc)) {
		ready |= XPOLLIN;
	} else if ((ops & XPOLLIN) != 0 && notify != ENDPOINT_NONE) {
		sc_select_to = notify;
	}
	return (int64_t)ready;
}

/* Raw mode and the foreground group are checkpointed, so a restarted
 * tty keeps them. */
int64_t
tty_ioctl(uint64_t minor, uint64_t cmd, uint64_t arg, endpoint_t caller)
{
	switch (cmd) {
	case XTCGETRAW:
		return (int64_t)tty_state.ts_raw;
	case XTCSETRAW:
		tty_state.ts_raw = arg != 0;
		ldisc_set_raw(&tty_ldisc, tty_state.ts_raw != 0);
		driver_checkpoint();
		tty_input_done();
		return 0;
	case XTCSETPGRP:
		if ((int64_t)arg <= 0) {
			return -EINVAL;
		}
		tty_state.ts_pgrp = (int64_t)arg;
		driver_checkpoint();
		return 0;
	case XTCGETPGRP:
		return tty_state.ts_pgrp;
	default:
		return -ENOTTY;
	}
}
