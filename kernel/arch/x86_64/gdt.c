/*
 * Per-CPU GDT and TSS (layout and selectors in arch/gdt.h).
 *
 * gdt_init_cpu() is run once by every CPU on its own struct cpu: the boot
 * CPU from kmain(), each application processor from its start-up path
 * right after percpu_init_cpu().
 */
#include <stdbool.h>
#include <arch/gdt.h>
#include <arch/iobitmap.h>
#include <arch/paging.h>
#include <arch/percpu.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/string.h>

/* Access bytes: present, DPL, code/data, type. */
#define ACC_KCODE 0x9A /* DPL 0, execute/read */
#define ACC_KDATA 0x92 /* DPL 0, read/write */
#define ACC_UCODE 0xFA /* DPL 3, execute/read */
#define ACC_UDATA 0xF2 /* DPL 3, read/write */
#define ACC_TSS 0x89   /* DPL 0, available 64-bit TSS */
/* Flags nibble: granularity 4 KiB, then L (64-bit code) or D/B (32-bit). */
#define FLAGS_LONG 0xA
#define FLAGS_32 0xC

#define IST_COUNT 3
/* Application processors whose IST stacks can come from the static
 * reserve while kstack_alloc() cannot supply them. */
#define IST_RESERVE_CPUS 7

typedef uint8_t ist_stack_t[IST_STACK_SIZE] __attribute__((aligned(16)));

static ist_stack_t bsp_ist[IST_COUNT];
static ist_stack_t ist_reserve[IST_RESERVE_CPUS][IST_COUNT];
static unsigned ist_reserve_used;

/* A code or data descriptor; base 0 and the full limit, as long mode
 * ignores both for everything but the TSS. */
static uint64_t
gdt_segment(uint8_t access, uint8_t flags)
{
	uint64_t limit = 0xFFFFF;

	return (limit & 0xFFFF) | ((uint64_t)access << 40) | (((limit >> 16) & 0xF) << 48) |
	    ((uint64_t)flags << 52);
}

/* The two slots of a 64-bit TSS descriptor (SDM vol. 3, 8.2.3); the limit
 * takes in the I/O bitmap after the TSS and its terminating byte. */
static void
gdt_tss_descriptor(uint64_t *slot, const struct cpu *c)
{
	uint64_t base = (uint64_t)&c->c_tss;
	uint64_t limit = IOMAP_TSS_OFFSET + IOMAP_BYTES;

	slot[0] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | ((uint64_t)ACC_TSS << 40) |
	    (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	slot[1] = base >> 32;
}

/* Three guarded stacks from kstack_alloc(), all or none. */
static bool
gdt_ist_alloc(void *top[IST_COUNT])
{
	int i;

	for (i = 0; i < IST_COUNT; i++) {
		top[i] = kstack_alloc(IST_STACK_SIZE);
		if (top[i] == NULL) {
			goto fail;
		}
	}
	return true;

fail:
	while (--i >= 0) {
		kstack_free(top[i], IST_STACK_SIZE);
	}
	return false;
}

/*
 * Gives c its three IST stacks unless its creator already did: the boot
 * CPU's are static (it gets here before the memory manager is up); the
 * others come from kstack_alloc(), with guard pages, or else from a small
 * static reserve.
 */
static void
gdt_ist_stacks(struct cpu *c)
{
	void *top[IST_COUNT];

	if (c->c_ist_df != NULL && c->c_ist_nmi != NULL && c->c_ist_mc != NULL) {
		return;
	}
	if (c->c_id == 0) {
		for (int i = 0; i < IST_COUNT; i++) {
			top[i] = bsp_ist[i] + IST_STACK_SIZE;
		}
	} else if (!gdt_ist_alloc(top)) {
		unsigned slot = __atomic_fetch_add(&ist_reserve_used, 1, __ATOMIC_RELAXED);
		if (slot >= IST_RESERVE_CPUS) {
			panic("gdt: cpu %u: no memory for its interrupt stacks "
			      "(kstack_alloc failed, static reserve of %u used up)",
			    c->c_id, IST_RESERVE_CPUS);
		}
		pr_debug("gdt: cpu %u: interrupt stacks from the static reserve\n", c->c_id);
		for (int i = 0; i < IST_COUNT; i++) {
			top[i] = ist_reserve[slot][i] + IST_STACK_SIZE;
		}
	}
	c->c_ist_df = top[0];
	c->c_ist_nmi = top[1];
	c->c_ist_mc = top[2];
}

/* Loads the GDT, reloads CS with a far return and the data segments with
 * the kernel data selector, then loads the task register. */
static void
gdt_load(struct cpu *c)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = {
		.limit = sizeof(c->c_gdt) - 1,
		.base = (uint64_t)c->c_gdt,
	};

	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	__asm__ volatile("pushq %[cs]\n\t"
	                 "leaq 1f(%%rip), %%rax\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 "1:\n\t"
	                 "movl %[ds], %%eax\n\t"
	                 "movl %%eax, %%ds\n\t"
	                 "movl %%eax, %%es\n\t"
	                 "movl %%eax, %%ss"
	                 :
	                 : [cs] "i"(GDT_KCODE), [ds] "i"(GDT_KDATA)
	                 : "rax", "memory");
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)GDT_TSS) : "memory");
}

void
gdt_init_cpu(struct cpu *c)
{
	_Static_assert(sizeof(c->c_gdt) / sizeof(c->c_gdt[0]) == GDT_TSS / 8 + 2,
	    "the TSS descriptor must be the GDT's last two slots");

	gdt_ist_stacks(c);
	memset(&c->c_tss, 0, sizeof(c->c_tss));
	c->c_tss.ist[IST_DF - 1] = (uint64_t)c->c_ist_df;
	c->c_tss.ist[IST_NMI - 1] = (uint64_t)c->c_ist_nmi;
	c->c_tss.ist[IST_MC - 1] = (uint64_t)c->c_ist_mc;
	/* No port for ring 3 until a process with ports is switched in: the
	 * bitmap's base points past the TSS's limit. */
	c->c_tss.iomap_base = IOMAP_TSS_NONE;
	memset(c->c_iomap, 0xff, sizeof(c->c_iomap));
	c->c_iomap_owner = IOMAP_OWNER_NONE;

	c->c_gdt[0] = 0;
	c->c_gdt[GDT_KCODE / 8] = gdt_segment(ACC_KCODE, FLAGS_LONG);
	c->c_gdt[GDT_KDATA / 8] = gdt_segment(ACC_KDATA, FLAGS_32);
	c->c_gdt[GDT_UCODE32 / 8] = gdt_segment(ACC_UCODE, FLAGS_32);
	c->c_gdt[GDT_UDATA / 8] = gdt_segment(ACC_UDATA, FLAGS_32);
	c->c_gdt[GDT_UCODE / 8] = gdt_segment(ACC_UCODE, FLAGS_LONG);
	gdt_tss_descriptor(&c->c_gdt[GDT_TSS / 8], c);
	gdt_load(c);
}
