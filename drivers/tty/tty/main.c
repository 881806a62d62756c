/*
 * tty: the serial console (COM1) as character major 4, minor 0, per
 * include/xinim/proto/chr.h.  Writes go out at once (polled); a read
 * with no line typed yet waits in a FIFO and is answered -EINPROGRESS,
 * then, when input completes it, its result waits in the done queue and
 * vfs is notified to fetch it with CHR_DONE.  Ctrl-C queues SIGINT for
 * the foreground process group and notifies pm, which fetches it with
 * CHR_SIGNALS, and ends the waiting reads with EINTR.  The raw flag and the foreground group are checkpointed,
 * so a restarted tty keeps them; waiting reads are lost with the
 * instance (vfs sees the restart).
 */
#include <libdriver/driver.h>
#include <libsys/ds.h>
#include <libsys/grant.h>
#include <libsys/ipc.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include <xinim/proto/vfs.h>
#include "tty.h"

#define TTY_READS 16   /* reads that may wait at once */
#define TTY_DONE 32    /* results waiting for CHR_DONE */
#define TTY_SIGNALS 8  /* signals waiting for pm */
#define TTY_CHUNK 1024 /* bytes copied per safecopy */

struct tty_read {
	uint64_t rd_id; /* vfs's request id */
	endpoint_t rd_caller;
	int64_t rd_grant;
	uint64_t rd_bytes;
};

struct tty_done {
	endpoint_t dn_to;
	uint64_t dn_kind; /* CHR_DONE_IO or CHR_DONE_READY */
	uint64_t dn_a, dn_b;
};

/* What a restarted instance takes over (preserve_state). */
struct tty_state {
	uint64_t ts_raw;
	int64_t ts_pgrp; /* the foreground group, 0: none */
};

struct ldisc tty_ldisc;
static struct tty_state sc_state;
static struct tty_read sc_reads[TTY_READS];
static unsigned sc_nreads;
static struct tty_done sc_done[TTY_DONE];
static unsigned sc_ndone;
static struct {
	uint64_t sig, pgrp;
} sc_sigs[TTY_SIGNALS];
static unsigned sc_nsigs;
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

/* Queues a result for fetching and notifies its owner.  An owner that
 * is gone (a vfs that restarted) will never fetch it: it is dropped, so
 * the queue does not fill with results no one wants. */
static void
done_push(endpoint_t to, uint64_t kind, uint64_t a, uint64_t b)
{
	if (sc_ndone == TTY_DONE) {
		/* vfs is not fetching: the result is lost. */
		return;
	}
	if (ipc_notify(to) == -EDEADSRCDST) {
		return;
	}
	sc_done[sc_ndone++] = (struct tty_done){ to, kind, a, b };
}

/* Copies what the discipline has (at most one line in cooked mode) into
 * the caller's grant: the count, 0 at an end of input, or an error. */
static int64_t
read_now(endpoint_t caller, int64_t grant, uint64_t bytes)
{
	long n = ldisc_read(&tty_ldisc, sc_buf, bytes < TTY_CHUNK ? bytes : TTY_CHUNK);
	int err;

	if (n <= 0) {
		return 0;
	}
	err = kc_safecopy_to(caller, grant, 0, sc_buf, (size_t)n);
	return err < 0 ? err : n;
}

/* Serves the waiting reads in order while there is something to read, then
 * a select that asked for news: each result goes to the done queue and its
 * owner is notified. */
void
tty_input_done(void)
{
	while (sc_nreads > 0 && ldisc_readable(&tty_ldisc)) {
		struct tty_read rd = sc_reads[0];

		sc_nreads--;
		for (unsigned i = 0; i < sc_nreads; i++) {
			sc_reads[i] = sc_reads[i + 1];
		}
		done_push(rd.rd_caller, CHR_DONE_IO, rd.rd_id,
		    (uint64_t)read_now(rd.rd_caller, rd.rd_grant, rd.rd_bytes));
	}
	if (sc_select_to != ENDPOINT_NONE && ldisc_readable(&tty_ldisc)) {
		done_push(sc_select_to, CHR_DONE_READY, CHR_MINOR_CONSOLE, XPOLLIN | XPOLLOUT);
		sc_select_to = ENDPOINT_NONE;
	}
}

/* Ctrl-C and Ctrl-\ interrupt every read waiting for a line: each ends
 * with EINTR, as a read interrupted by a signal does.  A program the
 * signal ends never sees it; one that ignores it (the shell at its
 * prompt) learns that the line was thrown away. */
static void
tty_interrupt_reads(void)
{
	for (unsigned i = 0; i < sc_nreads; i++) {
		done_push(sc_reads[i].rd_caller, CHR_DONE_IO, sc_reads[i].rd_id,
		    (uint64_t)(int64_t)-EINTR);
	}
	sc_nreads = 0;
}

/* The signal goes to pm, which fetches it with CHR_SIGNALS; with no
 * foreground group (no shell has set one) there is no one to signal, and a
 * full queue drops it (pm is not fetching). */
void
tty_signal(int sig)
{
	endpoint_t pm;

	tty_interrupt_reads();
	if (sc_state.ts_pgrp <= 0 || sc_nsigs == TTY_SIGNALS) {
		return;
	}
	sc_sigs[sc_nsigs].sig = (uint64_t)sig;
	sc_sigs[sc_nsigs].pgrp = (uint64_t)sc_state.ts_pgrp;
	sc_nsigs++;
	pm = ds_lookup("pm");
	if (pm >= 0) {
		ipc_notify(pm);
	}
}

/* CHR_READ: [1] id, [2] bytes, [3] XO_NONBLOCK, [4] grant. */
static int64_t
tty_read(const struct message *m)
{
	if (m->m_arg[2] == 0) {
		return 0;
	}
	if (sc_nreads == 0 && ldisc_readable(&tty_ldisc)) {
		return read_now(m->m_source, (int64_t)m->m_arg[4], m->m_arg[2]);
	}
	if ((m->m_arg[3] & XO_NONBLOCK) != 0 || sc_nreads == TTY_READS) {
		return -EAGAIN;
	}
	sc_reads[sc_nreads++] =
	    (struct tty_read){ m->m_arg[1], m->m_source, (int64_t)m->m_arg[4], m->m_arg[2] };
	return -EINPROGRESS;
}

/* CHR_WRITE: [2] bytes, [4] grant.  "\n" goes out as "\r\n". */
static int64_t
tty_write(const struct message *m)
{
	uint64_t done = 0, len = m->m_arg[2];

	while (done < len) {
		size_t chunk = len - done < TTY_CHUNK ? len - done : TTY_CHUNK;
		size_t used, n;
		int err = kc_safecopy_from(m->m_source, (int64_t)m->m_arg[4], done, sc_buf, chunk);

		if (err < 0) {
			return done > 0 ? (int64_t)done : err;
		}
		n = ldisc_output(sc_buf, chunk, sc_out, sizeof(sc_out), &used);
		uart_send(sc_out, n);
		done += chunk;
	}
	return (int64_t)done;
}

/* CHR_CANCEL: [0] id.  The read is forgotten, waiting or done. */
static int64_t
tty_cancel(const struct message *m)
{
	for (unsigned i = 0; i < sc_nreads; i++) {
		if (sc_reads[i].rd_id == m->m_arg[0] && sc_reads[i].rd_caller == m->m_source) {
			sc_nreads--;
			for (; i < sc_nreads; i++) {
				sc_reads[i] = sc_reads[i + 1];
			}
			return 0;
		}
	}
	for (unsigned i = 0; i < sc_ndone; i++) {
		if (sc_done[i].dn_kind == CHR_DONE_IO && sc_done[i].dn_a == m->m_arg[0] &&
		    sc_done[i].dn_to == m->m_source) {
			sc_ndone--;
			for (; i < sc_ndone; i++) {
				sc_done[i] = sc_done[i + 1];
			}
			return 0;
		}
	}
	return 0;
}

/* CHR_IOCTL: [1] XTC* command, [2] its argument. Raw mode and the
 * foreground group are checkpointed, so a restarted tty keeps them. */
static int64_t
tty_ioctl(const struct message *m)
{
	switch (m->m_arg[1]) {
	case XTCGETRAW:
		return (int64_t)sc_state.ts_raw;
	case XTCSETRAW:
		sc_state.ts_raw = m->m_arg[2] != 0;
		ldisc_set_raw(&tty_ldisc, sc_state.ts_raw != 0);
		driver_checkpoint();
		tty_input_done();
		return 0;
	case XTCSETPGRP:
		if ((int64_t)m->m_arg[2] <= 0) {
			return -EINVAL;
		}
		sc_state.ts_pgrp = (int64_t)m->m_arg[2];
		driver_checkpoint();
		return 0;
	case XTCGETPGRP:
		return sc_state.ts_pgrp;
	default:
		return -ENOTTY;
	}
}

/* CHR_SELECT: [1] wanted, [2] 1: notify when XPOLLIN becomes ready. */
static int64_t
tty_select(const struct message *m)
{
	uint64_t ready = XPOLLOUT;

	if (ldisc_readable(&tty_ldisc)) {
		ready |= XPOLLIN;
	} else if ((m->m_arg[1] & XPOLLIN) != 0 && m->m_arg[2] == 1) {
		sc_select_to = m->m_source;
	}
	return (int64_t)(ready & m->m_arg[1]);
}

/* CHR_DONE: the oldest result for the caller. */
static int64_t
tty_fetch_done(const struct message *m, struct message *reply)
{
	for (unsigned i = 0; i < sc_ndone; i++) {
		if (sc_done[i].dn_to != m->m_source) {
			continue;
		}
		reply->m_arg[1] = sc_done[i].dn_kind;
		reply->m_arg[2] = sc_done[i].dn_a;
		reply->m_arg[3] = sc_done[i].dn_b;
		sc_ndone--;
		for (; i < sc_ndone; i++) {
			sc_done[i] = sc_done[i + 1];
		}
		return 0;
	}
	return -ENOENT;
}

/* CHR_SIGNALS (from pm): the oldest signal waiting, [1] the signal and [2]
 * the process group. */
static int64_t
tty_fetch_signal(struct message *reply)
{
	if (sc_nsigs == 0) {
		return -ENOENT;
	}
	reply->m_arg[1] = sc_sigs[0].sig;
	reply->m_arg[2] = sc_sigs[0].pgrp;
	sc_nsigs--;
	for (unsigned i = 0; i < sc_nsigs; i++) {
		sc_sigs[i] = sc_sigs[i + 1];
	}
	return 0;
}

/* Checks the minor of the requests that name one, then hands each request
 * to its handler; the result goes in the reply's [0]. */
static int64_t
tty_dispatch(const struct message *m, struct message *reply)
{
	switch (m->m_type) {
	case CHR_OPEN:
	case CHR_CLOSE:
	case CHR_READ:
	case CHR_WRITE:
	case CHR_IOCTL:
	case CHR_SELECT:
		if (m->m_arg[0] != CHR_MINOR_CONSOLE) {
			return -ENXIO;
		}
		break;
	default:
		break;
	}
	switch (m->m_type) {
	case CHR_OPEN:
	case CHR_CLOSE:
		return 0;
	case CHR_READ:
		return tty_read(m);
	case CHR_WRITE:
		return tty_write(m);
	case CHR_IOCTL:
		return tty_ioctl(m);
	case CHR_CANCEL:
		return tty_cancel(m);
	case CHR_SELECT:
		return tty_select(m);
	case CHR_DONE:
		return tty_fetch_done(m, reply);
	case CHR_SIGNALS:
		return tty_fetch_signal(reply);
	default:
		return -EINVAL;
	}
}

/* libdriver's request callback: every request is answered now (a read that
 * waits is answered -EINPROGRESS). */
static int
tty_request(const struct message *m, struct message *reply)
{
	reply->m_type = CHR_REPLY;
	reply->m_arg[0] = (uint64_t)tty_dispatch(m, reply);
	return 0;
}

/* Before registering with rs: a fresh line discipline (with the raw flag a
 * previous instance checkpointed), the UART and its IRQ. */
static int
tty_init(int argc, char **argv, bool restored)
{
	endpoint_t vfs;
	int err;

	ldisc_init(&tty_ldisc);
	if (restored) {
		ldisc_set_raw(&tty_ldisc, sc_state.ts_raw != 0);
	} else {
		sc_state = (struct tty_state){ 0 };
	}
	err = uart_init();
	/* A restarted instance: the reads vfs had waiting in the old one are gone.
	 * Telling vfs lets it find that out now rather than at its next
	 * call (its CHR_DONE comes back empty from this instance). */
	if (err == 0 && restored && (vfs = ds_lookup("vfs")) >= 0) {
		ipc_notify(vfs);
	}
	return err;
}

static const struct driver_ops tty_ops = {
	.init = tty_init,
	.irq = uart_irq,
	.request = tty_request,
	.reply_type = CHR_REPLY,
	.state = &sc_state,
	.state_size = sizeof(sc_state),
};

int
main(int argc, char **argv)
{
	/* Zeroed before libdriver lends it to rs for the restore.  Without
	 * this, rs's copy once failed with EFAULT at boot; that has not been
	 * seen again since (and the page is mapped from the start), so the
	 * cause is not known. */
	sc_state = (struct tty_state){ 0 };
	driver_main(&tty_ops, argc, argv);
}
