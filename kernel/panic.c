/*
 * panic(): report a broken kernel invariant and stop.
 */
#include <stdarg.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <kern/acpi.h>
#include <kern/log.h>
#include <kern/panic.h>

static enum panic_action panic_action = PANIC_HALT;
static volatile int panicking;

void
panic_set_action(enum panic_action action)
{
	panic_action = action;
}

bool
panic_in_progress(void)
{
	return __atomic_load_n(&panicking, __ATOMIC_RELAXED) != 0;
}

void
panic_finish(void)
{
	switch (panic_action) {
	case PANIC_POWEROFF:
		kprintf("xinim: powering off after panic\n");
		acpi_poweroff();
		/* Without ACPI, a reset is the next best way to stop (QEMU's
		 * -no-reboot turns it into an exit). */
		arch_reboot();
	case PANIC_REBOOT:
		kprintf("xinim: rebooting after panic\n");
		arch_reboot();
	case PANIC_HALT:
	default:
		kprintf("xinim: system halted\n");
		arch_halt_forever();
	}
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	irq_disable();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST) != 0) {
		/* A second panic (another CPU, or inside the first): just stop. */
		arch_halt_forever();
	}
	arch_stop_other_cpus();
	kprintf("\nKERNEL PANIC: ");
	va_start(ap, fmt);
	kvlog(LOG_ERROR, fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_backtrace((uint64_t)__builtin_frame_address(0));
	panic_finish();
}
