/*
 * The 16550 UART on COM1 (ports 0x3f8-0x3ff, ISA IRQ 4).  The kernel
 * programmed the line (115200 8N1, FIFOs) for its own log and only ever
 * writes to the transmitter, by polling; this driver turns on the
 * receive interrupt, reads the received bytes and writes by polling as
 * well, so the two writers merely interleave.
 */
#include <libdriver/driver.h>
#include <libsys/dev.h>
#include <stdio.h>
#include "tty.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_MCR 4
#define UART_LSR 5
#define IER_RX 0x01
#define FCR_ON_TRIGGER1 0x01 /* FIFOs on, interrupt at each byte */
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define TTY_IRQ 4
#define SPIN_MAX 100000 /* a missing UART must not hang us */
#define RX_MAX 65536    /* bytes taken per interrupt at most */

static int sc_hook = -1;

int
uart_init(void)
{
	int hook = kc_irq_bind(TTY_IRQ);

	if (hook < 0) {
		printf("tty: cannot bind IRQ %d (%d)\n", TTY_IRQ, hook);
		return hook;
	}
	sc_hook = hook;
	dev_outb(COM1 + UART_FCR, FCR_ON_TRIGGER1);
	dev_outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	/* Bytes typed before we ran are taken now; then interrupts. */
	while ((dev_inb(COM1 + UART_LSR) & LSR_DR) != 0) {
		(void)dev_inb(COM1 + UART_DATA);
	}
	dev_outb(COM1 + UART_IER, IER_RX);
	return 0;
}

void
uart_irq(uint64_t hooks)
{
	int n = 0;

	/* ISA IRQ 4 is edge-triggered and masked from its delivery until
	 * kc_irq_enable(): a byte that comes in between raises no new edge,
	 * since the UART's line is still up.  So the UART is drained (its
	 * line drops), the IRQ unmasked, and the UART looked at again; a byte
	 * that came meanwhile is taken now, and any later one raises an edge
	 * on an unmasked line. */
	do {
		while (n < RX_MAX && (dev_inb(COM1 + UART_LSR) & LSR_DR) != 0) {
			int sig = ldisc_input(&tty_ldisc, dev_inb(COM1 + UART_DATA));

			if (sig != 0) {
				tty_signal(sig);
			}
			n++;
		}
		if (sc_hook >= 0) {
			kc_irq_enable(sc_hook);
		}
	} while (n < RX_MAX && (dev_inb(COM1 + UART_LSR) & LSR_DR) != 0);
	tty_echo_flush();
	tty_input_done();
}

void
uart_send(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int spins = 0;

		while ((dev_inb(COM1 + UART_LSR) & LSR_THRE) == 0 && spins < SPIN_MAX) {
			spins++;
		}
		dev_outb(COM1 + UART_DATA, (uint8_t)buf[i]);
	}
}
