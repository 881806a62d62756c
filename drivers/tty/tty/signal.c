/*
 * Ctrl-C's signals for pm: tty_signal() queues the signal for the
 * foreground process group and notifies pm, which fetches them with
 * CHR_SIGNALS until cg_more says none is left.  With no foreground group
 * (no shell has set one) there is no one to signal, and a full queue
 * drops the signal (pm is not fetching).
 */
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include <xinim/errno.h>
#include <xinim/proto/chr.h>
#include "tty.h"

#define TTY_SIGNALS 8 /* signals waiting for pm */

static struct {
	uint64_t sig;
	int64_t pgrp;
} sc_sigs[TTY_SIGNALS];
static unsigned sc_nsigs;

void
tty_signal(int sig)
{
	endpoint_t pm;

	tty_interrupt_reads();
	if (tty_state.ts_pgrp <= 0 || sc_nsigs == TTY_SIGNALS) {
		return;
	}
	sc_sigs[sc_nsigs].sig = (uint64_t)sig;
	sc_sigs[sc_nsigs].pgrp = tty_state.ts_pgrp;
	sc_nsigs++;
	pm = ds_lookup("pm");
	if (pm >= 0) {
		ipc_notify(pm);
	}
}

/* CHR_SIGNALS: the oldest signal waiting, and how many more wait. */
static int
signal_fetch(struct message *reply)
{
	struct msg_chr_signal *s = MSG_PAYLOAD(reply, struct msg_chr_signal);

	if (sc_nsigs == 0) {
		return -ENOENT;
	}
	s->cg_result = 0;
	s->cg_sig = sc_sigs[0].sig;
	s->cg_pgrp = sc_sigs[0].pgrp;
	sc_nsigs--;
	for (unsigned i = 0; i < sc_nsigs; i++) {
		sc_sigs[i] = sc_sigs[i + 1];
	}
	s->cg_more = sc_nsigs;
	return 0;
}

int
tty_other_request(const struct message *m, struct message *reply)
{
	return m->m_type == CHR_SIGNALS ? signal_fetch(reply) : -EINVAL;
}
