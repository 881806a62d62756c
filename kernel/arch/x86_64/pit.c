/*
 * 8254 channel 2 in mode 0 ("interrupt on terminal count"): writing the
 * count drives OUT2 low, and it rises when the count reaches zero.  Port
 * 0x61 holds the channel's gate (bit 0), the speaker enable (bit 1) and
 * OUT2 as read back (bit 5).
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/pit.h>
#include <xinim/errno.h>

#define PIT_CH2_DATA 0x42
#define PIT_CMD 0x43
#define PORT_B 0x61
#define PORT_B_GATE2 0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2 0x20

/* Commands: channel 2 (bits 6-7 = 10), low byte then high byte (bits
 * 4-5 = 11), mode 0 or 2 (bits 1-3), binary; and channel 2's latch. */
#define PIT_CMD_CH2_ONESHOT 0xB0
#define PIT_CMD_CH2_RATE 0xB4
#define PIT_CMD_CH2_LATCH 0x80

/* 50 ms of PIT ticks: one countdown of pit_delay_us(). */
#define PIT_CHUNK_US 50000
/* TSC cycles to wait before deciding OUT2 is stuck.  The TSC's rate is not
 * known yet (the PIT is how it gets measured), but 10^9 cycles is above
 * 100 ms for any TSC up to 10 GHz, twice the longest countdown. */
#define PIT_TSC_LIMIT 1000000000ULL

void
pit_oneshot_start(uint16_t count)
{
	uint8_t b = inb(PORT_B);

	/* Gate low first so that the new count starts cleanly. */
	outb(PORT_B, b & ~(PORT_B_GATE2 | PORT_B_SPEAKER));
	outb(PIT_CMD, PIT_CMD_CH2_ONESHOT);
	outb(PIT_CH2_DATA, count & 0xFF);
	outb(PIT_CH2_DATA, count >> 8);
	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
}

/* Mode 2 with a count of 0 (meaning 65536): the counter runs down and
 * reloads forever, a 16-bit clock that wraps every 55 ms. */
void
pit_freerun_start(void)
{
	uint8_t b = inb(PORT_B);

	outb(PORT_B, b & ~(PORT_B_GATE2 | PORT_B_SPEAKER));
	outb(PIT_CMD, PIT_CMD_CH2_RATE);
	outb(PIT_CH2_DATA, 0);
	outb(PIT_CH2_DATA, 0);
	outb(PORT_B, (b & ~PORT_B_SPEAKER) | PORT_B_GATE2);
}

/* The latch command freezes a copy of the count so that its two bytes
 * belong together; the counter itself keeps running. */
uint16_t
pit_read_count(void)
{
	uint8_t lo, hi;

	outb(PIT_CMD, PIT_CMD_CH2_LATCH);
	lo = inb(PIT_CH2_DATA);
	hi = inb(PIT_CH2_DATA);
	return (uint16_t)(lo | (hi << 8));
}

bool
pit_oneshot_done(void)
{
	return (inb(PORT_B) & PORT_B_OUT2) != 0;
}

int
pit_delay_us(uint32_t us)
{
	while (us > 0) {
		uint32_t chunk = us < PIT_CHUNK_US ? us : PIT_CHUNK_US;
		uint64_t count = (chunk * PIT_HZ + 999999) / 1000000;
		uint64_t start = rdtsc();

		if (count == 0) {
			count = 1;
		}
		pit_oneshot_start((uint16_t)count);
		while (!pit_oneshot_done()) {
			if (rdtsc() - start > PIT_TSC_LIMIT) {
				return -EIO;
			}
			cpu_relax();
		}
		us -= chunk;
	}
	return 0;
}
