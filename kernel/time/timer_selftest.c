/*
 * `ktest=timer`: checks that the clocks and interrupt controllers work
 * together.  The local APIC timer runs at 100 Hz for 300 ms of monotonic
 * time and must tick 20-40 times; the monotonic clock must never go
 * backwards over 100,000 reads and must agree with the HPET (or, without
 * one, the PIT) within 1%; and the serial port's ISA IRQ 4, routed
 * through the IOAPIC, must be delivered.  The test borrows two device
 * vectors no driver holds at boot and puts the timer back as it was.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/hpet.h>
#include <arch/io.h>
#include <arch/ioapic.h>
#include <arch/lapic.h>
#include <arch/pit.h>
#include <arch/trap.h>
#include <kern/clock.h>
#include <kern/log.h>

#define TEST_TIMER_VECTOR (T_IRQ_END - 1)
#define TEST_SERIAL_VECTOR (T_IRQ_END - 2)
#define TEST_HZ 100
#define TEST_SPAN_NS (300 * NS_PER_MS)
#define TEST_MIN_TICKS 20
#define TEST_MAX_TICKS 40
#define TEST_READS 100000
#define SERIAL_WAIT_NS (50 * NS_PER_MS)

/* COM1, the kernel console's UART (serial.c); its IRQ is ISA IRQ 4. */
#define COM1 0x3F8
#define COM1_IRQ 4
#define UART_IER 1
#define UART_IIR 2
#define IER_THR_EMPTY 0x02

/* Counted by the handlers, read by the test loop on the same CPU. */
static volatile unsigned test_ticks;
static volatile unsigned test_serial_irqs;

static void
test_timer_trap(struct trap_frame *f)
{
	test_ticks++;
}

/* Reading IIR acknowledges the UART's "transmitter empty" interrupt. */
static void
test_serial_trap(struct trap_frame *f)
{
	(void)inb(COM1 + UART_IIR);
	test_serial_irqs++;
}

/* Each check returns NULL when it passed, or why it failed. */

/* Back-to-back reads: the cheapest way to catch a scale or clamp error
 * that lets one reading fall below the one before. */
static const char *
check_monotonic(void)
{
	uint64_t prev = clock_monotonic_ns();

	for (int i = 0; i < TEST_READS; i++) {
		uint64_t now = clock_monotonic_ns();

		if (now < prev) {
			return "clock_monotonic_ns() went backwards";
		}
		prev = now;
	}
	return NULL;
}

/* |a - b| within 1% of b. */
static bool
within_1pct(uint64_t a, uint64_t b)
{
	uint64_t diff = a > b ? a - b : b - a;

	return diff * 100 <= b;
}

/*
 * The timer at TEST_HZ for TEST_SPAN_NS with interrupts on, spinning
 * rather than halting so that a silent timer cannot hang the test.  The
 * HPET is read across the same span to check the clock's rate.
 */
static const char *
check_ticks(void)
{
	struct lapic_timer_state saved;
	uint64_t t0, t1, h0 = 0, h1 = 0;

	lapic_timer_save(&saved);
	trap_register(TEST_TIMER_VECTOR, test_timer_trap);
	test_ticks = 0;
	if (lapic_timer_periodic_vector(TEST_TIMER_VECTOR, TEST_HZ) != 0) {
		trap_register(TEST_TIMER_VECTOR, NULL);
		return "the local APIC timer is not calibrated";
	}
	if (hpet_present()) {
		h0 = hpet_read();
	}
	t0 = clock_monotonic_ns();
	irq_enable();
	while (clock_monotonic_ns() - t0 < TEST_SPAN_NS) {
		cpu_relax();
	}
	t1 = clock_monotonic_ns();
	if (hpet_present()) {
		h1 = hpet_read();
	}
	/* Stop with interrupts still on, so that a tick already latched is
	 * taken here rather than on the vector after it is released. */
	lapic_timer_stop();
	clock_delay_ns(10 * NS_PER_US);
	irq_disable();
	lapic_timer_restore(&saved);
	trap_register(TEST_TIMER_VECTOR, NULL);
	pr_info("ktest timer: %u ticks in %lu us\n", test_ticks, (t1 - t0) / NS_PER_US);
	if (test_ticks < TEST_MIN_TICKS || test_ticks > TEST_MAX_TICKS) {
		return "implausible tick count at 100 Hz over 300 ms";
	}
	if (hpet_present()) {
		uint64_t hns = hpet_ticks_to_ns(hpet_elapsed(h0, h1));

		pr_info("ktest timer: clock %lu us, HPET %lu us\n", (t1 - t0) / NS_PER_US,
		    hns / NS_PER_US);
		if (!within_1pct(t1 - t0, hns)) {
			return "the monotonic clock and the HPET disagree by over 1%";
		}
	}
	return NULL;
}

/* Without an HPET, the PIT checks the clock's rate over 50 ms. */
static const char *
check_against_pit(void)
{
	uint64_t t0 = clock_monotonic_ns(), t1;

	if (pit_delay_us(50000) != 0) {
		return "the PIT does not count";
	}
	t1 = clock_monotonic_ns();
	pr_info("ktest timer: clock %lu us over 50000 us of PIT\n", (t1 - t0) / NS_PER_US);
	if (!within_1pct(t1 - t0, 50 * NS_PER_MS)) {
		return "the monotonic clock and the PIT disagree by over 1%";
	}
	return NULL;
}

/*
 * Routes ISA IRQ 4 to this CPU, checks the entry reads back as written,
 * then makes the UART raise it: enabling the "transmitter empty"
 * interrupt while the transmitter is empty raises it at once.
 */
static const char *
check_serial_irq(void)
{
	unsigned flags;
	uint32_t gsi = ioapic_isa_to_gsi(COM1_IRQ, &flags);
	uint64_t entry, t0;
	const char *why = NULL;

	if (ioapic_route(gsi, TEST_SERIAL_VECTOR, lapic_id(), flags) != 0) {
		return "ioapic_route() refused the serial port's GSI";
	}
	if (ioapic_read_entry(gsi, &entry) != 0 || (entry & 0xFF) != TEST_SERIAL_VECTOR ||
	    (entry >> 56) != lapic_id()) {
		return "the IOAPIC entry does not read back as routed";
	}
	/* Handler first, then the entry, then the source, so that nothing can
	 * arrive on a vector without a handler. */
	trap_register(TEST_SERIAL_VECTOR, test_serial_trap);
	test_serial_irqs = 0;
	ioapic_unmask(gsi);
	outb(COM1 + UART_IER, IER_THR_EMPTY);
	irq_enable();
	t0 = clock_monotonic_ns();
	while (test_serial_irqs == 0 && clock_monotonic_ns() - t0 < SERIAL_WAIT_NS) {
		cpu_relax();
	}
	irq_disable();
	/* Undo in reverse: the UART quiet, its pending state read away, the
	 * entry masked, the vector released. */
	outb(COM1 + UART_IER, 0);
	(void)inb(COM1 + UART_IIR);
	ioapic_mask(gsi);
	trap_register(TEST_SERIAL_VECTOR, NULL);
	if (test_serial_irqs == 0) {
		why = "serial IRQ 4 not delivered through the IOAPIC";
	} else {
		pr_info("ktest timer: serial IRQ 4 on GSI %u delivered\n", gsi);
	}
	return why;
}

int
timer_selftest(void)
{
	const char *why;

	if (clock_tsc_hz() == 0) {
		why = "the monotonic clock is not running";
		goto fail;
	}
	why = check_monotonic();
	if (why == NULL) {
		why = check_ticks();
	}
	if (why == NULL && !hpet_present()) {
		why = check_against_pit();
	}
	if (why == NULL) {
		why = check_serial_irq();
	}
	if (why != NULL) {
		goto fail;
	}
	kprintf("ktest timer: OK\n");
	return 0;
fail:
	kprintf("ktest timer: FAILED: %s\n", why);
	return -1;
}
