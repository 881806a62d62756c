/*
 * The 8254 programmable interval timer, used only as a calibration
 * reference when there is no HPET (or `clock=pit`): channel 2, whose gate
 * and output sit in port 0x61, either counts down once while the CPU polls
 * for the end, or runs freely while the CPU reads its count.  Channel 2's speaker output stays disconnected.  Not reentrant:
 * boot CPU only, during calibration.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ 1193182ULL /* input clock: 105/88 MHz */
#define PIT_MAX_COUNT 0xFFFF

/* Starts a one-shot countdown of count ticks (1..PIT_MAX_COUNT). */
void pit_oneshot_start(uint16_t count);

/* True once the countdown started by pit_oneshot_start() has ended. */
bool pit_oneshot_done(void);

/* Starts channel 2 counting down from 65536 and reloading: with
 * pit_read_count(), a free-running clock of PIT_HZ that wraps every 55 ms
 * (ticks elapsed = (earlier - later) mod 2^16). */
void pit_freerun_start(void);
uint16_t pit_read_count(void);

/* Spins for at least us microseconds, in countdowns of up to 50 ms.
 * Returns 0, or -EIO if the PIT's output never rose (no working PIT). */
int pit_delay_us(uint32_t us);
