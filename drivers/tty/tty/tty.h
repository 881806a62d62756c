/*
 * The tty service's private header: the request side (console.c), the
 * UART glue (uart.c), the signals for pm (signal.c) and main.c share the
 * line discipline, the checkpointed state and these calls.
 */
#pragma once
#include <libchardriver/chardriver.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ldisc.h"

/* What a restarted instance takes over (preserve_state). */
struct tty_state {
	uint64_t ts_raw;
	int64_t ts_pgrp; /* the foreground group, 0: none */
};

extern struct ldisc tty_ldisc;
extern struct tty_state tty_state;

/* uart.c */

/* Sets up COM1 for receive interrupts and binds IRQ 4: 0 or an error. */
int uart_init(void);
/* The IRQ fired: takes every byte the UART holds into the discipline,
 * echoes, and re-enables the line. */
void uart_irq(uint64_t hooks);
/* Sends n bytes (already converted) by polling the transmitter. */
void uart_send(const char *buf, size_t n);

/* console.c: libchardriver's callbacks (chardriver.h), and */
int64_t tty_read(uint64_t minor, const struct chardriver_io *io);
int64_t tty_write(uint64_t minor, const struct chardriver_io *io);
int64_t tty_ioctl(uint64_t minor, uint64_t cmd, uint64_t arg, endpoint_t caller);
void tty_cancel(endpoint_t caller, uint64_t id);
int64_t tty_select(uint64_t minor, uint64_t ops, endpoint_t notify);
/* Sends what the discipline wants echoed. */
void tty_echo_flush(void);
/* Input came in: serves waiting readers and selects. */
void tty_input_done(void);
/* Ends every waiting read with -EINTR. */
void tty_interrupt_reads(void);

/* signal.c */

/* Queues sig for the foreground process group, tells pm, and ends the
 * waiting reads. */
void tty_signal(int sig);
/* libdriver's request callback for what libchardriver does not serve:
 * CHR_SIGNALS (from pm); anything else is -EINVAL. */
int tty_other_request(const struct message *m, struct message *reply);
