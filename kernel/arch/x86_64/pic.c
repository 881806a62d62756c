/*
 * pic_disable(): the 8259A pair reprogrammed and masked.  Even masked, an
 * 8259 can deliver a spurious IRQ 7 or 15 through the local APIC's LINT0
 * if that pin is left in ExtINT mode; lapic.c masks LINT0, and the remap
 * keeps any stray vector clear of the exceptions (0-31).
 */
#include <stdint.h>
#include <arch/io.h>
#include <arch/pic.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1

#define ICW1_INIT 0x10 /* start initialisation */
#define ICW1_ICW4 0x01 /* an ICW4 follows */
#define ICW4_8086 0x01 /* 8086 mode */
#define CASCADE_IRQ 2  /* the slave hangs off the master's IRQ 2 */

/* Old 8259s need a moment between writes; a write to the unused POST
 * diagnostic port takes about a microsecond. */
static void
pic_wait(void)
{
	outb(0x80, 0);
}

void
pic_disable(void)
{
	/* ICW1 to both: edge-triggered, cascaded, ICW4 needed. */
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	pic_wait();
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	pic_wait();
	/* ICW2: vector offsets. */
	outb(PIC1_DATA, PIC_VECTOR_BASE);
	pic_wait();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	pic_wait();
	/* ICW3: the master's slave input mask, then the slave's identity. */
	outb(PIC1_DATA, 1 << CASCADE_IRQ);
	pic_wait();
	outb(PIC2_DATA, CASCADE_IRQ);
	pic_wait();
	outb(PIC1_DATA, ICW4_8086);
	pic_wait();
	outb(PIC2_DATA, ICW4_8086);
	pic_wait();
	/* OCW1: mask every line. */
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
}
