/*
 * Private to lapic.c and lapic_timer.c: the local APIC's registers (Intel
 * SDM vol. 3, 11.4.1 and 11.12) and the accessors that reach them through
 * MMIO in xAPIC mode or through MSR 0x800 + offset/16 in x2APIC mode.
 */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/io.h>

#define LAPIC_ID 0x020
#define LAPIC_VER 0x030
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0B0
#define LAPIC_SVR 0x0F0
#define LAPIC_ESR 0x280
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_THERMAL 0x330
#define LAPIC_LVT_PERF 0x340
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INITIAL 0x380
#define LAPIC_TIMER_CURRENT 0x390
#define LAPIC_TIMER_DIVIDE 0x3E0

#define LAPIC_X2APIC_MSR 0x800

#define SVR_ENABLE (1U << 8)
#define LVT_MASKED (1U << 16)
#define LVT_DM_NMI (4U << 8)
#define LVT_TIMER_PERIODIC (1U << 17)

extern volatile uint8_t *lapic_mmio; /* xAPIC mapping; NULL in x2APIC mode */
extern bool lapic_x2;                /* x2APIC mode, same on every CPU */

static inline uint32_t
lapic_read(unsigned reg)
{
	if (lapic_x2) {
		return (uint32_t)rdmsr(LAPIC_X2APIC_MSR + (reg >> 4));
	}
	return mmio_read32(lapic_mmio + reg);
}

static inline void
lapic_write(unsigned reg, uint32_t v)
{
	if (lapic_x2) {
		wrmsr(LAPIC_X2APIC_MSR + (reg >> 4), v);
		return;
	}
	mmio_write32(lapic_mmio + reg, v);
}
