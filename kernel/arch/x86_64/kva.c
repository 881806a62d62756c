/*
 * The kernel virtual area (KVA_BASE, 512 GiB): device mappings in its lower
 * half, kernel stacks in its upper half.
 *
 * MMIO: a bump allocator; mappings are never removed, and each one is
 * followed by an unmapped page so that an overrun faults.
 *
 * Stacks: fixed slots of KSTACK_SLOT bytes, each stack at the top of its
 * slot, so everything below it in the slot (at least one page) is an
 * unmapped guard.  A freed stack keeps its frames and mapping and waits on
 * a free list for the next request of the same size.  Its translations
 * therefore never change, and no other CPU can hold a stale TLB entry for
 * it: no TLB shootdown is ever needed.  The price is that stack memory
 * returns to the frame allocator never; the pool only grows to the peak
 * number of stacks alive at once.
 *
 * kstack_cached_frames() tells how much the pool keeps, so that leak checks
 * can count it as free.
 *
 * Entry points: vm_map_mmio, kstack_alloc, kstack_free, kstack_cached_frames.
 */
#include <stdbool.h>
#include <stdint.h>
#include <arch/memlayout.h>
#include <arch/paging.h>
#include <arch/pte.h>
#include <kern/frame.h>
#include <kern/log.h>
#include <kern/panic.h>
#include <kern/spinlock.h>

#define MMIO_BASE KVA_BASE
#define MMIO_END (KVA_BASE + KVA_SIZE / 2)
#define STACK_BASE MMIO_END
#define KSTACK_SLOT (256 * 1024ULL)
#define KSTACK_SLOTS 8192 /* 2 GiB of the area */
#define KSTACK_MAX_PAGES (KSTACK_SLOT / PAGE_SIZE - 1)
#define NIL 0xffff
#define LARGE_PAGE (2ULL << 20)
#define MAX_PHYS (1ULL << 52) /* the architectural limit */

#define MMIO_FLAGS (PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_G | PTE_NX)
#define STACK_FLAGS (PTE_P | PTE_W | PTE_G | PTE_NX)

enum slot_state {
	SLOT_FRESH,  /* never mapped */
	SLOT_USED,   /* a live stack */
	SLOT_CACHED, /* a freed stack, still mapped */
};

struct kstack_slot {
	uint16_t ks_pages; /* pages mapped at the top of the slot */
	uint16_t ks_next;  /* next slot on its list, or NIL */
	uint8_t ks_state;  /* enum slot_state */
};

/* kva_lock guards everything below. */
static struct spinlock kva_lock = SPINLOCK_INIT("kva");
static uint64_t mmio_next = MMIO_BASE;
static struct kstack_slot slots[KSTACK_SLOTS];
static unsigned slots_bumped;      /* slots [slots_bumped, MAX) untouched */
static uint16_t cached_list = NIL; /* SLOT_CACHED slots */
static uint16_t fresh_list = NIL;  /* SLOT_FRESH slots given back */
static uint64_t cached_pages;      /* pages of SLOT_CACHED slots */

/* Which 2 MiB and 1 GiB pieces of the stack area have page tables: each
 * first mapping in one costs a page table (and a directory). */
#define SLOTS_PER_PT (LARGE_PAGE / KSTACK_SLOT)
#define SLOTS_PER_PD ((1ULL << 30) / KSTACK_SLOT)
static uint8_t pt_made[KSTACK_SLOTS / SLOTS_PER_PT];
static uint8_t pd_made[(KSTACK_SLOTS + SLOTS_PER_PD - 1) / SLOTS_PER_PD];
static uint64_t table_pages;

void *
vm_map_mmio(uint64_t phys, size_t size)
{
	uint64_t pa = phys & ~(uint64_t)(PAGE_SIZE - 1), len, va;
	unsigned level = 1;
	bool irq;

	if (!paging_ready() || size == 0 || phys + size < phys || phys + size > MAX_PHYS) {
		pr_err("vm_map_mmio(%#lx, %#zx): %s\n", phys, size,
		    paging_ready() ? "bad range" : "called before paging_init");
		return NULL;
	}
	/* Big, aligned regions (framebuffers, large BARs) get 2 MiB pages. */
	len = ((phys + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1)) - pa;
	if (len >= LARGE_PAGE && (pa & (LARGE_PAGE - 1)) == 0) {
		level = 2;
	}

	irq = spin_lock_irqsave(&kva_lock);
	va = mmio_next;
	if (level == 2) {
		va = (va + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);
	}
	/* Room for the mapping and its guard page after it. */
	if (va >= MMIO_END || len >= MMIO_END - va) {
		spin_unlock_irqrestore(&kva_lock, irq);
		pr_err("vm_map_mmio(%#lx, %#zx): kernel virtual area full\n", phys, size);
		return NULL;
	}
	mmio_next = va + len + PAGE_SIZE;
	spin_unlock_irqrestore(&kva_lock, irq);

	if (paging_map(va, pa, len, MMIO_FLAGS, level) != 0) {
		pr_err("vm_map_mmio(%#lx, %#zx): out of frames for page tables\n", phys, size);
		return NULL;
	}
	return (void *)(va + (phys - pa));
}

/* The top (exclusive) of slot i: where its stack starts growing down. */
static uint64_t
slot_top(unsigned i)
{
	return STACK_BASE + (uint64_t)(i + 1) * KSTACK_SLOT;
}

/* Takes a cached stack of exactly pages pages, or NIL. */
static unsigned
take_cached(unsigned pages)
{
	for (uint16_t *link = &cached_list; *link != NIL; link = &slots[*link].ks_next) {
		unsigned i = *link;

		if (slots[i].ks_pages == pages) {
			*link = slots[i].ks_next;
			slots[i].ks_state = SLOT_USED;
			cached_pages -= pages;
			return i;
		}
	}
	return NIL;
}

/* Counts the page tables the first mapping in slot i's 2 MiB and 1 GiB
 * pieces allocated (nothing else maps in the stack area). */
static void
count_tables(unsigned i)
{
	bool irq = spin_lock_irqsave(&kva_lock);

	if (!pt_made[i / SLOTS_PER_PT]) {
		pt_made[i / SLOTS_PER_PT] = 1;
		table_pages++;
	}
	if (!pd_made[i / SLOTS_PER_PD]) {
		pd_made[i / SLOTS_PER_PD] = 1;
		table_pages++;
	}
	spin_unlock_irqrestore(&kva_lock, irq);
}

/* Maps fresh frames at the top of slot i; on failure nothing stays mapped
 * or allocated.  The slot's pages share one page table (slots are 256 KiB
 * aligned), so only the first mapping can need a new table and fail. */
static int
populate(unsigned i, unsigned pages)
{
	uint64_t bottom = slot_top(i) - (uint64_t)pages * PAGE_SIZE;
	uint64_t frames[KSTACK_MAX_PAGES] = { 0 };
	unsigned got;

	for (got = 0; got < pages; got++) {
		frames[got] = frame_alloc(0, 0);
		if (frames[got] == 0) {
			goto fail;
		}
	}
	if (paging_map(bottom, frames[0], PAGE_SIZE, STACK_FLAGS, 1) != 0) {
		goto fail;
	}
	count_tables(i);
	for (unsigned p = 1; p < pages; p++) {
		int err = paging_map(bottom + p * PAGE_SIZE, frames[p], PAGE_SIZE, STACK_FLAGS, 1);

		KASSERT(err == 0);
	}
	return 0;

fail:
	while (got > 0) {
		frame_free(frames[--got], 0);
	}
	return -1;
}

void *
kstack_alloc(size_t size)
{
	unsigned pages = (unsigned)(size / PAGE_SIZE), i;
	bool irq;

	if (!paging_ready() || size == 0 || size % PAGE_SIZE != 0 ||
	    size / PAGE_SIZE > KSTACK_MAX_PAGES) {
		pr_err("kstack_alloc(%#zx): bad size or called before paging_init\n", size);
		return NULL;
	}
	/* A cached stack of the right size first, then a never-mapped slot;
	 * mapping happens outside the lock, on a slot marked used. */
	irq = spin_lock_irqsave(&kva_lock);
	i = take_cached(pages);
	if (i == NIL) {
		if (fresh_list != NIL) {
			i = fresh_list;
			fresh_list = slots[i].ks_next;
		} else if (slots_bumped < KSTACK_SLOTS) {
			i = slots_bumped++;
		}
		if (i != NIL) {
			slots[i].ks_state = SLOT_USED;
			slots[i].ks_pages = (uint16_t)pages;
		}
	} else {
		spin_unlock_irqrestore(&kva_lock, irq);
		return (void *)slot_top(i);
	}
	spin_unlock_irqrestore(&kva_lock, irq);
	if (i == NIL) {
		pr_err("kstack_alloc: all %u stack slots in use\n", KSTACK_SLOTS);
		return NULL;
	}
	if (populate(i, pages) != 0) {
		irq = spin_lock_irqsave(&kva_lock);
		slots[i].ks_state = SLOT_FRESH;
		slots[i].ks_next = fresh_list;
		fresh_list = (uint16_t)i;
		spin_unlock_irqrestore(&kva_lock, irq);
		return NULL;
	}
	return (void *)slot_top(i);
}

void
kstack_free(void *top, size_t size)
{
	uint64_t t = (uint64_t)top;
	unsigned i;
	bool irq;

	if (t <= STACK_BASE || (t - STACK_BASE) % KSTACK_SLOT != 0 ||
	    (t - STACK_BASE) / KSTACK_SLOT > KSTACK_SLOTS) {
		panic("kstack_free(%p, %#zx): not a kernel stack", top, size);
	}
	i = (unsigned)((t - STACK_BASE) / KSTACK_SLOT) - 1;
	irq = spin_lock_irqsave(&kva_lock);
	if (slots[i].ks_state != SLOT_USED || slots[i].ks_pages * PAGE_SIZE != size) {
		spin_unlock_irqrestore(&kva_lock, irq);
		panic("kstack_free(%p, %#zx): slot %u is %s with %u pages", top, size, i,
		    slots[i].ks_state == SLOT_USED ? "in use" : "free",
		    (unsigned)slots[i].ks_pages);
	}
	slots[i].ks_state = SLOT_CACHED;
	cached_pages += slots[i].ks_pages;
	slots[i].ks_next = cached_list;
	cached_list = (uint16_t)i;
	spin_unlock_irqrestore(&kva_lock, irq);
}

uint64_t
kstack_cached_frames(void)
{
	bool irq = spin_lock_irqsave(&kva_lock);
	uint64_t n = cached_pages + table_pages;

	spin_unlock_irqrestore(&kva_lock, irq);
	return n;
}
