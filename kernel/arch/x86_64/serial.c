/*
 * 16550 UART on COM1 as the kernel console: 115200 8N1, polled output.
 * '\n' becomes "\r\n" so that the serial log reads well on any terminal.
 */
#include <stdint.h>
#include <arch/io.h>
#include <kern/console.h>

#define COM1 0x3F8
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_THR_EMPTY 0x20

void
console_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x80); /* divisor latch */
	outb(COM1 + 0, 0x01);        /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + UART_LCR, 0x03); /* 8N1 */
	outb(COM1 + UART_FCR, 0xC7); /* FIFO on, cleared, 14-byte threshold */
	outb(COM1 + UART_MCR, 0x0B); /* DTR, RTS, OUT2 */
}

static void
serial_putc(char c)
{
	int spins = 0;

	/* Bounded wait, so that a missing UART cannot hang the kernel. */
	while ((inb(COM1 + UART_LSR) & LSR_THR_EMPTY) == 0 && spins < 100000) {
		spins++;
	}
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void
console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			serial_putc('\r');
		}
		serial_putc(s[i]);
	}
}
