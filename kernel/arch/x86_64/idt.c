/*
 * The interrupt descriptor table: one table shared by every CPU, built
 * once by the boot CPU, with one interrupt gate per vector pointing at its
 * stub in trap.S.  Interrupt gates (not trap gates) everywhere, so every
 * handler starts with interrupts off.
 */
#include <arch/gdt.h>
#include <arch/trap.h>

#define GATE_INTERRUPT 0x8E /* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3 0x60      /* also reachable with INT n from ring 3 */

/* SDM vol. 3, figure 6-8. */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gates are 16 bytes");

extern const uint64_t trap_stub_table[T_VECTORS];

static struct idt_gate idt[T_VECTORS] __attribute__((aligned(16)));

static void
idt_set_gate(unsigned vector, uint64_t entry, uint8_t ist, uint8_t type)
{
	struct idt_gate *g = &idt[vector];

	g->offset_low = entry & 0xFFFF;
	g->selector = GDT_KCODE;
	g->ist = ist;
	g->type = type;
	g->offset_mid = (entry >> 16) & 0xFFFF;
	g->offset_high = entry >> 32;
	g->reserved = 0;
}

void
idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)idt,
	};

	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void
idt_init(void)
{
	for (unsigned v = 0; v < T_VECTORS; v++) {
		uint8_t ist = 0;
		uint8_t type = GATE_INTERRUPT;

		if (v == T_DF) {
			ist = IST_DF;
		} else if (v == T_NMI) {
			ist = IST_NMI;
		} else if (v == T_MC) {
			ist = IST_MC;
		}
		/* int3 and into stay usable by user programs (debuggers). */
		if (v == T_BP || v == T_OF) {
			type |= GATE_DPL3;
		}
		idt_set_gate(v, trap_stub_table[v], ist, type);
	}
	idt_load();
}
