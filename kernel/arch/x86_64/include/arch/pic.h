/*
 * The two legacy 8259A interrupt controllers.  XINIM routes every device
 * interrupt through the IOAPIC, so the 8259s are only moved out of the way
 * of the CPU exception vectors and silenced.
 */
#pragma once

#define PIC_VECTOR_BASE 32 /* IRQ 0-15 land on vectors 32-47 if ever raised */

/* Remaps the 8259s to vectors PIC_VECTOR_BASE..+15 and masks all lines.
 * Boot CPU, interrupts off. */
void pic_disable(void);
