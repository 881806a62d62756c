/*
 * The kernel's page tables (see arch/paging.h and arch/pte.h).
 *
 * paging_init() builds a new PML4 while still running on the boot tables:
 * the direct map of the first MiB and of every memory-map range (write-back, non-executable,
 * with the largest pages alignment allows), the kernel image with per-
 * section rights, and an empty PDPT for the kernel virtual area.  It then
 * turns on EFER.NXE, loads the new tables (dropping the boot identity map),
 * and turns on CR0.WP and CR4.PGE.  Every table it allocates lies below
 * 4 GiB, since the boot direct map reaches no further.
 *
 * Application processors: these tables have no identity map and use NX
 * bits, so an AP's start-up code must turn on EFER.NXE before it loads
 * paging_kernel_cr3(), and enter 64-bit mode through tables of its own that
 * add an identity mapping of its trampoline page to the kernel's PML4 slots
 * 256-511.
 *
 * Entry points: paging_init, paging_map, paging_walk, paging_ready,
 * vm_query, paging_kernel_cr3.  vm_map_mmio and the kernel stacks live in
 * kva.c.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/pte.h>
#include <kern/bootinfo.h>
#include <kern/frame.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/rangeset.h>
#include <kern/spinlock.h>

#define CR0_WP (1ULL << 16)
#define CR4_PGE (1ULL << 7)
#define CPUID_1_EDX_PGE (1u << 13)
#define CPUID_80000001_EDX_NX (1u << 20)
#define CPUID_80000001_EDX_PDPE1GB (1u << 26)
#define DIRECT_MAP_SIZE (KVA_BASE - PHYS_MAP_BASE)

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];
extern char boot_pml4[];

static struct spinlock pt_lock = SPINLOCK_INIT("page tables");
static uint64_t *kernel_pml4; /* direct-map address */
static uint64_t kernel_pml4_phys;
static uint64_t nx_bit; /* PTE_NX, or 0 without NX support */
static bool ready;
static struct rangeset dm_ranges; /* paging_init only */

struct descriptor_table_reg {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* A zeroed page-table frame.  Until the new tables are live it must be
 * below 4 GiB, where the boot direct map lets us write it. */
static uint64_t
alloc_table(void)
{
	return frame_alloc(0, FRAME_ZERO | (ready ? 0 : FRAME_BELOW_4G));
}

/* The slot for va at level in the kernel tables, creating the tables above
 * it; NULL when out of frames or a large page is in the way. */
static uint64_t *
slot_create(uint64_t va, unsigned level)
{
	uint64_t *table = kernel_pml4;

	for (unsigned l = 4; l > level; l--) {
		uint64_t *e = &table[pte_index(va, l)];

		if ((*e & PTE_P) == 0) {
			uint64_t t = alloc_table();

			if (t == 0) {
				return NULL;
			}
			*e = t | PTE_P | PTE_W;
		} else if ((*e & PTE_PS) != 0) {
			return NULL;
		}
		table = pte_table(*e);
	}
	return &table[pte_index(va, level)];
}

/* Each step maps the largest page that va, pa and the remaining size allow.
 * Only empty slots are filled, so no TLB entry can be stale and no flush
 * is needed (the SDM lets a not-present entry become present without one). */
int
paging_map(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, unsigned max_level)
{
	int err = 0;
	bool irq;

	irq = spin_lock_irqsave(&pt_lock);
	while (size > 0) {
		unsigned level = max_level;
		uint64_t step, *e;

		while (level > 1) {
			step = pte_level_size(level);
			if (((va | pa) & (step - 1)) == 0 && size >= step) {
				break;
			}
			level--;
		}
		step = pte_level_size(level);
		e = slot_create(va, level);
		if (e == NULL || (*e & PTE_P) != 0) {
			err = -1;
			break;
		}
		*e = pa | flags | (level > 1 ? PTE_PS : 0);
		va += step;
		pa += step;
		size -= step;
	}
	spin_unlock_irqrestore(&pt_lock, irq);
	return err;
}

uint64_t *
paging_walk(uint64_t va, unsigned *level)
{
	uint64_t *table = phys_to_virt(read_cr3() & PTE_ADDR);

	for (unsigned l = 4; l >= 1; l--) {
		uint64_t *e = &table[pte_index(va, l)];

		if ((*e & PTE_P) == 0) {
			return NULL;
		}
		if (l == 1 || (l <= 3 && (*e & PTE_PS) != 0)) {
			*level = l;
			return e;
		}
		table = pte_table(*e);
	}
	return NULL;
}

/* Write access needs W at every level (or CR0.WP off); execution is
 * refused by NX at any level (when EFER.NXE is on). */
unsigned
vm_query(const void *va, uint64_t *phys)
{
	uint64_t *table = phys_to_virt(read_cr3() & PTE_ADDR);
	uint64_t v = (uint64_t)va, all_w = PTE_W, any_nx = 0;
	unsigned flags = VM_PRESENT;

	for (unsigned l = 4; l >= 1; l--) {
		uint64_t e = table[pte_index(v, l)];

		if ((e & PTE_P) == 0) {
			return 0;
		}
		all_w &= e;
		any_nx |= e & PTE_NX;
		if (l == 1 || (l <= 3 && (e & PTE_PS) != 0)) {
			if (phys != NULL) {
				*phys = pte_leaf_phys(e, l, v);
			}
			flags |= (e & PTE_PCD) != 0 ? VM_UNCACHED : 0;
			flags |= (e & PTE_U) != 0 ? VM_USER : 0;
			break;
		}
		table = pte_table(e);
	}
	if (all_w != 0 || (read_cr0() & CR0_WP) == 0) {
		flags |= VM_WRITE;
	}
	if (any_nx == 0 || (rdmsr(MSR_EFER) & EFER_NXE) == 0) {
		flags |= VM_EXEC;
	}
	return flags;
}

bool
paging_ready(void)
{
	return ready;
}

/* Before paging_init the boot tables are the kernel's; both lie below
 * 4 GiB (the boot PML4 is in the image's bss). */
uint64_t
paging_kernel_cr3(void)
{
	return ready ? kernel_pml4_phys : virt_to_phys(boot_pml4);
}

/* Used only while building the tables at boot, where failing to map the
 * kernel or its direct map leaves nothing to run on. */
static void
map_or_panic(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, unsigned max_level)
{
	if (paging_map(va, pa, size, flags, max_level) != 0) {
		panic("paging: cannot map %#lx+%#lx at %#lx (out of frames below 4 GiB?)", pa, size,
		    va);
	}
}

/* Maps every memory-map range, of any type, at PHYS_MAP_BASE; returns the
 * bytes mapped.  The ranges are widened to whole pages and merged first,
 * so overlapping entries map once and large pages can span neighbours. */
static uint64_t
map_direct(unsigned max_level)
{
	struct rangeset *set = &dm_ranges;

	rangeset_init(set);
	/* The first MiB always: firmware maps leave parts of it out (QEMU omits
	 * 0xE0000-0xEFFFF), yet the ACPI RSDP search and the EBDA live there. */
	rangeset_add(set, 0, 0x100000);
	for (unsigned i = 0; i < boot_info.mmap_count; i++) {
		const struct mem_range *r = &boot_info.mmap[i];
		uint64_t base = r->base & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t end = r->length > DIRECT_MAP_SIZE - r->base ?
		    DIRECT_MAP_SIZE :
		    (r->base + r->length + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);

		if (r->base >= DIRECT_MAP_SIZE) {
			pr_warn("paging: range at %#lx is beyond the direct map\n", r->base);
			continue;
		}
		if (rangeset_add(set, base, end) != 0) {
			pr_warn("paging: too many ranges, %#lx not direct-mapped\n", r->base);
		}
	}
	for (unsigned i = 0; i < set->rs_count; i++) {
		const struct range *r = &set->rs_r[i];

		map_or_panic(PHYS_MAP_BASE + r->base, r->base, r->end - r->base,
		    PTE_P | PTE_W | PTE_G | nx_bit, max_level);
	}
	return rangeset_total(set);
}

/* Maps [start, end) of the image at its link address with the given rights. */
static void
map_image(const char *start, const char *end, uint64_t flags)
{
	uint64_t va = (uint64_t)start;

	map_or_panic(va, va - KERNEL_VMA, (uint64_t)(end - start), PTE_P | PTE_G | flags, 1);
}

/* Moves the GDT and IDT registers off identity-mapped addresses, which the
 * new tables no longer have, onto the same bytes in the direct map. */
static void
rebase_descriptor_tables(void)
{
	struct descriptor_table_reg r;

	__asm__ volatile("sgdt %0" : "=m"(r));
	if (r.base < PHYS_MAP_BASE) {
		r.base += PHYS_MAP_BASE;
		__asm__ volatile("lgdt %0" : : "m"(r));
	}
	__asm__ volatile("sidt %0" : "=m"(r));
	if (r.base < PHYS_MAP_BASE) {
		r.base += PHYS_MAP_BASE;
		__asm__ volatile("lidt %0" : : "m"(r));
	}
}

void
paging_init(void)
{
	uint32_t a, b, c, d, ext_d = 0;
	unsigned max_level;
	uint64_t mapped, kva_pdpt;

	/* NX and 1 GiB pages are both in CPUID 0x80000001 EDX. */
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000001) {
		cpuid(0x80000001, 0, &a, &b, &c, &ext_d);
	}
	nx_bit = (ext_d & CPUID_80000001_EDX_NX) != 0 ? PTE_NX : 0;
	max_level = (ext_d & CPUID_80000001_EDX_PDPE1GB) != 0 ? 3 : 2;
	if (nx_bit == 0) {
		pr_warn("paging: the CPU has no NX bit; data stays executable\n");
	}

	/* The KVA area is exactly one PML4 slot; its PDPT exists from the
	 * start so that the slot never changes (see arch/pte.h). */
	kernel_pml4_phys = alloc_table();
	kva_pdpt = alloc_table();
	if (kernel_pml4_phys == 0 || kva_pdpt == 0) {
		panic("paging: no frame below 4 GiB for the kernel page tables");
	}
	kernel_pml4 = phys_to_virt(kernel_pml4_phys);
	kernel_pml4[pte_index(KVA_BASE, 4)] = kva_pdpt | PTE_P | PTE_W;

	mapped = map_direct(max_level);
	map_image(__text_start, __text_end, 0);
	map_image(__rodata_start, __rodata_end, nx_bit);
	map_image(__data_start, __data_end, PTE_W | nx_bit);

	/* NX is a reserved bit, and faults, until EFER.NXE is on; the boot
	 * tables have no NX bits, so turning it on first is harmless. */
	if (nx_bit != 0) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	}
	rebase_descriptor_tables();
	write_cr3(kernel_pml4_phys);
	__asm__ volatile("mov %0, %%cr0" : : "r"(read_cr0() | CR0_WP) : "memory");
	/* Global kernel pages survive the CR3 loads of address-space switches. */
	cpuid(1, 0, &a, &b, &c, &d);
	if ((d & CPUID_1_EDX_PGE) != 0) {
		write_cr4(read_cr4() | CR4_PGE);
	}
	ready = true;
	pr_info("paging: direct map %lu GiB with %s pages, kernel text RX, data NX\n",
	    (mapped + (1UL << 30) - 1) >> 30, max_level == 3 ? "1G" : "2M");
}
