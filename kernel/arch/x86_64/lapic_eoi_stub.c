/*
 * TEMPORARY: lets the trap code link until kernel/arch/x86_64/lapic.c,
 * the real local APIC driver, provides lapic_eoi().  Delete at merge.
 */
#include <arch/trap.h>

void
lapic_eoi(void)
{
}
