/*
 * Machine reset and halting.
 */
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <kern/acpi.h>

void
arch_halt_forever(void)
{
	for (;;) {
		irq_disable();
		cpu_halt();
	}
}

void
arch_reboot(void)
{
	/* The firmware's own reset register, when the FADT names one. */
	acpi_reset();
	/* Reset control register of the ICH/PIIX chipsets: full reset. */
	outb(0xCF9, 0x02);
	outb(0xCF9, 0x06);
	/* The 8042 keyboard controller's reset line. */
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02) != 0; i++) {
		cpu_relax();
	}
	outb(0x64, 0xFE);
	arch_halt_forever();
}
