/*
 * tty: the serial console (COM1) as character major 4, minor 0, per
 * include/xinim/proto/chr.h, on libchardriver.  console.c serves the
 * requests, ldisc.c edits the typed lines, uart.c drives the UART and
 * signal.c hands Ctrl-C's signals to pm.  The raw flag and the
 * foreground group are checkpointed (preserve_state), so a restarted tty
 * keeps them; waiting reads are lost with the instance (vfs sees the
 * restart).
 */
#include <libchardriver/chardriver.h>
#include <libsys/ds.h>
#include <libsys/ipc.h>
#include "tty.h"

struct tty_state tty_state;

/* Before registering with rs: a fresh line discipline (with the raw flag a
 * previous instance checkpointed), the UART and its IRQ. */
static int
tty_init(int argc, char **argv, bool restored)
{
	endpoint_t vfs;
	int err;

	ldisc_init(&tty_ldisc);
	if (restored) {
		ldisc_set_raw(&tty_ldisc, tty_state.ts_raw != 0);
	} else {
		tty_state = (struct tty_state){ 0 };
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

static const struct chardriver_ops tty_ops = {
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.cancel = tty_cancel,
	.select = tty_select,
	.minors = 1u << CHR_MINOR_CONSOLE,
	.driver = {
		.init = tty_init,
		.irq = uart_irq,
		.request = tty_other_request,
		.state = &tty_state,
		.state_size = sizeof(tty_state),
	},
};

int
main(int argc, char **argv)
{
	/* Zeroed before libdriver lends it to rs for the restore.  Without
	 * this, rs's copy once failed with EFAULT at boot; that has not been
	 * seen again since (and the page is mapped from the start), so the
	 * cause is not known. */
	tty_state = (struct tty_state){ 0 };
	chardriver_main(&tty_ops, argc, argv);
}
