/*
 * The tty service's private header: the UART glue (uart.c) and the
 * request side (main.c) share the line discipline and these calls.
 */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ldisc.h"

extern struct ldisc tty_ldisc;

/* Sets up COM1 for receive interrupts and binds IRQ 4: 0 or an error. */
int uart_init(void);

/* The IRQ fired: takes every byte the UART holds into the discipline,
 * echoes, and re-enables the line. */
void uart_irq(uint64_t hooks);

/* Sends n bytes (already converted) by polling the transmitter. */
void uart_send(const char *buf, size_t n);

/* Sends what the discipline wants echoed. */
void tty_echo_flush(void);

/* Input came in: serves waiting readers and selects. */
void tty_input_done(void);

/* Queues sig for the foreground process group and tells pm. */
void tty_signal(int sig);
